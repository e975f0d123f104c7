namespace Cohesion.Statistics.Optimization;

/// <summary>
/// R's <c>uniroot</c> (Brent's zeroin, the C routine <c>R_zeroin2</c>) ported step for step, so that estimators
/// metafor computes by root finding with a coarse tolerance (PM, Q-profile CI) give the same digits here.
/// </summary>
public static class RootFinder
{
    /// <summary>Root of <paramref name="f"/> in [lower, upper] as R's <c>uniroot(f, c(lower, upper), tol, maxiter)$root</c>.
    /// Returns false (R would stop with an error) when the signs at the end points do not differ or iterations run out.</summary>
    public static bool UniRoot(Func<double, double> f, double lower, double upper, double tol, int maxIter, out double root, out int iterations)
    {
        double fLower = f(lower), fUpper = f(upper);
        root = double.NaN; iterations = 0;
        if (double.IsNaN(fLower) || double.IsNaN(fUpper)) return false;
        if (fLower * fUpper > 0) return false;
        return Zeroin2(f, lower, upper, fLower, fUpper, tol, maxIter, out root, out iterations);
    }

    private static bool Zeroin2(Func<double, double> f, double ax, double bx, double fa, double fb, double tol, int maxIter, out double root, out int iterations)
    {
        const double eps = 2.220446049250313e-16;
        double a = ax, b = bx, c = a, fc = fa;
        int maxit = maxIter + 1;
        iterations = 0;
        if (fa == 0.0) { root = a; return true; }
        if (fb == 0.0) { root = b; return true; }
        while (maxit-- > 0)
        {
            double prevStep = b - a;
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            double tolAct = 2 * eps * Math.Abs(b) + tol / 2;
            double newStep = (c - b) / 2;
            if (Math.Abs(newStep) <= tolAct || fb == 0.0)
            {
                iterations = maxIter + 1 - maxit - 1;
                root = b;
                return true;
            }
            if (Math.Abs(prevStep) >= tolAct && Math.Abs(fa) > Math.Abs(fb))
            {
                double t1, cb, t2, p, q;
                cb = c - b;
                if (a == c)
                {
                    t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                }
                else
                {
                    q = fa / fc; t1 = fb / fc; t2 = fb / fa;
                    p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                    q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }
                if (p > 0) q = -q; else p = -p;
                if (p < (0.75 * cb * q - Math.Abs(tolAct * q) / 2) && p < Math.Abs(prevStep * q / 2))
                    newStep = p / q;
            }
            if (Math.Abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
            a = b; fa = fb;
            b += newStep; fb = f(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) { c = a; fc = fa; }
        }
        root = b;
        iterations = maxIter;
        return false;
    }
}
