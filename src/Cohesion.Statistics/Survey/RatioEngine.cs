using MathNet.Numerics.Distributions;
using static Cohesion.Statistics.Survey.SurveyEstimator;

namespace Cohesion.Statistics.Survey;

/// <summary>
/// The one kernel behind every estimator: each estimand is a total Σw·a (svytotal) or a ratio of totals
/// Σw·a / Σw·b (svymean with b = 1, proportions with a = category indicator, svyratio), per domain and column.
/// One pass over the rows gives the domain sums; the influence values z = w(a − θb)/Σw·b (or w·a) then go to
/// the Taylor kernel (or replicate weights re-evaluate the sums), and a last pass gives the SRS variances for
/// the design effects.
/// </summary>
internal static class RatioEngine
{
    internal sealed class Problem
    {
        public double[]? Y;
        public int[]? Codes;
        public int K = 1;
        public double[]? X;
        public Kind Kind;

        public static Problem Numeric(double[] y, double[]? x, Kind kind) => new() { Y = y, X = x, Kind = kind };
        public static Problem Categorical(int[] codes, int levels, Kind kind) => new() { Codes = codes, K = levels, Kind = kind };

        public double A(int row, int k) => Codes is null ? Y![row] : (Codes[row] == k ? 1.0 : 0.0);
    }

    /// <summary>The first pass: active rows per domain (−1 = out of every domain or missing), the weighted sums
    /// and the point estimates θ[d·K + k] (NaN for an empty domain).</summary>
    internal sealed class DomainSums
    {
        public required int[] Dom { get; init; }
        public required double[] W { get; init; }
        public required double[] SB { get; init; }
        public required double[] SA { get; init; }
        public required int[] Count { get; init; }
        public required double[] Theta { get; init; }
        public required int D { get; init; }
        public required bool RatioLike { get; init; }
    }

    internal static DomainSums Sums(SurveyDesign design, Problem p, int[]? domains, int D)
    {
        int n = design.RowCount, K = p.K;
        if (p.Y is not null && p.Y.Length != n) throw new ArgumentException("variable length differs from the design");
        if (p.X is not null && p.X.Length != n) throw new ArgumentException("denominator length differs from the design");
        if (p.Codes is not null && p.Codes.Length != n) throw new ArgumentException("variable length differs from the design");
        if (domains is not null && domains.Length != n) throw new ArgumentException("domain length differs from the design");
        if (D < 1) throw new ArgumentException("domainCount must be >= 1");
        if (K < 1) throw new ArgumentException("a categorical variable needs at least one level");
        var w = design.WeightsArray;
        bool ratioLike = p.Kind != Kind.Total;

        var dom = new int[n];
        var W = new double[D];
        var SB = new double[D];
        var SA = new double[D * K];
        var cnt = new int[D];
        var y = p.Y; var x = p.X; var codes = p.Codes;
        for (int r = 0; r < n; r++)
        {
            int d = domains is null ? 0 : domains[r];
            if (d >= D) throw new ArgumentException($"domain code {d} at row {r + 1} is not below domainCount {D}");
            if (d < 0) { dom[r] = -1; continue; }
            double wr = w[r];
            if (codes is not null)
            {
                int c = codes[r];
                if (c < 0) { dom[r] = -1; continue; }
                if (c >= K) throw new ArgumentException($"category code {c} at row {r + 1} is not below levelCount {K}");
                SA[d * K + c] += wr;
                SB[d] += wr;
            }
            else
            {
                double yr = y![r];
                if (double.IsNaN(yr)) { dom[r] = -1; continue; }
                if (x is not null)
                {
                    double xr = x[r];
                    if (double.IsNaN(xr)) { dom[r] = -1; continue; }
                    SB[d] += wr * xr;
                }
                else SB[d] += wr;
                SA[d] += wr * yr;
            }
            dom[r] = d;
            W[d] += wr;
            cnt[d]++;
        }
        var theta = new double[D * K];
        for (int d = 0; d < D; d++)
            for (int k = 0; k < K; k++)
                theta[d * K + k] = cnt[d] == 0 ? double.NaN : ratioLike ? SA[d * K + k] / SB[d] : SA[d * K + k];
        return new DomainSums { Dom = dom, W = W, SB = SB, SA = SA, Count = cnt, Theta = theta, D = D, RatioLike = ratioLike };
    }

    /// <summary>Influence values z (row-major n × K; zero outside the active rows): w·a for totals,
    /// w(a − θb)/Σw·b for means, proportions and ratios.</summary>
    internal static double[] Influence(SurveyDesign design, Problem p, DomainSums s)
    {
        int n = design.RowCount, K = p.K;
        var w = design.WeightsArray;
        var z = new double[(long)n * K];
        for (int r = 0; r < n; r++)
        {
            int d = s.Dom[r];
            if (d < 0) continue;
            double wr = w[r];
            if (!s.RatioLike)
                for (int k = 0; k < K; k++) z[r * K + k] = wr * p.A(r, k);
            else
            {
                double b = p.X is null ? 1.0 : p.X[r];
                double inv = wr / s.SB[d];
                for (int k = 0; k < K; k++) z[r * K + k] = (p.A(r, k) - s.Theta[d * K + k] * b) * inv;
            }
        }
        return z;
    }

    /// <summary>Returns estimates indexed [column k][domain d].</summary>
    public static SurveyEstimate[][] Run(SurveyDesign design, Problem p, int[]? domains, int D, double level)
    {
        // Values so large (or small) that weighted sums or squared influence values leave the double range are
        // scaled by a power of two first — exact, so ordinary data give the same bits — and the results scaled back.
        if (p.Codes is null)
        {
            int ey = ScaleExponent(p.Y), ex = ScaleExponent(p.X);
            if (ey != 0 || ex != 0)
            {
                var scaled = new Problem { Y = ScaleB(p.Y, -ey), X = ScaleB(p.X, -ex), K = p.K, Kind = p.Kind };
                var r = RunScaled(design, scaled, domains, D, level);
                int e = p.Kind == Kind.Ratio ? ey - ex : ey;
                foreach (var col in r)
                    for (int d = 0; d < col.Length; d++)
                        col[d] = col[d] with
                        {
                            Estimate = Math.ScaleB(col[d].Estimate, e), StandardError = Math.ScaleB(col[d].StandardError, e),
                            CiLower = Math.ScaleB(col[d].CiLower, e), CiUpper = Math.ScaleB(col[d].CiUpper, e)
                        };
                return r;
            }
        }
        return RunScaled(design, p, domains, D, level);
    }

    /// <summary>The binary exponent to remove from a variable whose largest magnitude is beyond 2^±400 (0 otherwise).</summary>
    private static int ScaleExponent(double[]? v)
    {
        if (v is null) return 0;
        double max = 0;
        foreach (var a in v)
            if (Math.Abs(a) > max) max = Math.Abs(a);   // NaN compares false
        if (max == 0 || double.IsInfinity(max)) return 0;
        int e = Math.ILogB(max);
        return e is > 400 or < -400 ? e : 0;
    }

    private static double[]? ScaleB(double[]? v, int e)
    {
        if (v is null || e == 0) return v;
        var o = new double[v.Length];
        for (int i = 0; i < v.Length; i++) o[i] = Math.ScaleB(v[i], e);
        return o;
    }

    private static SurveyEstimate[][] RunScaled(SurveyDesign design, Problem p, int[]? domains, int D, double level)
    {
        if (level <= 0 || level >= 1) throw new ArgumentException("level must be in (0, 1)");
        var sums = Sums(design, p, domains, D);
        int n = design.RowCount, K = p.K;
        var w = design.WeightsArray;
        var y = p.Y; var x = p.X;
        var (dom, W, SB, SA, cnt, theta) = (sums.Dom, sums.W, sums.SB, sums.SA, sums.Count, sums.Theta);
        bool ratioLike = sums.RatioLike;

        // ---- variances
        double[] variance;
        if (design.Replicates is { } reps)
            variance = reps.Variance(design, p, dom, D, theta, ratioLike);
        else
        {
            var z = Influence(design, p, sums);
            if (!design.IsCalibrated) variance = TaylorVariance.Compute(design, dom, D, z, K);
            else
            {
                // calibrated: residualise each domain's (dense) influence vector on the calibration, then the
                // variance over all rows (R keeps every row of a calibrated design, with zero weight outside).
                // Domains are processed in batches as extra columns, so each pass over the rows serves several.
                variance = new double[D * K];
                if (Calibrator.RakingResidualizer.For(design) is { } raking)
                {
                    // raking only (the CLI's --rake): cell-effect algebra, one pass over the rows per domain
                    var start = new int[D + 1];
                    for (int r = 0; r < n; r++) if (dom[r] >= 0) start[dom[r] + 1]++;
                    for (int d = 0; d < D; d++) start[d + 1] += start[d];
                    var rowsByDomain = new int[start[D]];
                    var pos = (int[])start.Clone();
                    for (int r = 0; r < n; r++) if (dom[r] >= 0) rowsByDomain[pos[dom[r]]++] = r;
                    var col = new double[n];
                    var resid = new double[n];
                    var xx = new double[(long)n * K];
                    for (int d = 0; d < D; d++)
                    {
                        if (cnt[d] == 0) continue;
                        var rows = rowsByDomain.AsSpan(start[d], start[d + 1] - start[d]);
                        for (int k = 0; k < K; k++)
                        {
                            foreach (int r in rows) col[r] = z[r * K + k];
                            raking.Apply(col, rows, resid);
                            foreach (int r in rows) col[r] = 0;
                            for (int r = 0; r < n; r++) xx[r * K + k] = resid[r];
                        }
                        var v = TaylorVariance.Compute(design, null, 1, xx, K);
                        for (int k = 0; k < K; k++) variance[d * K + k] = v[k];
                    }
                }
                else
                {
                int batch = (int)Math.Clamp(8_000_000L / ((long)n * K), 1, D);
                for (int d0 = 0; d0 < D; d0 += batch)
                {
                    int nb = Math.Min(batch, D - d0), KK = nb * K;
                    var zz = new double[(long)n * KK];
                    for (int r = 0; r < n; r++)
                    {
                        int j = dom[r] - d0;
                        if (j < 0 || j >= nb) continue;
                        for (int k = 0; k < K; k++) zz[r * KK + j * K + k] = z[r * K + k];
                    }
                    Calibrator.Residualize(design, zz, KK);
                    var v = TaylorVariance.Compute(design, null, 1, zz, KK);
                    for (int j = 0; j < nb; j++)
                        for (int k = 0; k < K; k++) variance[(d0 + j) * K + k] = v[j * K + k];
                }
                }
            }
        }

        // ---- design effects: SRS variance of the linearised variable within the domain (R's svyvar)
        var ss = new double[D * K];
        var meanA = new double[D * K];
        for (int d = 0; d < D; d++)
            for (int k = 0; k < K; k++)
            {
                if (cnt[d] == 0) continue;
                meanA[d * K + k] = p.Kind == Kind.Ratio ? (SA[d * K + k] - theta[d * K + k] * SB[d]) / (SB[d] * W[d]) : SA[d * K + k] / W[d];
            }
        for (int r = 0; r < n; r++)
        {
            int d = dom[r];
            if (d < 0) continue;
            double wr = w[r];
            for (int k = 0; k < K; k++)
            {
                double a = p.Kind == Kind.Ratio ? (y![r] - theta[d * K + k] * x![r]) / SB[d] : p.A(r, k);
                double dev = a - meanA[d * K + k];
                ss[d * K + k] += wr * dev * dev;
            }
        }

        double zq = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        var result = new SurveyEstimate[K][];
        for (int k = 0; k < K; k++)
        {
            result[k] = new SurveyEstimate[D];
            for (int d = 0; d < D; d++)
            {
                int m = cnt[d];
                if (m == 0) { result[k][d] = new SurveyEstimate(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0); continue; }
                int i = d * K + k;
                double est = theta[i], v = variance[i], se = Math.Sqrt(v);
                double s2 = ss[i] / W[d] * m / (m - 1.0);
                double psum = W[d];
                double vsrsRep = p.Kind == Kind.Mean ? s2 / m : s2 * psum * psum / m;
                double vsrs = psum < m ? double.NaN : vsrsRep * (psum - m) / psum;
                result[k][d] = new SurveyEstimate(est, se, est - zq * se, est + zq * se, v / vsrs, v / vsrsRep, m, psum);
            }
        }
        return result;
    }
}
