namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>
/// Sums as R forms them: <c>sum</c>, <c>colSums</c>, <c>cumsum</c> and <c>mean</c> accumulate in long double, so
/// their results are (nearly always) the correctly rounded sums. A compensated (double-double) accumulator, rounded
/// once, reproduces them where plain double accumulation drifts by an ulp — which decides line searches and quantile
/// rules that compare sums exactly.
/// </summary>
internal struct ExtendedSum
{
    private double _hi, _lo;

    public void Add(double v)
    {
        double s = _hi + v;
        double bp = s - _hi;
        double err = (_hi - (s - bp)) + (v - bp);
        _lo += err;
        _hi = s + _lo;
        _lo -= _hi - s;
    }

    public readonly double Value => _hi;

    public static double Of(ReadOnlySpan<double> values)
    {
        var s = new ExtendedSum();
        foreach (var v in values) s.Add(v);
        return s.Value;
    }

    /// <summary>R's <c>mean</c> of doubles: sum / n, then the second-pass correction.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        double m = Of(values) / n;
        if (!double.IsFinite(m)) return m;
        var t = new ExtendedSum();
        foreach (var v in values) t.Add(v - m);
        return m + t.Value / n;
    }
}
