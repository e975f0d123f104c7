using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics;

/// <summary>The distribution functions the rest of the code needs (normal and Student's t), so that Math.NET stays
/// inside the statistics.</summary>
public static class Probability
{
    public static double NormalCdf(double x) => Normal.CDF(0, 1, x);
    public static double NormalQuantile(double p) => Normal.InvCDF(0, 1, p);
    public static double StudentTCdf(double df, double x) => StudentT.CDF(0, 1, df, x);
    public static double StudentTQuantile(double df, double p) => StudentT.InvCDF(0, 1, df, p);

    /// <summary>Two-sided critical value for a confidence level: the normal quantile, or Student's t on
    /// <paramref name="df"/> degrees of freedom when finite.</summary>
    public static double Critical(double level, double df = double.PositiveInfinity) =>
        double.IsPositiveInfinity(df) ? NormalQuantile(1 - (1 - level) / 2) : StudentTQuantile(df, 1 - (1 - level) / 2);
}
