namespace Cohesion.Presentation.Charts;

/// <summary>The one tick algorithm: round steps of 1, 2, 2.5 or 5 × 10^k covering the data.</summary>
public static class Ticks
{
    /// <summary>The smallest of 1, 2, 2.5, 5 × 10^k that is at least <paramref name="v"/> (1 for v ≤ 0).</summary>
    public static double NiceStep(double v)
    {
        if (!(v > 0)) return 1;
        double p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5 }) if (m * p >= v) return m * p;
        return 10 * p;
    }

    /// <summary>About <paramref name="target"/> round ticks from at or below <paramref name="lo"/> to at or above
    /// <paramref name="hi"/> (an empty range is widened by one on each side).</summary>
    public static double[] Nice(double lo, double hi, int target)
    {
        double range = hi - lo;
        if (!(range > 0)) { lo -= 1; hi += 1; range = 2; }
        double step = NiceStep(range / target);
        double start = Math.Floor(lo / step) * step, end = Math.Ceiling(hi / step) * step;
        var t = new List<double>();
        for (double v = start; v <= end + step / 2; v += step) t.Add(Math.Round(v / step) * step);
        return t.ToArray();
    }

    /// <summary>The fewest decimals (0–6) that print every tick exactly (2.5 needs one, 0.25 two).</summary>
    public static int Decimals(IEnumerable<double> ticks, double scale = 1)
    {
        var values = ticks.Select(t => t * scale).ToList();
        for (int d = 0; d < 6; d++)
            if (values.All(v => Math.Abs(v * Math.Pow(10, d) - Math.Round(v * Math.Pow(10, d))) < 1e-6)) return d;
        return 6;
    }
}
