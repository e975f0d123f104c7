using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Regression;

/// <summary>
/// A straight line y = a + b·x fitted by (weighted) least squares: R's <c>lm(y ~ x, weights = w)</c> with
/// <c>summary()</c>'s standard errors (residual variance Σw·e² / (n − 2)). <see cref="SlopeSe"/> is NaN when there are
/// only two points (no residual degrees of freedom), as R reports <c>NA</c>.
/// </summary>
public sealed record LineFit(double Intercept, double Slope, double InterceptSe, double SlopeSe, int N, int DfResidual, double Sigma)
{
    /// <summary>Two-sided p-value of the slope on <see cref="DfResidual"/> degrees of freedom (NaN without them).</summary>
    public double SlopeP => DfResidual > 0 && SlopeSe > 0 ? 2 * StudentT.CDF(0, 1, DfResidual, -Math.Abs(Slope / SlopeSe)) : double.NaN;

    /// <summary>The fitted value at <paramref name="x"/>.</summary>
    public double At(double x) => Intercept + Slope * x;

    /// <summary>
    /// Fits the line. <paramref name="weights"/> (null = unweighted) must be finite and &gt; 0; at least two distinct
    /// x values are needed.
    /// </summary>
    public static LineFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? weights = null)
    {
        int n = x.Count;
        if (y.Count != n || (weights is not null && weights.Count != n)) throw new ArgumentException("x, y and weights differ in length");
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0;
            if (!(w > 0) || !double.IsFinite(w)) throw new CohesionException($"weight {w} of point {i + 1} must be a positive number");
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) throw new CohesionException($"point {i + 1} is not finite (x = {x[i]}, y = {y[i]})");
            sw += w; sx += w * x[i]; sy += w * y[i];
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0, dx = x[i] - mx;
            sxx += w * dx * dx;
            sxy += w * dx * (y[i] - my);
        }
        if (!(sxx > 0)) throw new CohesionException("a line needs at least two distinct x values");
        double b = sxy / sxx, a = my - b * mx;
        int df = n - 2;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0, e = y[i] - a - b * x[i];
            rss += w * e * e;
        }
        double s2 = df > 0 ? rss / df : double.NaN;
        double seB = Math.Sqrt(s2 / sxx);
        double seA = Math.Sqrt(s2 * (1.0 / sw + mx * mx / sxx));
        return new LineFit(a, b, seA, seB, n, df, Math.Sqrt(s2));
    }
}
