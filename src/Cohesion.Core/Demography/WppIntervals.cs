using Cohesion.Data;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>One year of the UN WPP 2022 probabilistic projection for the Netherlands: medians and 80%/95% bounds.</summary>
public sealed record WppIntervalYear(int Year,
    double Tfr, double Tfr80L, double Tfr80U, double Tfr95L, double Tfr95U,
    double E0Both, double E0Both80L, double E0Both80U, double E0Both95L, double E0Both95U,
    double Population, double Population80L, double Population80U, double Population95L, double Population95U);

/// <summary>
/// The prediction intervals of UN World Population Prospects 2022 for the Netherlands
/// (<c>data/real/wpp2022-netherlands/wpp2022_netherlands_annual_indicators.csv</c>, medium projection rows; see its
/// SOURCE.md): TFR, life expectancy at birth (both sexes) and total population (thousands in the file, persons here).
/// </summary>
public static class WppIntervals
{
    public const string FileName = "wpp2022_netherlands_annual_indicators.csv";
    public static string DefaultPath => DefaultData.PathOf("real", "wpp2022-netherlands", FileName);

    public static IReadOnlyDictionary<int, WppIntervalYear> Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) throw new CohesionException("the WPP 2022 interval file is missing", path);
        var f = CsvReader.Read(path);
        string[] needed = ["year", "variant", "tfr", "tfr_80l", "tfr_80u", "tfr_95l", "tfr_95u", "e0B", "e0B_80l", "e0B_80u", "e0B_95l", "e0B_95u",
                           "pop", "pop_80l", "pop_80u", "pop_95l", "pop_95u"];
        foreach (var c in needed)
            if (!f.Contains(c)) throw new CohesionException($"column '{c}' is missing", path, c);
        // the values are read (and checked) once, by the loader of the stochastic demography
        var w = Wpp2022Intervals.Load(path);
        var result = new SortedDictionary<int, WppIntervalYear>();
        foreach (int y in w.Years)
        {
            PredictionQuantiles t = w.Tfr(y), e = w.E0Both(y), p = w.Population(y);
            result[y] = new WppIntervalYear(y, t.Q50, t.Q10, t.Q90, t.Q025, t.Q975, e.Q50, e.Q10, e.Q90, e.Q025, e.Q975,
                p.Q50, p.Q10, p.Q90, p.Q025, p.Q975);
        }
        if (result.Count == 0) throw new CohesionException("no medium_projection rows", path, "variant");
        return result;
    }

    /// <summary>The year's row, with a clear message when the year is outside the projection.</summary>
    public static WppIntervalYear For(IReadOnlyDictionary<int, WppIntervalYear> rows, int year) =>
        rows.TryGetValue(year, out var r) ? r
        : throw new CohesionException($"year {year} is outside the WPP 2022 projection ({rows.Keys.Min()}–{rows.Keys.Max()})", column: "year");
}
