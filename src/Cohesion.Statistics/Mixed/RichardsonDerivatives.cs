namespace Cohesion.Statistics.Mixed;

/// <summary>
/// Numerical derivatives by Richardson extrapolation, step for step as R's numDeriv (Gilbert &amp; Varadhan) computes
/// them — <c>hessian()</c> through <c>genD</c> (d = 0.1, r = 4, v = 2) and <c>jacobian()</c> (d = 1e-4, r = 4) — so
/// that quantities defined through them (lmerTest's Satterthwaite df) agree with R to the last digits, not only to the
/// derivative's own accuracy.
/// </summary>
internal static class RichardsonDerivatives
{
    private const double Eps = 1e-4;
    private static readonly double ZeroTol = Math.Sqrt(2.220446049250313e-16 / 7e-7);

    private static double[] Steps(double[] x, double d)
    {
        var h = new double[x.Length];
        for (int i = 0; i < x.Length; i++) h[i] = Math.Abs(d * x[i]) + (Math.Abs(x[i]) < ZeroTol ? Eps : 0);
        return h;
    }

    private static void Extrapolate(double[] a, int r)
    {
        for (int m = 1; m <= r - 1; m++)
        {
            double f = Math.Pow(4, m);
            for (int k = 0; k < r - m; k++) a[k] = (a[k + 1] * f - a[k]) / (f - 1);
        }
    }

    /// <summary>numDeriv::hessian(func, x) (method "Richardson", defaults), row-major.</summary>
    public static double[] Hessian(Func<double[], double> f, double[] x, double d = 0.1, int r = 4) => Hessian(f, x, out _, d, r);

    /// <summary>As <see cref="Hessian(Func{double[], double}, double[], double, int)"/>, also returning genD's
    /// Richardson-extrapolated gradient.</summary>
    public static double[] Hessian(Func<double[], double> f, double[] x, out double[] gradient, double d = 0.1, int r = 4)
    {
        int n = x.Length;
        double f0 = f(x);
        var h0 = Steps(x, d);
        var hdiag = new double[n];
        var hes = new double[n * n];
        var grad = new double[n];
        gradient = grad;
        var da = new double[r];
        var ha = new double[r];
        for (int i = 0; i < n; i++)
        {
            var h = (double[])h0.Clone();
            for (int k = 0; k < r; k++)
            {
                var xp = (double[])x.Clone(); xp[i] += h[i];
                var xm = (double[])x.Clone(); xm[i] -= h[i];
                double f1 = f(xp), f2 = f(xm);
                da[k] = (f1 - f2) / (2 * h[i]);
                ha[k] = (f1 - 2 * f0 + f2) / (h[i] * h[i]);
                for (int j = 0; j < n; j++) h[j] /= 2;
            }
            Extrapolate(da, r);
            Extrapolate(ha, r);
            grad[i] = da[0];
            hdiag[i] = ha[0];
            hes[i * n + i] = ha[0];
        }
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
        {
            var h = (double[])h0.Clone();
            for (int k = 0; k < r; k++)
            {
                var xp = (double[])x.Clone(); xp[i] += h[i]; xp[j] += h[j];
                var xm = (double[])x.Clone(); xm[i] -= h[i]; xm[j] -= h[j];
                double f1 = f(xp), f2 = f(xm);
                da[k] = (f1 - 2 * f0 + f2 - hdiag[i] * h[i] * h[i] - hdiag[j] * h[j] * h[j]) / (2 * h[i] * h[j]);
                for (int l = 0; l < n; l++) h[l] /= 2;
            }
            Extrapolate(da, r);
            hes[i * n + j] = da[0];
            hes[j * n + i] = da[0];
        }
        return hes;
    }

    /// <summary>numDeriv::jacobian(func, x) (method "Richardson", defaults): m × n, row-major, for a vector-valued f.</summary>
    public static double[] Jacobian(Func<double[], double[]> f, double[] x, double d = 1e-4, int r = 4)
    {
        int n = x.Length;
        var h = Steps(x, d);
        double[][][] a = new double[n][][];
        int m = -1;
        for (int k = 0; k < r; k++)
        {
            for (int i = 0; i < n; i++)
            {
                var xp = (double[])x.Clone(); xp[i] += h[i];
                var xm = (double[])x.Clone(); xm[i] -= h[i];
                var f1 = f(xp);
                var f2 = f(xm);
                m = f1.Length;
                a[i] ??= new double[m][];
                for (int o = 0; o < m; o++)
                {
                    a[i][o] ??= new double[r];
                    a[i][o][k] = (f1[o] - f2[o]) / (2 * h[i]);
                }
            }
            for (int i = 0; i < n; i++) h[i] /= 2;
        }
        var jac = new double[m * n];
        for (int i = 0; i < n; i++)
        for (int o = 0; o < m; o++)
        {
            Extrapolate(a[i][o], r);
            jac[o * n + i] = a[i][o][0];
        }
        return jac;
    }
}
