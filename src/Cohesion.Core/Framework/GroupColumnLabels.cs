namespace Cohesion.Framework;

/// <summary>Grouping columns in words, for headings and chart titles ("naar opleidingsniveau", not "naar education3").</summary>
public static class GroupColumnLabels
{
    private static readonly Dictionary<string, (string Nl, string En)> Known = new(StringComparer.Ordinal)
    {
        ["education3"] = ("opleidingsniveau", "level of education"),
        ["education"] = ("opleiding", "education"),
        ["origin7"] = ("herkomst en generatie", "origin and generation"),
        ["origin"] = ("herkomst", "origin"),
        ["generation"] = ("migratieachtergrond", "migration background"),
        ["age_group"] = ("leeftijdsgroep", "age group"),
        ["sex"] = ("geslacht", "sex"),
        ["cntry"] = ("land", "country"),
        ["ethnicity"] = ("etniciteit", "ethnicity"),
    };

    /// <summary>The Dutch and English words for a grouping column; an unknown column keeps its name.</summary>
    public static (string Nl, string En) Of(string column) => Known.TryGetValue(column, out var l) ? l : (column, column);

    /// <summary>The words for a grouping column in one language ("en", else Dutch).</summary>
    public static string Of(string column, string language) => language == "en" ? Of(column).En : Of(column).Nl;

    /// <summary>One language's half of a bilingual label "nl / en" (a label without " / " is returned as it is).</summary>
    public static string Half(string label, string language)
    {
        int at = label.IndexOf(" / ", StringComparison.Ordinal);
        if (at < 0) return label;
        return language == "en" ? label[(at + 3)..] : label[..at];
    }
}
