using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Neighbourhoods;

/// <summary>The regional level of a row in a CBS key-figures table (by code prefix NL/GM/WK/BU).</summary>
public enum RegionLevel { Land, Gemeente, Wijk, Buurt }

/// <summary>A CBS key-figures (KWB) table reduced to one regional level, with short standard column names added.</summary>
public sealed record KwbTable(DataFrame Frame, RegionLevel Level, IReadOnlyList<string> Notes);

/// <summary>
/// Recognises a CBS <i>Kerncijfers wijken en buurten</i> export (StatLine table 84583NED and its yearly siblings;
/// R-mangled labels such as <c>Regioaanduiding.Codering..code.</c> or OData keys such as <c>Codering_3</c>) and
/// adds standard columns: <c>code</c> (trimmed), <c>name</c>, <c>level</c>, <c>gemeente</c> (GM code),
/// <c>wijk</c> (WK code, for wijk and buurt rows), the migration-background counts <c>dutch</c> (derived: total −
/// Western − non-Western), <c>western</c>, <c>morocco</c>, <c>antilles</c>, <c>suriname</c>, <c>turkey</c>,
/// <c>other_nonwestern</c>, <c>nonwestern</c>, and SES/housing columns (<c>woz</c>, <c>income_per_recipient</c>,
/// <c>low_income_households</c>, <c>owner_share</c>, <c>rental_share</c>, <c>corporation_share</c>, …) where present.
/// </summary>
public static class KwbKeyFigures
{
    /// <summary>The origin groups in the order used by default (dissimilarity compares the first, Dutch
    /// background, with all groups with a migration background).</summary>
    public static readonly string[] OriginGroups = ["dutch", "western", "morocco", "antilles", "suriname", "turkey", "other_nonwestern"];

    /// <summary>Standard column → required fragments of the normalised source name (lower-case letters and
    /// digits only), and fragments that must not occur.</summary>
    private static readonly (string Name, string[] Need, string[] Not)[] Map =
    [
        ("population", ["aantalinwoners"], ["tussen", "percentage"]),
        ("western", ["westerstotaal"], ["nietwesters"]),
        ("nonwestern", ["nietwesterstotaal"], []),
        ("morocco", ["marokko"], []),
        ("antilles", ["antillen"], []),
        ("suriname", ["suriname"], []),
        ("turkey", ["turkije"], []),
        ("other_nonwestern", ["overignietwesters"], []),
        ("households", ["huishoudenstotaal"], []),
        ("single_person_households", ["eenpersoonshuishoudens"], []),
        ("household_size", ["gemiddeldehuishoudensgrootte"], []),
        ("density", ["bevolkingsdichtheid"], []),
        ("dwellings", ["woningvoorraad"], []),
        ("woz", ["wozwaarde"], []),
        ("owner_share", ["koopwoningen"], []),
        ("rental_share", ["huurwoningentotaal"], []),
        ("corporation_share", ["inbezitwoningcorporatie"], []),
        ("other_landlord_share", ["inbezitoverigeverhuurders"], []),
        ("built_after_2000_share", ["bouwjaarvanaf2000"], []),
        ("education_low", ["opleidingsniveaulaag"], []),
        ("education_middle", ["opleidingsniveaumiddelbaar"], []),
        ("education_high", ["opleidingsniveauhoog"], []),
        ("income_per_recipient", ["inkomenperinkomensontvanger"], []),
        ("income_per_inhabitant", ["inkomenperinwoner"], []),
        ("low_income_households", ["huishoudensmeteenlaaginkomen"], []),
        ("social_minimum_households", ["onderofrondsociaalminimum"], []),
        ("social_assistance", ["bijstand"], []),
        ("urbanity", ["matevanstedelijkheid"], []),
        ("moves_in", ["vestiging"], ["bedrijf"]),
        ("moves_out", ["vertrek"], []),
    ];

    public static string NormaliseName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name.ToLowerInvariant())
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(ch);
        return sb.ToString();
    }

    private static string? Find(DataFrame frame, string[] need, string[] not)
    {
        foreach (var c in frame.Columns)
        {
            var n = NormaliseName(c.Name);
            if (need.All(n.Contains) && !not.Any(n.Contains)) return c.Name;
        }
        return null;
    }

    private static string? CodeColumn(DataFrame frame) =>
        Find(frame, ["codering"], ["indelingswijziging"]) ?? (frame.Contains("WijkenEnBuurten") ? "WijkenEnBuurten" : null);

    /// <summary>True when the frame looks like a KWB export: a region code column and the migration-background counts.</summary>
    public static bool IsKwb(DataFrame frame) =>
        CodeColumn(frame) is not null && Find(frame, ["westerstotaal"], ["nietwesters"]) is not null
        && Find(frame, ["nietwesterstotaal"], []) is not null && Find(frame, ["aantalinwoners"], ["tussen", "percentage"]) is not null;

    public static RegionLevel? LevelOfCode(string code) =>
        code.Length < 2 ? null : code[..2].ToUpperInvariant() switch
        {
            "BU" => RegionLevel.Buurt, "WK" => RegionLevel.Wijk, "GM" => RegionLevel.Gemeente, "NL" => RegionLevel.Land, _ => null
        };

    /// <summary>The WK code of a buurt (BUggggwwbb → WKggggww) or wijk code; null otherwise.</summary>
    public static string? WijkOf(string code) => LevelOfCode(code) switch
    {
        RegionLevel.Buurt when code.Length >= 8 => "WK" + code[2..8],
        RegionLevel.Wijk => code,
        _ => null
    };

    /// <summary>The GM code of a buurt, wijk or gemeente code; null for the country.</summary>
    public static string? GemeenteOf(string code) => LevelOfCode(code) switch
    {
        RegionLevel.Buurt or RegionLevel.Wijk or RegionLevel.Gemeente when code.Length >= 6 => "GM" + code[2..6],
        _ => null
    };

    public static KwbTable Load(string path, RegionLevel level = RegionLevel.Buurt) =>
        Normalise(Data.DatasetLoader.Load(path), level);

    /// <summary>Keeps the rows of <paramref name="level"/> and adds the standard columns.</summary>
    public static KwbTable Normalise(DataFrame frame, RegionLevel level = RegionLevel.Buurt)
    {
        var codeName = CodeColumn(frame) ?? throw new CohesionException("not a CBS key-figures table: no region code column (e.g. 'Codering')", frame.Source);
        var codeCol = frame[codeName];
        var rows = new List<int>();
        var codes = new List<string>();
        for (int r = 0; r < frame.RowCount; r++)
        {
            if (codeCol.IsMissing(r)) continue;
            var code = codeCol.Format(r).Trim();
            if (LevelOfCode(code) == level) { rows.Add(r); codes.Add(code); }
        }
        if (rows.Count == 0) throw new CohesionException($"no {level.ToString().ToLowerInvariant()} rows (codes starting with {Prefix(level)})", frame.Source, codeName);
        var sub = frame.Select(rows.ToArray());
        var notes = new List<string>();
        var added = new List<Column>
        {
            CategoricalColumn.FromStrings("code", codes),
            CategoricalColumn.FromStrings("level", codes.Select(_ => level.ToString().ToLowerInvariant()).ToArray()),
            CategoricalColumn.FromStrings("gemeente", codes.Select(GemeenteOf).ToArray()),
        };
        if (level is RegionLevel.Buurt or RegionLevel.Wijk) added.Add(CategoricalColumn.FromStrings("wijk", codes.Select(WijkOf).ToArray()));
        var nameCol = Find(sub, ["wijkenenbuurten"], []);
        if (nameCol is not null && nameCol != codeName)
            added.Add(CategoricalColumn.FromStrings("name", Enumerable.Range(0, sub.RowCount).Select(r => sub[nameCol].IsMissing(r) ? null : sub[nameCol].Format(r).Trim()).ToArray()));
        foreach (var (name, need, not) in Map)
        {
            var src = Find(sub, need, not);
            if (src is null || sub.Contains(name)) continue;
            if (sub[src] is NumericColumn n) added.Add(new NumericColumn(name, n.Values, label: src));
        }
        var byName = added.ToDictionary(c => c.Name);
        if (byName.TryGetValue("population", out var pc) && byName.TryGetValue("western", out var wc) && byName.TryGetValue("nonwestern", out var nc))
        {
            var pop = ((NumericColumn)pc).Values; var w = ((NumericColumn)wc).Values; var nw = ((NumericColumn)nc).Values;
            var dutch = new double[sub.RowCount];
            var clamped = new List<string>();
            for (int r = 0; r < dutch.Length; r++)
            {
                dutch[r] = pop[r] - w[r] - nw[r];
                if (dutch[r] < 0) { clamped.Add(codes[r]); dutch[r] = 0; }
            }
            if (clamped.Count > 0)
                notes.Add($"Dutch background = total − Western − non-Western was negative (CBS rounds to 5) and set to 0 in {clamped.Count} area(s): {string.Join(", ", clamped.Take(10))}");
            added.Add(new NumericColumn("dutch", dutch, label: "derived: population − western − nonwestern"));
        }
        foreach (var c in added)
            if (!sub.Contains(c.Name)) sub.Add(c);
        return new KwbTable(sub, level, notes);
    }

    private static string Prefix(RegionLevel level) => level switch
    {
        RegionLevel.Buurt => "BU", RegionLevel.Wijk => "WK", RegionLevel.Gemeente => "GM", _ => "NL"
    };
}
