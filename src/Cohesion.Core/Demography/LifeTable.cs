namespace Cohesion.Demography;

/// <summary>
/// Single-year period life table, ages 0–100+ (open). From death rates m(x): q(x) = m / (1 + (1 − a(x)) m) with
/// a(x) = 0.5 except a(0), taken from the Andreev–Kingkade (2015) formulas as in the UN's life tables; the open
/// age has L = l / m. e0 = Σ L(x) / l(0).
/// </summary>
public static class LifeTable
{
    public const int Ages = PopulationIndex.Ages;

    /// <summary>Andreev–Kingkade a0 by sex (0 male, 1 female) and m0.</summary>
    public static double A0(int sex, double m0)
    {
        if (sex == PopulationIndex.Male)
            return m0 < 0.02300 ? 0.14929 - 1.99545 * m0 : m0 < 0.08307 ? 0.02832 + 3.26201 * m0 : 0.29915;
        return m0 < 0.01724 ? 0.14903 - 2.05527 * m0 : m0 < 0.06891 ? 0.04667 + 3.88089 * m0 : 0.31411;
    }

    /// <summary>Person-years L(x) for x = 0..100 (L(100) is the open interval) with radix 1.</summary>
    public static void PersonYears(int sex, ReadOnlySpan<double> mx, Span<double> L)
    {
        double l = 1.0;
        for (int x = 0; x < Ages - 1; x++)
        {
            double m = mx[x];
            double ax = x == 0 ? A0(sex, m) : 0.5;
            double q = m / (1 + (1 - ax) * m);
            if (q > 1) q = 1;
            double d = l * q;
            L[x] = (l - d) + ax * d;
            l -= d;
        }
        double mOpen = mx[Ages - 1];
        L[Ages - 1] = mOpen > 0 ? l / mOpen : 0;
    }

    public static double LifeExpectancy(int sex, ReadOnlySpan<double> mx)
    {
        Span<double> L = stackalloc double[Ages];
        PersonYears(sex, mx, L);
        double s = 0;
        for (int x = 0; x < Ages; x++) s += L[x];
        return s;
    }

    /// <summary>
    /// Death probabilities for the projection from 1 Jan to 1 Jan: q(a) = 1 − L(a+1)/L(a) for a = 0..98,
    /// q(99) = q(100) = 1 − T(100)/T(99) (the open group), and the survival of births to 1 January, L(0)/l(0).
    /// </summary>
    public static void ProjectionProbabilities(int sex, ReadOnlySpan<double> mx, Span<double> q, out double birthSurvival)
    {
        Span<double> L = stackalloc double[Ages];
        PersonYears(sex, mx, L);
        for (int a = 0; a < Ages - 2; a++) q[a] = L[a] > 0 ? 1 - L[a + 1] / L[a] : 1;
        double t99 = L[Ages - 2] + L[Ages - 1];
        double qOpen = t99 > 0 ? 1 - L[Ages - 1] / t99 : 1;
        q[Ages - 2] = qOpen;
        q[Ages - 1] = qOpen;
        birthSurvival = L[0];
    }

    /// <summary>
    /// Proportional-hazards scaling: finds k such that the life table of k·m(x) has life expectancy
    /// <paramref name="e0"/> (Brent/bisection on log k to 1e-10 years) and writes k·m into <paramref name="scaled"/>.
    /// Returns k.
    /// </summary>
    public static double ScaleToLifeExpectancy(int sex, ReadOnlySpan<double> standard, double e0, Span<double> scaled)
    {
        double[] buf = new double[Ages];
        double[] std = standard.ToArray();
        double E(double logk)
        {
            double k = Math.Exp(logk);
            for (int x = 0; x < Ages; x++) buf[x] = std[x] * k;
            return LifeExpectancy(sex, buf) - e0;
        }
        double lo = -8, hi = 8;
        double flo = E(lo), fhi = E(hi);
        if (flo < 0 || fhi > 0) throw new Statistics.ModelException($"life expectancy {e0} cannot be reached by scaling the standard mortality schedule");
        double logk = Roots.Brent(E, lo, hi, 1e-13);
        double kk = Math.Exp(logk);
        for (int x = 0; x < Ages; x++) scaled[x] = standard[x] * kk;
        return kk;
    }
}
