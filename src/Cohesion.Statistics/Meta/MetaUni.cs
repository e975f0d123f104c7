using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Optimization;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// The random-effects / mixed-effects meta-regression model of metafor's <c>rma.uni</c>: τ² by one of eight
/// estimators (iterations, step halving, truncation and convergence checks as metafor 3.8), weighted least squares
/// for the fixed effects, z / Knapp–Hartung / t tests, Q_E, I², H², the omnibus Q_M test and the prediction interval.
/// X is row-major (k × p) and includes the intercept column when there is one.
/// </summary>
public sealed class MetaUniFit : MetaFit
{
    public required TauEstimator Method { get; init; }
    public required double[] Yi { get; init; }
    public required double[] Vi { get; init; }
    /// <summary>Row-major k × p.</summary>
    public required double[] X { get; init; }
    public required double Tau2 { get; init; }
    public required double SeTau2 { get; init; }
    public required double I2 { get; init; }
    public required double H2 { get; init; }
    public required int QMdf { get; init; }
    public required double S2w { get; init; }
    public required bool HasIntercept { get; init; }
    public required double LogLikML { get; init; }
    public required double LogLikREML { get; init; }
    public int[] Btt { get; init; } = [];

    public override double[] ModelMatrix => X;
    public override double HeterogeneityVariance => Tau2;
}

public sealed class MetaUniOptions
{
    public TauEstimator Method { get; init; } = TauEstimator.REML;
    public MetaTest Test { get; init; } = MetaTest.Z;
    public double Level { get; init; } = 0.95;
    /// <summary>Fix τ² at this value instead of estimating it.</summary>
    public double? Tau2 { get; init; }
    /// <summary>Skip the heterogeneity statistics (used in permutation loops).</summary>
    public bool Minimal { get; init; }
}

public static class MetaUni
{
    private const double Threshold = 1e-5;
    private const int MaxIter = 100;
    private static readonly double RootTol = Math.Pow(2.220446049250313e-16, 0.25);

    /// <summary>Fits an intercept-only random-effects model.</summary>
    public static MetaUniFit Fit(ReadOnlySpan<double> yi, ReadOnlySpan<double> vi, MetaUniOptions? options = null)
    {
        var x = new double[yi.Length];
        Array.Fill(x, 1.0);
        return Fit(yi, vi, x, 1, ["intrcpt"], options);
    }

    /// <summary>Fits the model with design <paramref name="xRowMajor"/> (k × p, first column the intercept if any).</summary>
    public static MetaUniFit Fit(ReadOnlySpan<double> yi, ReadOnlySpan<double> vi, double[] xRowMajor, int p, string[] terms, MetaUniOptions? options = null)
    {
        options ??= new MetaUniOptions();
        int k = yi.Length;
        if (vi.Length != k || xRowMajor.Length != k * p) throw new ArgumentException("length mismatch");
        if (k < 2) throw new CohesionException($"at least two studies are needed (k = {k})");
        for (int i = 0; i < k; i++)
        {
            if (!double.IsFinite(yi[i])) throw new CohesionException($"effect size is not finite ({yi[i]})", row: i + 1);
            if (!(vi[i] > 0) || !double.IsFinite(vi[i])) throw new CohesionException($"sampling variance must be positive and finite, got {vi[i]}", row: i + 1);
        }
        var method = options.Method;
        if (options.Tau2 is null && method != TauEstimator.FE && p + 1 > k)
            throw new CohesionException($"number of parameters to be estimated ({p + 1}) is larger than the number of studies ({k})");
        if (p > k) throw new CohesionException($"number of coefficients ({p}) is larger than the number of studies ({k})");

        var y = yi.ToArray();
        var v = vi.ToArray();
        var ws = new Wls(xRowMajor, k, p);
        bool hasIntercept = HasInterceptColumn(xRowMajor, k, p, out int intCol);
        bool intOnly = p == 1 && hasIntercept;
        // metafor estimates tau2 from the mean-centred outcomes (identical when the model has an intercept)
        double mean = 0;
        for (int i = 0; i < k; i++) mean += y[i];
        mean /= k;
        var ymc = new double[k];
        for (int i = 0; i < k; i++) ymc[i] = y[i] - mean;

        bool converged = true;
        int iterations = 0;
        double tau2;
        double seTau2 = double.NaN;
        var w = new double[k];

        if (options.Tau2 is double fixedTau2) tau2 = fixedTau2;
        else switch (method)
        {
            case TauEstimator.FE: tau2 = 0; break;
            case TauEstimator.DL:
            {
                for (int i = 0; i < k; i++) w[i] = 1 / v[i];
                ws.Compute(w, ymc);
                double trP = ws.TraceP();
                tau2 = (ws.Rss - (k - p)) / trP;
                tau2 = Math.Max(0, tau2);
                seTau2 = Math.Sqrt(1 / (trP * trP) * (2 * (k - p) + 4 * tau2 * trP + 2 * tau2 * tau2 * ws.TracePP()));
                break;
            }
            case TauEstimator.HS:
            {
                double sw = 0;
                for (int i = 0; i < k; i++) { w[i] = 1 / v[i]; sw += w[i]; }
                ws.Compute(w, ymc);
                tau2 = Math.Max(0, (ws.Rss - k) / sw);
                seTau2 = Math.Sqrt(1 / (sw * sw) * (2 * (k - p) + 4 * tau2 * ws.TraceP() + 2 * tau2 * tau2 * ws.TracePP()));
                break;
            }
            case TauEstimator.HE:
                tau2 = Math.Max(0, HunterSchmidtHE(ws, ymc, v, k, p));
                break;
            case TauEstimator.SJ:
            {
                double ss = 0;
                for (int i = 0; i < k; i++) ss += ymc[i] * ymc[i];
                double tau20 = ss / (k - 1) * (k - 1) / k;
                for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + tau20);
                ws.Compute(w, ymc);
                tau2 = Math.Max(0, tau20 * ws.Rss / (k - p));
                break;
            }
            case TauEstimator.PM:
            {
                double target = k - p;
                double Qf(double t)
                {
                    for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + t);
                    ws.Compute(w, ymc);
                    return ws.Rss - target;
                }
                double tau2Max = Math.Max(100, 10 * Sq(Mad(y)));
                if (Qf(0) < 0) tau2 = 0;
                else if (Qf(tau2Max) > 0)
                    throw new ModelException("PM estimator: the upper bound for tau^2 is too low (no root of the generalised Q equation below " + tau2Max.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) + ")");
                else if (!RootFinder.UniRoot(Qf, 0, tau2Max, RootTol, MaxIter, out tau2, out iterations))
                    throw new ModelException("PM estimator: the iterative search for tau^2 did not converge");
                tau2 = Math.Max(0, tau2);
                break;
            }
            case TauEstimator.ML:
            case TauEstimator.REML:
            case TauEstimator.EB:
            {
                tau2 = Math.Max(0, HunterSchmidtHE(ws, ymc, v, k, p));
                double change = Threshold + 1;
                while (change > Threshold)
                {
                    iterations++;
                    double old = tau2;
                    for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + tau2);
                    ws.Compute(w, ymc);
                    double adj;
                    if (method == TauEstimator.ML)
                    {
                        double sw = 0, sw2 = 0;
                        for (int i = 0; i < k; i++) { sw += w[i]; sw2 += w[i] * w[i]; }
                        adj = (ws.YPPY - sw) / sw2;
                    }
                    else if (method == TauEstimator.REML) adj = (ws.YPPY - ws.TraceP()) / ws.TracePP();
                    else
                    {
                        double sw = 0;
                        for (int i = 0; i < k; i++) sw += w[i];
                        adj = (ws.Rss * k / (k - p) - k) / sw;
                    }
                    if (double.IsNaN(adj)) adj = 0;
                    while (tau2 + adj < 0) adj /= 2;
                    tau2 += adj;
                    change = Math.Abs(old - tau2);
                    if (iterations > MaxIter) { converged = false; break; }
                }
                if (!converged)
                    throw new ModelException($"Fisher scoring algorithm for tau^2 ({method}) did not converge after {MaxIter} iterations");
                if (method != TauEstimator.EB)
                {
                    double ll0 = LogLik(ws, ymc, v, 0, k, p, method == TauEstimator.REML, w);
                    double ll = LogLik(ws, ymc, v, tau2, k, p, method == TauEstimator.REML, w);
                    if (ll0 - ll > RootTol && tau2 > Threshold) tau2 = 0; // metafor: stuck at a local maximum
                }
                tau2 = Math.Max(0, tau2);
                for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + tau2);
                ws.Compute(w, ymc);
                if (method == TauEstimator.REML) seTau2 = Math.Sqrt(2 / ws.TracePP());
                else if (method == TauEstimator.ML)
                {
                    double sw2 = 0;
                    for (int i = 0; i < k; i++) sw2 += w[i] * w[i];
                    seTau2 = Math.Sqrt(2 / sw2);
                }
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(options));
        }
        if (method is TauEstimator.EB or TauEstimator.PM)
        {
            double sw = 0;
            for (int i = 0; i < k; i++) sw += 1 / (v[i] + tau2);
            seTau2 = Math.Sqrt(2.0 * k * k / (k - p) / (sw * sw));
        }

        // the model fit
        for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + tau2);
        ws.Compute(w, y);
        var beta = (double[])ws.Beta.Clone();
        var vb = (double[])ws.Ainv.Clone();
        double s2w = 1;
        if (options.Test == MetaTest.Knha)
        {
            s2w = ws.Rss <= 2.220446049250313e-16 ? 0 : ws.Rss / (k - p);
            for (int j = 0; j < vb.Length; j++) vb[j] *= s2w;
        }
        double llML = double.NaN, llREML = double.NaN;
        if (!options.Minimal)
        {
            double rss = ws.Rss, sumLog = 0;
            for (int i = 0; i < k; i++) sumLog += Math.Log(v[i] + tau2);
            llML = -0.5 * k * Math.Log(2 * Math.PI) - 0.5 * sumLog - 0.5 * rss;
            llREML = -0.5 * (k - p) * Math.Log(2 * Math.PI) + 0.5 * ws.LogDetXtX() - 0.5 * sumLog - 0.5 * ws.LogDetA - 0.5 * rss;
        }

        bool tTest = options.Test != MetaTest.Z;
        double ddf = tTest ? k - p : double.NaN;
        double alpha = 1 - options.Level;
        double crit = tTest ? (ddf > 0 ? StudentT.InvCDF(0, 1, ddf, 1 - alpha / 2) : double.NaN) : Normal.InvCDF(0, 1, 1 - alpha / 2);
        var se = new double[p];
        var stat = new double[p];
        var pv = new double[p];
        var lo = new double[p];
        var hi = new double[p];
        for (int j = 0; j < p; j++)
        {
            se[j] = Math.Sqrt(vb[j * p + j]);
            stat[j] = beta[j] / se[j];
            pv[j] = tTest ? (ddf > 0 ? 2 * StudentT.CDF(0, 1, ddf, -Math.Abs(stat[j])) : double.NaN) : 2 * Normal.CDF(0, 1, -Math.Abs(stat[j]));
            lo[j] = beta[j] - crit * se[j];
            hi[j] = beta[j] + crit * se[j];
        }
        // omnibus test of moderators: all coefficients but the intercept (all when there is none or p = 1)
        int[] btt = hasIntercept && p > 1 ? Enumerable.Range(0, p).Where(j => j != intCol).ToArray() : Enumerable.Range(0, p).ToArray();
        double qm = QuadraticForm(beta, vb, p, btt);
        int m = btt.Length;
        double qmp;
        if (tTest)
        {
            qm /= m;
            qmp = k - p > 0 ? 1 - FisherSnedecor.CDF(m, k - p, qm) : double.NaN;
        }
        else qmp = UpperChi(m, qm);

        // heterogeneity
        double qe = 0, qep = 1, i2 = 0, h2 = 1;
        if (!options.Minimal)
        {
            if (k > p)
            {
                var wfe = new double[k];
                for (int i = 0; i < k; i++) wfe[i] = 1 / v[i];
                ws.Compute(wfe, ymc);
                qe = Math.Max(0, ws.Rss);
                qep = UpperChi(k - p, qe);
                double vt = (k - p) / ws.TraceP();
                if (method == TauEstimator.FE && options.Tau2 is null)
                {
                    i2 = Math.Max(0, 100 * (qe - (k - p)) / qe);
                    h2 = qe / (k - p);
                }
                else
                {
                    i2 = 100 * tau2 / (vt + tau2);
                    h2 = tau2 / vt + 1;
                }
            }
        }

        return new MetaUniFit
        {
            K = k, P = p, Method = method, Test = options.Test, Terms = terms, Yi = y, Vi = v, X = xRowMajor,
            Beta = beta, Vb = vb, Se = se, Statistic = stat, PValue = pv, CiLower = lo, CiUpper = hi,
            Tau2 = tau2, SeTau2 = seTau2, QE = qe, QEp = qep, I2 = i2, H2 = h2, QM = qm, QMp = qmp, QMdf = m, Ddf = ddf, S2w = s2w,
            Converged = converged, Iterations = iterations, InterceptOnly = intOnly, HasIntercept = hasIntercept,
            LogLikML = llML, LogLikREML = llREML, Level = options.Level, Btt = btt
        };
    }

    /// <summary>Upper tail of the χ² distribution, accurate for tiny p-values (regularised incomplete gamma Q).</summary>
    internal static double UpperChi(double df, double x) => x <= 0 ? 1 : MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);

    internal static double Sq(double x) => x * x;

    /// <summary>R's <c>mad()</c>: 1.4826 × median absolute deviation from the median.</summary>
    internal static double Mad(double[] y)
    {
        double med = Median(y);
        var d = new double[y.Length];
        for (int i = 0; i < y.Length; i++) d[i] = Math.Abs(y[i] - med);
        return 1.4826 * Median(d);
    }

    internal static double Median(double[] a)
    {
        var s = (double[])a.Clone();
        Array.Sort(s);
        int n = s.Length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    internal static bool HasInterceptColumn(double[] x, int k, int p, out int col)
    {
        for (int j = 0; j < p; j++)
        {
            bool all = true;
            for (int i = 0; i < k && all; i++) all = x[i * p + j] == 1.0;
            if (all) { col = j; return true; }
        }
        col = -1;
        return false;
    }

    private static double HunterSchmidtHE(Wls ws, double[] ymc, double[] v, int k, int p)
    {
        // ordinary least squares: RSS and tr(P V) with P = I - X (X'X)^-1 X'
        var ones = new double[k];
        Array.Fill(ones, 1.0);
        ws.Compute(ones, ymc);
        double trPV = 0;
        for (int i = 0; i < k; i++) trPV += v[i] * (1 - ws.Leverage[i]);
        return (ws.Rss - trPV) / (k - p);
    }

    private static double LogLik(Wls ws, double[] ymc, double[] v, double tau2, int k, int p, bool reml, double[] w)
    {
        for (int i = 0; i < k; i++) w[i] = 1 / (v[i] + tau2);
        ws.Compute(w, ymc);
        double sumLog = 0;
        for (int i = 0; i < k; i++) sumLog += Math.Log(v[i] + tau2);
        return reml
            ? -0.5 * (k - p) * Math.Log(2 * Math.PI) - 0.5 * sumLog - 0.5 * ws.LogDetA - 0.5 * ws.Rss
            : -0.5 * k * Math.Log(2 * Math.PI) - 0.5 * sumLog - 0.5 * ws.Rss;
    }

    internal static double QuadraticForm(double[] beta, double[] vb, int p, int[] idx)
    {
        int m = idx.Length;
        var sub = new double[m * m];
        var b = new double[m];
        for (int a = 0; a < m; a++)
        {
            b[a] = beta[idx[a]];
            for (int c = 0; c < m; c++) sub[a * m + c] = vb[idx[a] * p + idx[c]];
        }
        if (!Cholesky.Decompose(sub, m)) return double.NaN;
        var sol = (double[])b.Clone();
        Cholesky.Solve(sub, m, sol);
        double q = 0;
        for (int a = 0; a < m; a++) q += b[a] * sol[a];
        return q;
    }
}

/// <summary>
/// Weighted least squares with the quantities the τ² estimators need, without forming k × k matrices:
/// A = XᵀWX, β, residual sum of squares yᵀPy, tr(P), tr(PP), yᵀPPy and the leverages xᵢᵀA⁻¹xᵢ.
/// P = W − WX(XᵀWX)⁻¹XᵀW. Reusable across calls (no allocation per call).
/// </summary>
internal sealed class Wls
{
    private readonly double[] _x;
    private readonly int _k, _p;
    private readonly double[] _w;
    private readonly double[] _a, _l, _b, _tmp;
    public readonly double[] Ainv, Beta, Resid, Leverage;
    public double Rss, YPPY, LogDetA;

    public Wls(double[] xRowMajor, int k, int p)
    {
        _x = xRowMajor; _k = k; _p = p;
        _w = new double[k];
        _a = new double[p * p]; _l = new double[p * p]; _b = new double[p * p]; _tmp = new double[p];
        Ainv = new double[p * p]; Beta = new double[p]; Resid = new double[k]; Leverage = new double[k];
    }

    public void Compute(ReadOnlySpan<double> w, ReadOnlySpan<double> y)
    {
        int k = _k, p = _p;
        w.CopyTo(_w);
        Array.Clear(_a);
        Array.Clear(_tmp);
        for (int i = 0; i < k; i++)
        {
            var xi = _x.AsSpan(i * p, p);
            double wi = w[i];
            for (int a = 0; a < p; a++)
            {
                double wxa = wi * xi[a];
                _tmp[a] += wxa * y[i];
                for (int b = 0; b <= a; b++) _a[a * p + b] += wxa * xi[b];
            }
        }
        for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) _a[b * p + a] = _a[a * p + b];
        Array.Copy(_a, _l, p * p);
        if (!Cholesky.Decompose(_l, p)) throw new ModelException("the model matrix is not of full rank (X'WX is singular); a moderator is constant or collinear");
        LogDetA = Cholesky.LogDeterminant(_l, p);
        var inv = Cholesky.Inverse(_l, p);
        Array.Copy(inv, Ainv, p * p);
        for (int a = 0; a < p; a++)
        {
            double s = 0;
            for (int b = 0; b < p; b++) s += Ainv[a * p + b] * _tmp[b];
            Beta[a] = s;
        }
        double rss = 0, ypp = 0;
        for (int i = 0; i < k; i++)
        {
            var xi = _x.AsSpan(i * p, p);
            double f = 0;
            for (int a = 0; a < p; a++) f += xi[a] * Beta[a];
            double r = y[i] - f;
            Resid[i] = r;
            rss += w[i] * r * r;
            ypp += w[i] * w[i] * r * r;
            double h = 0;
            for (int a = 0; a < p; a++)
            {
                double s = 0;
                for (int b = 0; b < p; b++) s += Ainv[a * p + b] * xi[b];
                h += xi[a] * s;
            }
            Leverage[i] = h;
        }
        Rss = rss;
        YPPY = ypp;
    }

    /// <summary>tr(P) = Σw − Σw²h.</summary>
    public double TraceP()
    {
        double s = 0;
        for (int i = 0; i < _k; i++) s += _w[i] - _w[i] * _w[i] * Leverage[i];
        return s;
    }

    /// <summary>tr(PP) = Σw² − 2Σw³h + tr(A⁻¹BA⁻¹B), B = XᵀW²X.</summary>
    public double TracePP()
    {
        int k = _k, p = _p;
        Array.Clear(_b);
        double s = 0;
        for (int i = 0; i < k; i++)
        {
            double wi = _w[i], w2 = wi * wi;
            s += w2 - 2 * w2 * wi * Leverage[i];
            var xi = _x.AsSpan(i * p, p);
            for (int a = 0; a < p; a++)
                for (int b = 0; b < p; b++) _b[a * p + b] += w2 * xi[a] * xi[b];
        }
        // C = A^-1 B ; tr(C C)
        var c = MatrixOps.Multiply(Ainv, _b, p, p, p);
        double t = 0;
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) t += c[a * p + b] * c[b * p + a];
        return s + t;
    }

    /// <summary>log det(XᵀX).</summary>
    public double LogDetXtX()
    {
        int k = _k, p = _p;
        var a = new double[p * p];
        for (int i = 0; i < k; i++)
            for (int r = 0; r < p; r++) for (int c = 0; c < p; c++) a[r * p + c] += _x[i * p + r] * _x[i * p + c];
        return Cholesky.Decompose(a, p) ? Cholesky.LogDeterminant(a, p) : double.NaN;
    }
}
