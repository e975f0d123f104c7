namespace Cohesion.Statistics.Inference;

/// <summary>Confidence intervals for a proportion from a share and a sample size.</summary>
public static class ProportionInterval
{
    /// <summary>The Wilson score interval: R's <c>prop.test(x, n, correct = FALSE)$conf.int</c> with x = p·n
    /// (simple random sampling; no design effect).</summary>
    public static (double Lower, double Upper) Wilson(double p, double n, double level = 0.95)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a proportion must be in [0, 1]");
        if (!(n > 0)) throw new ArgumentOutOfRangeException(nameof(n), n, "the sample size must be positive");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "the level must be in (0, 1)");
        double z = Probability.NormalQuantile(1 - (1 - level) / 2), z2 = z * z;
        double centre = p + z2 / (2 * n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double denom = 1 + z2 / n;
        return (Math.Max(0, (centre - half) / denom), Math.Min(1, (centre + half) / denom));
    }
}
