using System.Collections.Concurrent;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Neighbourhoods;

/// <summary>An indicator of the RIVM/CBS health monitor by its short name, its StatLine column and its labels
/// (a noun such as "loneliness"; the values are percentages of adults).</summary>
public sealed record RivmIndicator(string Name, string Column, string LabelNl, string LabelEn);

/// <summary>
/// The real RIVM/CBS table 50090NED <i>Gezondheid per wijk en buurt</i> (adults 18+, small-area estimates) for
/// 2012, 2016 and 2020 as shipped in <c>data/real/rivm-gezondheid-wijkbuurt-2016</c> and
/// <c>data/real/rivm-gezondheid-wijkbuurt-2012-2020</c>: one StatLine export split by year, all three years in the
/// regional classification of 2020 with the same codes. StatLine's <c>.</c> (suppressed) and empty cells are
/// missing; an indicator that a year did not measure (volunteering in 2012) is all missing.
/// </summary>
public static class RivmHealthMonitor
{
    public static readonly int[] Years = [2012, 2016, 2020];

    public static readonly RivmIndicator Lonely = new("lonely", "Eenzaam_28", "eenzaamheid", "loneliness");
    public static readonly RivmIndicator Volunteering = new("volunteering", "Vrijwilligerswerk_33", "vrijwilligerswerk", "volunteering");
    public static readonly RivmIndicator Hardship = new("hardship", "MoeiteMetRondkomen_38", "moeite met rondkomen", "difficulty making ends meet");

    public const string Licence = "CC BY 4.0 (RIVM/CBS StatLine 50090NED, open data)";

    /// <summary>The folder of <c>data/real/</c> that holds the file of <paramref name="year"/>.</summary>
    public static string FolderOf(int year) => year switch
    {
        2016 => "rivm-gezondheid-wijkbuurt-2016",
        2012 or 2020 => "rivm-gezondheid-wijkbuurt-2012-2020",
        _ => throw new CohesionException($"the RIVM health monitor is included for 2012, 2016 and 2020, not {year}"),
    };

    public static string PathOf(int year) => DefaultData.PathOf("real", FolderOf(year), $"50090NED_{year}_18plus.xlsx");

    private static readonly ConcurrentDictionary<string, Lazy<DataFrame>> Cache = new(StringComparer.Ordinal);

    /// <summary>The whole table of one year (NL, GM, WK and BU rows), read once per process. Do not modify it.</summary>
    public static DataFrame LoadRaw(int year)
    {
        var path = Path.GetFullPath(PathOf(year));
        return Cache.GetOrAdd(path, p => new Lazy<DataFrame>(() => Data.DatasetLoader.Load(p))).Value;
    }

    /// <summary>The trimmed region codes (NL01, GMxxxx, WKxxxxxx, BUxxxxxxxx) of a raw table.</summary>
    public static string[] Codes(DataFrame raw)
    {
        var c = raw["Codering_3"];
        return Enumerable.Range(0, raw.RowCount).Select(r => c.IsMissing(r) ? "" : c.Format(r).Trim()).ToArray();
    }

    /// <summary>The values of an indicator (NaN where suppressed, or everywhere when the year has no values).</summary>
    public static double[] Values(DataFrame raw, RivmIndicator indicator)
    {
        if (!raw.Contains(indicator.Column)) return Enumerable.Repeat(double.NaN, raw.RowCount).ToArray();
        return raw[indicator.Column] switch
        {
            NumericColumn n => n.Values,
            // a column with no number at all (an indicator the year did not measure) is read as text
            var c when Enumerable.Range(0, raw.RowCount).All(r => c.IsMissing(r) || c.Format(r).Trim() is "" or ".") =>
                Enumerable.Repeat(double.NaN, raw.RowCount).ToArray(),
            _ => throw new CohesionException("expected percentages", raw.Source, indicator.Column),
        };
    }

    /// <summary>The value of the national row (NL01) of one year, NaN when not published.</summary>
    public static double National(int year, RivmIndicator indicator)
    {
        var raw = LoadRaw(year);
        var codes = Codes(raw);
        var v = Values(raw, indicator);
        for (int r = 0; r < codes.Length; r++) if (codes[r].StartsWith("NL")) return v[r];
        return double.NaN;
    }

    /// <summary>
    /// The buurt × year panel in long form: one row per buurt (code starting with <c>BU</c>) and year, with
    /// <c>buurt</c>, <c>gemeente</c> (GM code), <c>gemeente_name</c>, <c>year</c> and one numeric column per
    /// indicator (named <see cref="RivmIndicator.Name"/>). Rows are in year order, then file order.
    /// </summary>
    public static DataFrame BuurtPanel(IReadOnlyList<int> years, IReadOnlyList<RivmIndicator> indicators, Func<string, bool>? include = null)
    {
        var buurt = new List<string>();
        var gemeenteName = new List<string?>();
        var year = new List<double>();
        var values = indicators.Select(_ => new List<double>()).ToArray();
        var sources = new List<string>();
        foreach (var y in years)
        {
            var raw = LoadRaw(y);
            sources.Add(Path.GetFileName(raw.Source ?? PathOf(y)));
            var codes = Codes(raw);
            var gm = raw.Contains("Gemeentenaam_1") ? raw["Gemeentenaam_1"] : null;
            var v = indicators.Select(i => Values(raw, i)).ToArray();
            for (int r = 0; r < codes.Length; r++)
            {
                var code = codes[r];
                if (!code.StartsWith("BU", StringComparison.Ordinal)) continue;
                if (include is not null && !include(code)) continue;
                buurt.Add(code);
                gemeenteName.Add(gm is null || gm.IsMissing(r) ? null : gm.Format(r).Trim());
                year.Add(y);
                for (int k = 0; k < indicators.Count; k++) values[k].Add(v[k][r]);
            }
        }
        var frame = new DataFrame(buurt.Count, "RIVM/CBS 50090NED " + string.Join(", ", sources));
        frame.Add(CategoricalColumn.FromStrings("buurt", buurt));
        frame.Add(CategoricalColumn.FromStrings("gemeente", buurt.Select(KwbKeyFigures.GemeenteOf).ToArray()));
        frame.Add(CategoricalColumn.FromStrings("gemeente_name", gemeenteName));
        frame.Add(new NumericColumn("year", year.ToArray()));
        for (int k = 0; k < indicators.Count; k++)
            frame.Add(new NumericColumn(indicators[k].Name, values[k].ToArray(), label: $"{indicators[k].Column} ({indicators[k].LabelEn})"));
        return frame;
    }
}
