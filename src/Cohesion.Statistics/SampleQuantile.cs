namespace Cohesion.Statistics;

/// <summary>
/// Sample quantiles with R's default definition, <c>quantile(x, p, type = 7)</c> (Hyndman &amp; Fan 1996, definition 7):
/// with the values sorted x(1) ≤ … ≤ x(n) and h = (n − 1)·p, Q(p) = x(⌊h⌋+1) + (h − ⌊h⌋)·(x(⌊h⌋+2) − x(⌊h⌋+1)).
/// </summary>
public static class SampleQuantile
{
    /// <summary>The type-7 quantile of <paramref name="sorted"/> (ascending, no NaN) at probability <paramref name="p"/> in [0, 1].</summary>
    public static double Type7(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) throw new CohesionException("a quantile needs at least one value");
        if (!(p >= 0 && p <= 1)) throw new CohesionException($"a quantile's probability must lie in [0, 1], got {p}");
        if (sorted.Length == 1) return sorted[0];
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Type-7 quantiles of unsorted values at several probabilities (the input is not changed).</summary>
    public static double[] Type7(IEnumerable<double> values, IReadOnlyList<double> probabilities)
    {
        var v = values.ToArray();
        if (v.Any(double.IsNaN)) throw new CohesionException("quantiles of values with NaN are not defined");
        Array.Sort(v);
        var r = new double[probabilities.Count];
        for (int i = 0; i < r.Length; i++) r[i] = Type7(v, probabilities[i]);
        return r;
    }
}
