namespace Cohesion.Demography;

/// <summary>
/// Graduation of grouped counts to single years. Method: the cumulative count at the group boundaries is
/// interpolated by a monotone cubic Hermite spline (Forsythe–Malcolm–Moler spline slopes filtered by Hyman's
/// (1983) monotonicity constraint — exactly R's <c>splinefun(x, y, method = "hyman")</c>), evaluated at whole
/// ages and differenced. Group totals are conserved exactly and single-year counts are never negative.
/// Checked against R in <c>tools/reference/demography.R</c>.
/// </summary>
public static class Graduation
{
    /// <summary>
    /// Splits groups with boundaries <paramref name="starts"/> (ascending whole ages; group i covers
    /// starts[i]..starts[i+1]−1, the last group ends at <paramref name="end"/> exclusive) into single years.
    /// </summary>
    public static double[] ToSingleYears(ReadOnlySpan<int> starts, ReadOnlySpan<double> counts, int end)
    {
        int g = counts.Length;
        if (starts.Length != g) throw new ArgumentException("starts and counts differ in length");
        var x = new double[g + 1];
        var y = new double[g + 1];
        for (int i = 0; i < g; i++)
        {
            if (counts[i] < 0) throw new Statistics.CohesionException($"negative count {counts[i]} in age group starting at {starts[i]}");
            x[i] = starts[i];
            y[i + 1] = y[i] + counts[i];
        }
        x[g] = end;
        var b = HymanSlopes(x, y);
        int n = end - starts[0];
        var cum = new double[n + 1];
        for (int age = 0; age <= n; age++) cum[age] = Hermite(x, y, b, starts[0] + age);
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.Max(0, cum[i + 1] - cum[i]);
        // conserve group totals exactly (guards against rounding of the differences)
        for (int i = 0; i < g; i++)
        {
            int lo = starts[i] - starts[0], hi = (i + 1 < g ? starts[i + 1] : end) - starts[0];
            double s = 0;
            for (int k = lo; k < hi; k++) s += r[k];
            if (s > 0) for (int k = lo; k < hi; k++) r[k] *= counts[i] / s;
        }
        return r;
    }

    /// <summary>R's fmm spline slopes (splines.c fmm_spline, coefficient b) followed by R's hyman_filter.</summary>
    public static double[] HymanSlopes(double[] x, double[] y)
    {
        int n = x.Length;
        var b = FmmSlopes(x, y);
        if (n < 2) return b;
        var ss = new double[n - 1];
        for (int i = 0; i < n - 1; i++) ss[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        for (int i = 0; i < n; i++)
        {
            double s0 = i == 0 ? ss[0] : ss[i - 1];
            double s1 = i == n - 1 ? ss[n - 2] : ss[i];
            double t1 = Math.Min(Math.Abs(s0), Math.Abs(s1));
            double sig = b[i];
            if (s0 * s1 > 0) sig = s1;
            if (sig >= 0) b[i] = Math.Min(Math.Max(0, b[i]), 3 * t1);
            else b[i] = Math.Max(Math.Min(0, b[i]), -3 * t1);
        }
        return b;
    }

    /// <summary>First-derivative coefficients of the Forsythe–Malcolm–Moler interpolating spline (R's "fmm").</summary>
    public static double[] FmmSlopes(double[] xs, double[] ys)
    {
        int n = xs.Length;
        // 1-based arrays as in R's C code
        var x = new double[n + 1]; var y = new double[n + 1];
        var b = new double[n + 1]; var c = new double[n + 1]; var d = new double[n + 1];
        for (int i = 0; i < n; i++) { x[i + 1] = xs[i]; y[i + 1] = ys[i]; }
        var result = new double[n];
        if (n < 2) return result;
        if (n < 3)
        {
            double t0 = (y[2] - y[1]) / (x[2] - x[1]);
            result[0] = result[1] = t0;
            return result;
        }
        int nm1 = n - 1;
        d[1] = x[2] - x[1];
        c[2] = (y[2] - y[1]) / d[1];
        for (int i = 2; i < n; i++)
        {
            d[i] = x[i + 1] - x[i];
            b[i] = 2.0 * (d[i - 1] + d[i]);
            c[i + 1] = (y[i + 1] - y[i]) / d[i];
            c[i] = c[i + 1] - c[i];
        }
        b[1] = -d[1];
        b[n] = -d[nm1];
        c[1] = c[n] = 0.0;
        if (n > 3)
        {
            c[1] = c[3] / (x[4] - x[2]) - c[2] / (x[3] - x[1]);
            c[n] = c[nm1] / (x[n] - x[n - 2]) - c[n - 2] / (x[nm1] - x[n - 3]);
            c[1] = c[1] * d[1] * d[1] / (x[4] - x[1]);
            c[n] = -c[n] * d[nm1] * d[nm1] / (x[n] - x[n - 3]);
        }
        for (int i = 2; i <= n; i++)
        {
            double t = d[i - 1] / b[i - 1];
            b[i] = b[i] - t * d[i - 1];
            c[i] = c[i] - t * c[i - 1];
        }
        c[n] = c[n] / b[n];
        for (int i = nm1; i >= 1; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
        b[n] = (y[n] - y[n - 1]) / d[n - 1] + d[n - 1] * (c[n - 1] + 2.0 * c[n]);
        for (int i = 1; i <= nm1; i++) b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
        for (int i = 0; i < n; i++) result[i] = b[i + 1];
        return result;
    }

    /// <summary>Evaluates the cubic Hermite interpolant with knot values y and slopes b at t (clamped to the range).</summary>
    public static double Hermite(double[] x, double[] y, double[] b, double t)
    {
        int n = x.Length;
        if (t <= x[0]) return y[0];
        if (t >= x[n - 1]) return y[n - 1];
        int i = Array.BinarySearch(x, t);
        if (i >= 0) return y[i];
        i = ~i - 1;
        double h = x[i + 1] - x[i];
        double s = (t - x[i]) / h;
        double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
        return h00 * y[i] + h10 * h * b[i] + h01 * y[i + 1] + h11 * h * b[i + 1];
    }

    /// <summary>Abridged death rates (ages 0, 1–4, 5–9, …, 95–99, 100+) to single years 0–100: m(0) and m(100+) as
    /// given; for ages 1–99, log m is interpolated linearly between group mid-points (extrapolated with the end slopes
    /// for the outer half-groups) and each group's single-year rates are then rescaled by one factor so that the group's
    /// life-table rate Σd/ΣL (a(x) = ½) equals the abridged rate.</summary>
    public static double[] AbridgedRatesToSingleYears(ReadOnlySpan<int> starts, ReadOnlySpan<double> mx)
    {
        int g = mx.Length;
        var mids = new List<double>(); var logs = new List<double>();
        for (int i = 1; i < g - 1; i++)
        {
            mids.Add((starts[i] + starts[i + 1]) / 2.0);
            logs.Add(Math.Log(Math.Max(mx[i], 1e-12)));
        }
        var r = new double[PopulationIndex.Ages];
        r[0] = mx[0];
        r[PopulationIndex.MaxAge] = mx[g - 1];
        for (int a = 1; a < PopulationIndex.MaxAge; a++)
        {
            double t = a + 0.5;
            int k = 0;
            if (t >= mids[^1]) k = mids.Count - 2;
            else if (t > mids[0]) while (mids[k + 1] < t) k++;
            double w = (t - mids[k]) / (mids[k + 1] - mids[k]);
            r[a] = Math.Exp(logs[k] + w * (logs[k + 1] - logs[k]));
        }
        for (int i = 1; i < g - 1; i++)
        {
            int lo = starts[i], hi = starts[i + 1];
            // rescale so that the group's life-table rate Σd / ΣL equals the abridged rate (fixed point, converges fast)
            for (int it = 0; it < 50; it++)
            {
                double l = 1, dSum = 0, lSum = 0;
                for (int a = lo; a < hi; a++)
                {
                    double q = r[a] / (1 + 0.5 * r[a]);
                    double d = l * q;
                    dSum += d; lSum += l - 0.5 * d; l -= d;
                }
                double f = mx[i] / (dSum / lSum);
                for (int a = lo; a < hi; a++) r[a] *= f;
                if (Math.Abs(f - 1) < 1e-14) break;
            }
        }
        return r;
    }
}
