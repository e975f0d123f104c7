using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// Multilevel meta-analysis with nested random intercepts, metafor's <c>rma.mv(yi, vi, random = ~ 1 | a/b/...)</c>:
/// M = diag(vᵢ) + Σₗ σ²ₗ ZₗZₗᵀ with σ²₁ the outermost level. M is block-diagonal by the outermost group, so every
/// quantity is computed per block with a small dense Cholesky factor (k = 10,000 effect sizes in 1,000 studies is a
/// few thousand 10 × 10 factorisations per iteration). The (restricted) likelihood is maximised by Fisher scoring
/// on the variance components with analytic score and information, step halving and an active set at σ² = 0.
/// </summary>
public sealed class MetaMvFit : MetaFit
{
    public required bool Reml { get; init; }
    public required string[] LevelNames { get; init; }
    public required int[] LevelCounts { get; init; }
    public required double[] Sigma2 { get; init; }
    public required double LogLik { get; init; }
    internal MetaMvModel Model { get; init; } = null!;
    /// <summary>Design matrix, row-major k × p.</summary>
    public double[] X => Model.X;
    /// <summary>Outermost group code of each effect size.</summary>
    public int[] OuterGroup => Model.Groups[0];

    public override double[] ModelMatrix => X;
    public override double HeterogeneityVariance => Sigma2.Sum() + Tau2.Sum() + Gamma2.Sum();

    /// <summary>t tests of the general engine have a df per coefficient (residual or contain).</summary>
    protected override double? DfOf(int j) => Test == MetaTest.Z ? null : DdfAll.Length > j ? DdfAll[j] : Ddf;

    /// <summary>Prediction interval for the average effect (intercept-only models): β ± crit √(var β + Σσ² + τ² + γ²)
    /// as metafor's predict(); NaN when a structured term has several τ² (metafor then predicts per inner level).</summary>
    public override (double Lower, double Upper) PredictionInterval
    {
        get
        {
            if (!InterceptOnly || Tau2.Length > 1 || Gamma2.Length > 1) return (double.NaN, double.NaN);
            double df = DdfAll.Length > 0 ? DdfAll[0] : K - P;
            double crit = Test == MetaTest.Z ? Probability.Critical(Level) : Probability.Critical(Level, df);
            double s = Math.Sqrt(Vb[0] + Sigma2.Sum() + Tau2.Sum() + Gamma2.Sum());
            return (Beta[0] - crit * s, Beta[0] + crit * s);
        }
    }

    /// <summary>The marginal covariance block of the rows in <paramref name="rows"/> (row-major), for robust variance.</summary>
    public double[] MarginalBlock(ReadOnlySpan<int> rows) => Marginal is { } m ? m(rows.ToArray()) : Model.Block(rows, Sigma2);

    // ---- set by the general engine (MetaMvGeneral): structured terms, known V, per-coefficient df, btt --------------
    /// <summary>τ² of the first <c>~ inner | outer</c> term (empty without one), as metafor's fit$tau2.</summary>
    public double[] Tau2 { get; init; } = [];
    /// <summary>ρ of the first structured term, as metafor's fit$rho.</summary>
    public double[] Rho { get; init; } = [];
    /// <summary>γ² and φ of the second structured term.</summary>
    public double[] Gamma2 { get; init; } = [];
    public double[] Phi { get; init; } = [];
    public VarianceStructure[] Structures { get; init; } = [];
    public StructuredTerm[] StructuredTerms { get; init; } = [];
    /// <summary>Denominator df per coefficient for t tests (residual or contain); empty for z tests of the nested engine.</summary>
    public double[] DdfAll { get; init; } = [];
    /// <summary>The omnibus (or btt) Wald test with its df and tested positions.</summary>
    public CoefficientTest? QmTest { get; init; }
    /// <summary>Every variance component with metafor's confint() name.</summary>
    public IReadOnlyList<VarianceComponent> Components { get; init; } = [];
    /// <summary>The problem this fit solved (for refits: profile likelihood, leave-one-out).</summary>
    public MetaMvProblem? Problem { get; init; }
    public double LogLikMl { get; init; } = double.NaN;
    public double LogLikReml { get; init; } = double.NaN;
    /// <summary>Independent blocks of rows (M is block diagonal over them).</summary>
    public int[][] Blocks { get; init; } = [];
    internal Func<int[], double[]>? Marginal { get; init; }
}

/// <summary>Data of a multilevel model: outcomes, variances, design and group codes per level (outer first).</summary>
internal sealed class MetaMvModel
{
    public readonly double[] Y, V, X;
    public readonly int K, P, L;
    /// <summary>Group code of each row at each level: Groups[l][i].</summary>
    public readonly int[][] Groups;
    /// <summary>Rows of each outer block.</summary>
    public readonly int[][] Blocks;

    public MetaMvModel(double[] y, double[] v, double[] x, int p, int[][] groups)
    {
        Y = y; V = v; X = x; K = y.Length; P = p; L = groups.Length; Groups = groups;
        int nOuter = groups[0].Max() + 1;
        var lists = new List<int>[nOuter];
        for (int g = 0; g < nOuter; g++) lists[g] = new List<int>();
        for (int i = 0; i < K; i++) lists[groups[0][i]].Add(i);
        Blocks = lists.Where(l => l.Count > 0).Select(l => l.ToArray()).ToArray();
    }

    public double[] Block(ReadOnlySpan<int> rows, double[] sigma2)
    {
        int n = rows.Length;
        var m = new double[n * n];
        for (int a = 0; a < n; a++)
        {
            int ia = rows[a];
            for (int b = 0; b < n; b++)
            {
                int ib = rows[b];
                double s = a == b ? V[ia] : 0;
                for (int l = 0; l < L; l++) if (Groups[l][ia] == Groups[l][ib]) s += sigma2[l];
                m[a * n + b] = s;
            }
        }
        return m;
    }
}

public static class MetaMv
{
    /// <summary>
    /// Fits the nested model. <paramref name="groups"/>[l][i] is the group of row i at level l (level 0 outermost;
    /// level l codes must identify the interaction of levels 0..l, i.e. be unique across outer groups).
    /// </summary>
    public static MetaMvFit Fit(double[] yi, double[] vi, double[] xRowMajor, int p, string[] terms, int[][] groups, string[] levelNames,
        bool reml = true, MetaTest test = MetaTest.Z, double level = 0.95)
    {
        int k = yi.Length;
        if (k < 2) throw new CohesionException($"at least two effect sizes are needed (k = {k})");
        if (test == MetaTest.Knha) throw new CohesionException($"the Knapp-Hartung test is not available for multilevel models (metafor's rma.mv); use {ParameterText.Of("test")} t");
        for (int i = 0; i < k; i++)
        {
            if (!double.IsFinite(yi[i])) throw new CohesionException($"effect size is not finite ({yi[i]})", row: i + 1);
            if (!(vi[i] > 0) || !double.IsFinite(vi[i])) throw new CohesionException($"sampling variance must be positive and finite, got {vi[i]}", row: i + 1);
        }
        int L = groups.Length;
        if (p + L > k) throw new CohesionException($"number of parameters ({p + L}) is larger than the number of effect sizes ({k})");
        var model = new MetaMvModel(yi, vi, xRowMajor, p, groups);
        var work = new MvWork(model, reml);

        // starting values: share the OLS residual variance beyond the sampling variance equally over the levels
        var ones = new double[k];
        Array.Fill(ones, 1.0);
        var wls = new Wls(xRowMajor, k, p);
        wls.Compute(ones, yi);
        double rv = wls.Rss / Math.Max(1, k - p);
        double meanV = vi.Average();
        double start = Math.Max(rv - meanV, 0.01 * rv) / L;
        if (!(start > 0)) start = 0.01;
        var theta = new double[L];
        Array.Fill(theta, start);

        bool converged = false;
        int iter = 0;
        double ll = work.Evaluate(theta, wantInfo: true);
        var active = new bool[L];
        for (iter = 1; iter <= 200; iter++)
        {
            // active set: components at 0 with a score pushing below 0 stay at 0
            for (int l = 0; l < L; l++) active[l] = !(theta[l] <= 0 && work.Score[l] <= 0);
            var step = SolveActive(work.Info, work.Score, active, L);
            double t = 1;
            double[] cand = new double[L];
            double llNew = double.NegativeInfinity;
            for (int half = 0; half < 40; half++)
            {
                for (int l = 0; l < L; l++) cand[l] = Math.Max(0, theta[l] + t * step[l]);
                llNew = work.Evaluate(cand, wantInfo: false);
                if (llNew >= ll - 1e-12 * Math.Abs(ll)) break;
                t /= 2;
            }
            double maxChange = 0;
            for (int l = 0; l < L; l++) maxChange = Math.Max(maxChange, Math.Abs(cand[l] - theta[l]) / Math.Max(1e-8, Math.Abs(theta[l])));
            Array.Copy(cand, theta, L);
            ll = work.Evaluate(theta, wantInfo: true);
            double maxScore = 0;
            for (int l = 0; l < L; l++) if (active[l]) maxScore = Math.Max(maxScore, Math.Abs(work.Score[l]) * Math.Max(theta[l], 1e-8));
            if (maxChange < 1e-10 || maxScore < 1e-12) { converged = true; break; }
        }
        if (!converged) throw new ModelException("the multilevel model did not converge (Fisher scoring, 200 iterations); check the random-effects structure");

        // fixed effects at the estimate
        var c = work.Cinv;
        var beta = work.Beta;
        double ddf = test == MetaTest.T ? k - p : double.NaN;
        double crit = test == MetaTest.T ? StudentT.InvCDF(0, 1, ddf, 1 - (1 - level) / 2) : Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        var se = new double[p]; var stat = new double[p]; var pv = new double[p]; var lo = new double[p]; var hi = new double[p];
        for (int j = 0; j < p; j++)
        {
            se[j] = Math.Sqrt(c[j * p + j]);
            stat[j] = beta[j] / se[j];
            pv[j] = test == MetaTest.T ? 2 * StudentT.CDF(0, 1, ddf, -Math.Abs(stat[j])) : 2 * Normal.CDF(0, 1, -Math.Abs(stat[j]));
            lo[j] = beta[j] - crit * se[j];
            hi[j] = beta[j] + crit * se[j];
        }
        bool hasInt = MetaUni.HasInterceptColumn(xRowMajor, k, p, out int intCol);
        int[] btt = hasInt && p > 1 ? Enumerable.Range(0, p).Where(j => j != intCol).ToArray() : Enumerable.Range(0, p).ToArray();
        double qm = MetaUni.QuadraticForm(beta, c, p, btt);
        double qmp;
        if (test == MetaTest.T) { qm /= btt.Length; qmp = 1 - FisherSnedecor.CDF(btt.Length, k - p, qm); }
        else qmp = MetaUni.UpperChi(btt.Length, qm);

        // heterogeneity test with the sampling variances only
        var wfe = new double[k];
        for (int i = 0; i < k; i++) wfe[i] = 1 / vi[i];
        wls.Compute(wfe, yi);
        double qe = Math.Max(0, wls.Rss);

        var counts = new int[L];
        for (int l = 0; l < L; l++) counts[l] = groups[l].Distinct().Count();
        return new MetaMvFit
        {
            K = k, P = p, Reml = reml, Test = test, Terms = terms, LevelNames = levelNames, LevelCounts = counts, Sigma2 = (double[])theta.Clone(),
            Beta = (double[])beta.Clone(), Vb = (double[])c.Clone(), Se = se, Statistic = stat, PValue = pv, CiLower = lo, CiUpper = hi,
            QE = qe, QEp = MetaUni.UpperChi(k - p, qe), QM = qm, QMp = qmp, Ddf = ddf, LogLik = reml ? ll + 0.5 * wls.LogDetXtX() : ll, Converged = converged, Iterations = iter,
            InterceptOnly = p == 1 && hasInt, Level = level, Model = model,
            DdfAll = test == MetaTest.T ? Enumerable.Repeat(ddf, p).ToArray() : []
        };
    }

    private static double[] SolveActive(double[] info, double[] score, bool[] active, int L)
    {
        var idx = Enumerable.Range(0, L).Where(l => active[l]).ToArray();
        var step = new double[L];
        if (idx.Length == 0) return step;
        int m = idx.Length;
        var a = new double[m * m];
        var b = new double[m];
        for (int r = 0; r < m; r++)
        {
            b[r] = score[idx[r]];
            for (int q = 0; q < m; q++) a[r * m + q] = info[idx[r] * L + idx[q]];
        }
        if (!Cholesky.Decompose(a, m))
        {
            // fall back to a scaled gradient step
            for (int r = 0; r < m; r++) step[idx[r]] = b[r] / Math.Max(1e-12, Math.Abs(info[idx[r] * L + idx[r]]));
            return step;
        }
        Cholesky.Solve(a, m, b);
        for (int r = 0; r < m; r++) step[idx[r]] = b[r];
        return step;
    }
}

/// <summary>Per-evaluation work: likelihood, score and Fisher information by blocks.</summary>
internal sealed class MvWork
{
    private readonly MetaMvModel _m;
    private readonly bool _reml;
    public readonly double[] Score, Info, Beta, Cinv;
    private readonly double[] _xtmix, _xtmiy;
    // per block caches
    private readonly double[][] _chol, _miX, _miY;

    public MvWork(MetaMvModel m, bool reml)
    {
        _m = m; _reml = reml;
        int L = m.L, p = m.P;
        Score = new double[L]; Info = new double[L * L]; Beta = new double[p]; Cinv = new double[p * p];
        _xtmix = new double[p * p]; _xtmiy = new double[p];
        _chol = new double[m.Blocks.Length][]; _miX = new double[m.Blocks.Length][]; _miY = new double[m.Blocks.Length][];
        for (int j = 0; j < m.Blocks.Length; j++)
        {
            int n = m.Blocks[j].Length;
            _chol[j] = new double[n * n]; _miX[j] = new double[n * p]; _miY[j] = new double[n];
        }
    }

    /// <summary>Returns the log-likelihood (REML or ML, without constants that do not depend on σ²... metafor's full form).</summary>
    public double Evaluate(double[] sigma2, bool wantInfo)
    {
        var m = _m;
        int p = m.P, L = m.L, k = m.K;
        Array.Clear(_xtmix); Array.Clear(_xtmiy);
        double logDetM = 0;
        for (int j = 0; j < m.Blocks.Length; j++)
        {
            var rows = m.Blocks[j];
            int n = rows.Length;
            var ch = _chol[j];
            FillBlock(rows, sigma2, ch);
            if (!Cholesky.Decompose(ch, n)) throw new ModelException("marginal covariance matrix is not positive definite");
            logDetM += Cholesky.LogDeterminant(ch, n);
            var mix = _miX[j]; var miy = _miY[j];
            // Mi X (column by column), Mi y
            var col = new double[n];
            for (int a = 0; a < p; a++)
            {
                for (int r = 0; r < n; r++) col[r] = m.X[rows[r] * p + a];
                Cholesky.Solve(ch, n, col);
                for (int r = 0; r < n; r++) mix[r * p + a] = col[r];
            }
            for (int r = 0; r < n; r++) miy[r] = m.Y[rows[r]];
            Cholesky.Solve(ch, n, miy);
            for (int r = 0; r < n; r++)
            {
                int i = rows[r];
                for (int a = 0; a < p; a++)
                {
                    double xa = m.X[i * p + a];
                    _xtmiy[a] += xa * miy[r];
                    for (int b = 0; b < p; b++) _xtmix[a * p + b] += xa * mix[r * p + b];
                }
            }
        }
        var cl = (double[])_xtmix.Clone();
        if (!Cholesky.Decompose(cl, p)) throw new ModelException("the model matrix is not of full rank; a moderator is constant or collinear");
        double logDetC = Cholesky.LogDeterminant(cl, p);
        var inv = Cholesky.Inverse(cl, p);
        Array.Copy(inv, Cinv, p * p);
        for (int a = 0; a < p; a++)
        {
            double s = 0;
            for (int b = 0; b < p; b++) s += Cinv[a * p + b] * _xtmiy[b];
            Beta[a] = s;
        }
        // r' Mi r = y'Mi y - 2 b'X'Mi y + b' X'MiX b ; Py = Mi y - Mi X b (per block)
        double rMr = 0;
        for (int j = 0; j < m.Blocks.Length; j++)
        {
            var rows = m.Blocks[j];
            int n = rows.Length;
            var mix = _miX[j]; var miy = _miY[j];
            for (int r = 0; r < n; r++)
            {
                double fx = 0;
                for (int a = 0; a < p; a++) fx += mix[r * p + a] * Beta[a];
                double py = miy[r] - fx;                   // (P y)_r
                double res = m.Y[rows[r]];
                for (int a = 0; a < p; a++) res -= m.X[rows[r] * p + a] * Beta[a];
                rMr += res * py;
                miy[r] = py; // keep P y
            }
        }
        double ll = _reml
            ? -0.5 * ((k - p) * Math.Log(2 * Math.PI) + logDetM + logDetC + rMr)
            : -0.5 * (k * Math.Log(2 * Math.PI) + logDetM + rMr);
        if (wantInfo) ComputeScoreInfo();
        return ll;
    }

    private void FillBlock(int[] rows, double[] sigma2, double[] dst)
    {
        var m = _m;
        int n = rows.Length;
        for (int a = 0; a < n; a++)
        {
            int ia = rows[a];
            for (int b = 0; b <= a; b++)
            {
                int ib = rows[b];
                double s = a == b ? m.V[ia] : 0;
                for (int l = 0; l < m.L; l++) if (m.Groups[l][ia] == m.Groups[l][ib]) s += sigma2[l];
                dst[a * n + b] = s;
                dst[b * n + a] = s;
            }
        }
    }

    /// <summary>Score and Fisher information of σ² (ML: P replaced by M⁻¹ in the traces).</summary>
    private void ComputeScoreInfo()
    {
        var m = _m;
        int p = m.P, L = m.L;
        Array.Clear(Score); Array.Clear(Info);
        // accumulators
        var trMiA = new double[L];
        var sA = new double[L][];          // U'A U (p×p), U = Mi X
        var cross = new double[L * L][];   // U' B Mi A U (p×p) for pairs
        for (int l = 0; l < L; l++) sA[l] = new double[p * p];
        for (int q = 0; q < L * L; q++) cross[q] = new double[p * p];
        var trMAMB = new double[L * L];
        var yAy = new double[L];
        for (int j = 0; j < m.Blocks.Length; j++)
        {
            var rows = m.Blocks[j];
            int n = rows.Length;
            var ch = _chol[j];
            var mi = Cholesky.Inverse(ch, n); // n×n
            var u = _miX[j]; var py = _miY[j];
            // A_l within the block is the 0/1 same-group indicator
            // MiA_l = Mi A_l (n×n)
            var miA = new double[L][];
            for (int l = 0; l < L; l++)
            {
                var g = m.Groups[l];
                var ma = new double[n * n];
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < n; b++)
                    {
                        double s = 0;
                        int gb = g[rows[b]];
                        for (int c = 0; c < n; c++) if (g[rows[c]] == gb) s += mi[a * n + c];
                        ma[a * n + b] = s;
                    }
                miA[l] = ma;
                double tr = 0;
                for (int a = 0; a < n; a++) tr += ma[a * n + a];
                trMiA[l] += tr;
                // (Py)' A (Py)
                double yy = 0;
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < n; b++) if (g[rows[a]] == g[rows[b]]) yy += py[a] * py[b];
                yAy[l] += yy;
                // U' A U
                var s2 = sA[l];
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < n; b++)
                        if (g[rows[a]] == g[rows[b]])
                            for (int r = 0; r < p; r++)
                            {
                                double ur = u[a * p + r];
                                for (int c = 0; c < p; c++) s2[r * p + c] += ur * u[b * p + c];
                            }
            }
            for (int l = 0; l < L; l++)
                for (int q = 0; q < L; q++)
                {
                    // tr(Mi A_l Mi A_q)
                    var x1 = miA[l]; var x2 = miA[q];
                    double tr = 0;
                    for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) tr += x1[a * n + b] * x2[b * n + a];
                    trMAMB[l * L + q] += tr;
                    if (!_reml) continue;
                    // U' A_q Mi A_l U = U' (A_q Mi) (A_l U); A_q Mi = (Mi A_q)'
                    var aU = new double[n * p]; // A_l U
                    var g = m.Groups[l];
                    for (int a = 0; a < n; a++)
                        for (int b = 0; b < n; b++)
                            if (g[rows[a]] == g[rows[b]]) for (int c = 0; c < p; c++) aU[a * p + c] += u[b * p + c];
                    // t = (A_q Mi) aU  -> (Mi A_q)' aU
                    var t = new double[n * p];
                    for (int a = 0; a < n; a++)
                        for (int b = 0; b < n; b++)
                        {
                            double coef = x2[b * n + a];
                            if (coef == 0) continue;
                            for (int c = 0; c < p; c++) t[a * p + c] += coef * aU[b * p + c];
                        }
                    var cr = cross[l * L + q];
                    for (int a = 0; a < n; a++)
                        for (int r = 0; r < p; r++)
                        {
                            double ur = u[a * p + r];
                            for (int c = 0; c < p; c++) cr[r * p + c] += ur * t[a * p + c];
                        }
                }
        }
        var C = Cinv;
        for (int l = 0; l < L; l++)
        {
            double trPA = trMiA[l];
            if (_reml) trPA -= TraceProduct(C, sA[l], p);
            Score[l] = -0.5 * (trPA - yAy[l]);
            for (int q = 0; q < L; q++)
            {
                double t = trMAMB[l * L + q];
                if (_reml)
                {
                    t -= 2 * TraceProduct(C, cross[l * L + q], p);
                    var cs = MatrixOps.Multiply(C, sA[l], p, p, p);
                    var cs2 = MatrixOps.Multiply(C, sA[q], p, p, p);
                    double tt = 0;
                    for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) tt += cs[a * p + b] * cs2[b * p + a];
                    t += tt;
                }
                Info[l * L + q] = 0.5 * t;
            }
        }
    }

    private static double TraceProduct(double[] a, double[] b, int p)
    {
        double t = 0;
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) t += a[i * p + j] * b[j * p + i];
        return t;
    }
}
