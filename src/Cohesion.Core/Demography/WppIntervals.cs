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
        var variant = f["variant"];
        var year = f.Numeric("year").Values;
        double[] V(string c) => f.Numeric(c).Values;
        var cols = needed.Skip(2).Select(V).ToArray();
        var result = new SortedDictionary<int, WppIntervalYear>();
        for (int i = 0; i < f.RowCount; i++)
        {
            if (variant.Format(i).Trim() != "medium_projection") continue;
            var v = cols.Select(c => c[i]).ToArray();
            for (int j = 0; j < v.Length; j++)
                if (!double.IsFinite(v[j])) throw new CohesionException($"'{needed[j + 2]}' is missing for {year[i]}", path, needed[j + 2], i + 1);
            result[(int)year[i]] = new WppIntervalYear((int)year[i], v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                v[10] * 1000, v[11] * 1000, v[12] * 1000, v[13] * 1000, v[14] * 1000);
        }
        if (result.Count == 0) throw new CohesionException("no medium_projection rows", path, "variant");
        return result;
    }

    /// <summary>The year's row, with a clear message when the year is outside the projection.</summary>
    public static WppIntervalYear For(IReadOnlyDictionary<int, WppIntervalYear> rows, int year) =>
        rows.TryGetValue(year, out var r) ? r
        : throw new CohesionException($"year {year} is outside the WPP 2022 projection ({rows.Keys.Min()}–{rows.Keys.Max()})", column: "year");
}
