using Cohesion.Statistics;

namespace Cohesion.Maps;

/// <summary>Class breaks for a choropleth: <c>Breaks[0]</c> = minimum, <c>Breaks[^1]</c> = maximum; value v falls in
/// class i when Breaks[i] ≤ v ≤ Breaks[i+1] (the lowest class that fits).</summary>
public sealed record Classification(double[] Breaks)
{
    public int ClassCount => Breaks.Length - 1;

    public int ClassOf(double v)
    {
        if (double.IsNaN(v)) return -1;
        for (int i = 1; i < Breaks.Length - 1; i++)
            if (v <= Breaks[i]) return i - 1;
        return ClassCount - 1;
    }

    /// <summary>Quantile breaks (R's type-7 quantiles at i/k) of the non-missing values; duplicate breaks merged.</summary>
    public static Classification Quantile(IEnumerable<double> values, int classes)
    {
        if (classes < 1) throw new CohesionException($"the number of classes must be at least 1, got {classes}");
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return new Classification([0, 1]);
        var breaks = new List<double>();
        for (int i = 0; i <= classes; i++)
        {
            double h = (v.Length - 1) * (double)i / classes;
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, v.Length - 1);
            double q = v[lo] + (h - lo) * (v[hi] - v[lo]);
            if (breaks.Count == 0 || q > breaks[^1]) breaks.Add(q);
        }
        if (breaks.Count == 1) breaks.Add(breaks[0]);
        return new Classification(breaks.ToArray());
    }

    /// <summary>User-chosen inner breaks; the data's minimum and maximum close the outer classes.</summary>
    public static Classification Fixed(IEnumerable<double> values, IReadOnlyList<double> innerBreaks)
    {
        for (int i = 1; i < innerBreaks.Count; i++)
            if (!(innerBreaks[i] > innerBreaks[i - 1])) throw new CohesionException("map breaks must be strictly increasing");
        var v = values.Where(double.IsFinite).ToArray();
        double min = v.Length > 0 ? Math.Min(v.Min(), innerBreaks[0]) : innerBreaks[0];
        double max = v.Length > 0 ? Math.Max(v.Max(), innerBreaks[^1]) : innerBreaks[^1];
        var b = new List<double> { min };
        foreach (var x in innerBreaks) if (x > b[^1]) b.Add(x);
        if (max > b[^1] || b.Count == 1) b.Add(max);
        return new Classification(b.ToArray());
    }
}
