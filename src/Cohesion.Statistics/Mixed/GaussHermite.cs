namespace Cohesion.Statistics.Mixed;

/// <summary>
/// Gauss–Hermite rules for the standard normal density, as lme4's <c>GHrule(n)</c>: knots z, weights w (Σ w = 1, so
/// Σ w f(z) ≈ E f(Z)) and log φ(z). Nodes by Newton iteration on the orthonormal Hermite recurrence (Numerical
/// Recipes' gauher), then rescaled from weight e^{−x²} to the normal density; symmetric to the last bit.
/// </summary>
internal static class GaussHermite
{
    public static (double[] Z, double[] W, double[] LogDensity) Rule(int n)
    {
        if (n < 1 || n > 100) throw new ArgumentOutOfRangeException(nameof(n), n, "the number of quadrature points must be between 1 and 100");
        var x = new double[n];
        var w = new double[n];
        const double pim4 = 0.7511255444649425; // π^(−1/4)
        int m = (n + 1) / 2;
        double z = 0;
        for (int i = 0; i < m; i++)
        {
            if (i == 0) z = Math.Sqrt(2.0 * n + 1) - 1.85575 * Math.Pow(2.0 * n + 1, -0.16667);
            else if (i == 1) z -= 1.14 * Math.Pow(n, 0.426) / z;
            else if (i == 2) z = 1.86 * z - 0.86 * x[0];
            else if (i == 3) z = 1.91 * z - 0.91 * x[1];
            else z = 2.0 * z - x[i - 2];
            double pp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p1 = pim4, p2 = 0;
                for (int j = 0; j < n; j++)
                {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / (j + 1)) * p2 - Math.Sqrt((double)j / (j + 1)) * p3;
                }
                pp = Math.Sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.Abs(z - z1) <= 1e-15 * Math.Max(1, Math.Abs(z))) break;
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        if (n % 2 == 1) x[m - 1] = 0;
        // ascending order, rescaled to N(0, 1)
        var zs = new double[n];
        var ws = new double[n];
        var ld = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += w[i];
        for (int i = 0; i < n; i++)
        {
            zs[i] = -x[i] * Math.Sqrt(2);
            ws[i] = w[i] / sum;
            ld[i] = -0.5 * zs[i] * zs[i] - 0.9189385332046728;
        }
        return (zs, ws, ld);
    }
}
