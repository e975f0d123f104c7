using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Neighbourhoods;

/// <summary>
/// A code conversion table: an old area code maps to one or more new codes with weights (the share of the old
/// area's counts that goes to each new code; per old code and year the weights sum to 1). A row may be limited to
/// data of one year. Codes not listed map to themselves.
/// </summary>
public sealed class Crosswalk
{
    private readonly Dictionary<(string From, int Year), List<(string To, double Weight)>> _byYear = new();
    private readonly Dictionary<string, List<(string To, double Weight)>> _any = new(StringComparer.Ordinal);

    public int RowCount { get; private set; }

    public void Add(string from, string to, double weight, int? year = null)
    {
        var list = year is { } y
            ? (_byYear.TryGetValue((from, y), out var l1) ? l1 : _byYear[(from, y)] = new())
            : (_any.TryGetValue(from, out var l2) ? l2 : _any[from] = new());
        list.Add((to, weight));
        RowCount++;
    }

    /// <summary>The targets of <paramref name="code"/> for data of <paramref name="year"/>: a year-specific mapping
    /// if there is one, else a general one, else the code itself with weight 1.</summary>
    public IReadOnlyList<(string To, double Weight)> Map(string code, int year)
    {
        if (_byYear.TryGetValue((code, year), out var l)) return l;
        if (_any.TryGetValue(code, out var a)) return a;
        return [(code, 1.0)];
    }

    /// <summary>Reads columns <c>from</c>, <c>to</c>, <c>weight</c> (optional, default 1) and <c>year</c>
    /// (optional). Weights must be in [0, 1] and sum to 1 per old code (and year) within 1e-6.</summary>
    public static Crosswalk FromFrame(DataFrame f)
    {
        string Pick(params string[] names) => names.FirstOrDefault(f.Contains)
            ?? throw new CohesionException($"crosswalk needs a column named {string.Join(" or ", names.Select(n => $"'{n}'"))}", f.Source);
        var from = f[Pick("from", "old", "code_old", "van")];
        var to = f[Pick("to", "new", "code_new", "naar")];
        var weightName = new[] { "weight", "share", "gewicht" }.FirstOrDefault(f.Contains);
        var weight = weightName is null ? null : f.Numeric(weightName);
        var yearName = new[] { "year", "jaar" }.FirstOrDefault(f.Contains);
        var year = yearName is null ? null : f.Numeric(yearName);
        var cw = new Crosswalk();
        var sums = new Dictionary<(string, int?), (double Sum, int Row)>();
        for (int r = 0; r < f.RowCount; r++)
        {
            if (from.IsMissing(r)) throw new CohesionException("missing old code", f.Source, from.Name, r + 1);
            if (to.IsMissing(r)) throw new CohesionException("missing new code", f.Source, to.Name, r + 1);
            double w = weight?.Values[r] ?? 1.0;
            if (!(w >= 0 && w <= 1)) throw new CohesionException($"weight must be between 0 and 1, got {w}", f.Source, weightName, r + 1);
            int? y = year is null || double.IsNaN(year.Values[r]) ? null : (int)year.Values[r];
            var key = (from.Format(r).Trim(), y);
            cw.Add(key.Item1, to.Format(r).Trim(), w, y);
            sums[key] = sums.TryGetValue(key, out var s) ? (s.Sum + w, s.Row) : (w, r + 1);
        }
        foreach (var ((code, y), (sum, row)) in sums)
            if (Math.Abs(sum - 1) > 1e-6)
                throw new CohesionException($"the weights of old code '{code}'{(y is null ? "" : $" (year {y})")} sum to {sum:R}, not 1", f.Source, weightName, row);
        return cw;
    }
}
