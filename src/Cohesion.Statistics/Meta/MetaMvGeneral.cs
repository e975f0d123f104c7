using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>A <c>~ 1 | factor</c> random intercept of an rma.mv model (nested terms a/b contribute a and a/b).</summary>
public sealed record SigmaTerm(string Name, int[] Codes)
{
    public int LevelCount { get; } = Codes.Length == 0 ? 0 : Codes.Distinct().Count();
}

/// <summary>
/// Everything that defines an rma.mv model: outcomes, known sampling covariance, design, random structure,
/// estimation and inference options, and (optionally) variance components fixed at given values (NaN = estimate),
/// in metafor's vectors (sigma2, tau2, rho, gamma2, phi).
/// </summary>
public sealed record MetaMvProblem
{
    public required double[] Yi { get; init; }
    /// <summary>Sampling variances (diagonal of V).</summary>
    public required double[] Vi { get; init; }
    /// <summary>Full k × k sampling covariance (row-major); null when V = diag(<see cref="Vi"/>).</summary>
    public double[]? V { get; init; }
    /// <summary>Design, row-major k × p.</summary>
    public required double[] X { get; init; }
    public required int P { get; init; }
    public required string[] Terms { get; init; }
    public IReadOnlyList<SigmaTerm> Sigma { get; init; } = [];
    /// <summary>Up to two <c>~ inner | outer</c> terms (tau2/rho, then gamma2/phi).</summary>
    public IReadOnlyList<StructuredTerm> Structured { get; init; } = [];
    public bool Reml { get; init; } = true;
    public MetaTest Test { get; init; } = MetaTest.Z;
    /// <summary>metafor's <c>dfs = "contain"</c> (implies t tests); otherwise residual df k − p.</summary>
    public bool ContainDfs { get; init; }
    public double Level { get; init; } = 0.95;
    /// <summary>Coefficients (0-based) of the omnibus Wald test; null = all but the intercept.</summary>
    public int[]? Btt { get; init; }
    public double[]? Sigma2Fixed { get; init; }
    public double[]? Tau2Fixed { get; init; }
    public double[]? RhoFixed { get; init; }
    public double[]? Gamma2Fixed { get; init; }
    public double[]? PhiFixed { get; init; }

    public int K => Yi.Length;
    public bool TTest => Test != MetaTest.Z || ContainDfs;
}

/// <summary>A variance component of a fitted rma.mv model, named as metafor's confint() rows (sigma^2.1, tau^2, rho, ...).</summary>
public sealed record VarianceComponent(string Kind, int Index, string Name, double Estimate, bool Fixed);

/// <summary>The Wald-type test of a set of coefficients (χ² for z tests, F for t tests, as metafor's QM).</summary>
public sealed record CoefficientTest(double Statistic, double Df1, double Df2, double P, int[] Coefficients);

/// <summary>
/// rma.mv with any combination of random intercepts (nested or crossed), up to two structured <c>~ inner | outer</c>
/// terms (CS, HCS, UN, AR, HAR, ID, DIAG) and a known sampling covariance matrix V:
/// M = V + Σ σ²ₛ ZₛZₛᵀ + Σ (Z₁G Z₁ᵀ) ∘ (Z₂Z₂ᵀ). M is block diagonal over the connected components of the rows
/// (rows that share a level of any term or a non-zero V entry), so every quantity is computed per block. The
/// (restricted) likelihood is maximised by Fisher scoring with analytic score and expected information, step halving
/// and an active set at the bounds (variances ≥ 0, correlations in [−1, 1], UN correlation matrices positive
/// semi-definite); heteroscedastic structures are carried as standard deviations so G is smooth at zero variances.
/// </summary>
public static class MetaMvGeneral
{
    private const int MaxIter = 500;

    public static MetaMvFit Fit(MetaMvProblem problem)
    {
        var e = new MvEngine(problem);
        return e.Run();
    }

    /// <summary>metafor's <c>.ddf.calc(dfs = "contain")</c>: per coefficient, the smallest number of levels of a random
    /// factor within whose levels the coefficient's column is constant, minus p (k − p when none; at least 1).</summary>
    public static double[] ContainDf(MetaMvProblem pr)
    {
        int k = pr.K, p = pr.P;
        var factors = new List<int[]>();
        foreach (var s in pr.Sigma) factors.Add(s.Codes);
        foreach (var g in pr.Structured)
        {
            var comb = new int[k];
            var map = new Dictionary<(int, int), int>();
            for (int i = 0; i < k; i++)
            {
                var key = (g.Inner[i], g.Outer[i]);
                if (!map.TryGetValue(key, out var c)) { c = map.Count; map[key] = c; }
                comb[i] = c;
            }
            factors.Add(comb);
            factors.Add(g.Outer);
        }
        var ddf = new double[p];
        for (int j = 0; j < p; j++)
        {
            int best = k;
            foreach (var f in factors)
            {
                var first = new Dictionary<int, double>();
                bool constant = true;
                for (int i = 0; i < k && constant; i++)
                {
                    double x = pr.X[i * p + j];
                    if (first.TryGetValue(f[i], out var x0)) constant = x0 == x;
                    else first[f[i]] = x;
                }
                if (constant) best = Math.Min(best, first.Count);
            }
            ddf[j] = Math.Max(1, best - p);
        }
        return ddf;
    }

    /// <summary>metafor's <c>btt</c>: "2:3", "2,4", "3" (1-based positions) or a string matched against the coefficient
    /// names (a regular expression as R's grep; literal substring when that matches nothing). Returns 0-based positions.</summary>
    public static int[] ParseBtt(string text, string[] terms)
    {
        var t = text.Trim();
        if (t.StartsWith("c(") && t.EndsWith(')')) t = t[2..^1];
        var parts = t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var idx = new List<int>();
        bool numeric = parts.Length > 0 && parts.All(s => System.Text.RegularExpressions.Regex.IsMatch(s, @"^-?\d+(:-?\d+)?$"));
        if (numeric)
        {
            foreach (var part in parts)
            {
                var r = part.Split(':');
                int a = int.Parse(r[0]), b = r.Length > 1 ? int.Parse(r[1]) : a;
                for (int x = Math.Min(a, b); x <= Math.Max(a, b); x++) idx.Add(x);
            }
            if (idx.Any(x => x < 0) && idx.Any(x => x > 0)) throw new CohesionException($"btt '{text}' mixes positive and negative positions");
            int p = terms.Length;
            var chosen = idx.All(x => x < 0)
                ? Enumerable.Range(1, p).Where(x => !idx.Contains(-x)).ToList()
                : idx.Where(x => x >= 1 && x <= p).Distinct().Order().ToList();
            if (chosen.Count == 0) throw new CohesionException($"btt '{text}' names no existing coefficient (there are {p})");
            return chosen.Select(x => x - 1).ToArray();
        }
        List<int> hits;
        try
        {
            var re = new System.Text.RegularExpressions.Regex(t);
            hits = Enumerable.Range(0, terms.Length).Where(j => re.IsMatch(terms[j])).ToList();
        }
        catch (ArgumentException) { hits = []; }
        if (hits.Count == 0) hits = Enumerable.Range(0, terms.Length).Where(j => terms[j].Contains(t, StringComparison.Ordinal)).ToList();
        if (hits.Count == 0) throw new CohesionException($"btt '{text}' matches none of the coefficients ({string.Join(", ", terms)})");
        return hits.ToArray();
    }

    /// <summary>The Wald test of <paramref name="btt"/> (0-based): χ²(m) for z tests, F(m, df2) for t tests.</summary>
    public static CoefficientTest WaldTest(double[] beta, double[] vb, int p, int[] btt, bool tTest, double df2)
    {
        double qm = MetaUni.QuadraticForm(beta, vb, p, btt);
        int m = btt.Length;
        var pos = btt.Select(j => j + 1).ToArray();
        if (!tTest) return new CoefficientTest(qm, m, double.NaN, MetaUni.UpperChi(m, qm), pos);
        qm /= m;
        return new CoefficientTest(qm, m, df2, df2 > 0 ? 1 - FisherSnedecor.CDF(m, df2, qm) : double.NaN, pos);
    }

    /// <summary>metafor's default btt: all coefficients but the intercept (all when there is none, or only one).</summary>
    internal static int[] DefaultBtt(double[] x, int k, int p)
    {
        bool hasInt = MetaUni.HasInterceptColumn(x, k, p, out int intCol);
        return hasInt && p > 1 ? Enumerable.Range(0, p).Where(j => j != intCol).ToArray() : Enumerable.Range(0, p).ToArray();
    }

    /// <summary>One working parameter: which component, its bounds, fixed value.</summary>
    private sealed record Param(string Kind, int Index, int Term, int Local, bool Sd, double Lower, double Upper);

    private sealed class MvEngine
    {
        private readonly MetaMvProblem _pr;
        private readonly int _k, _p;
        private readonly List<Param> _params = new();
        private readonly double[] _fixedWorking; // NaN = free
        private readonly int[][] _blocks;
        private readonly BlockData[] _bd;
        private readonly double _logDetXtX;

        private sealed class BlockData
        {
            public int[] Rows = [];
            public double[] V = [];
            public bool[][] SigmaSame = [];
            public bool[][] OuterSame = [];
            public int[][] InnerIdx = [];
            public double[] X = [];
            public double[] Y = [];
        }

        public MvEngine(MetaMvProblem pr)
        {
            _pr = pr;
            _k = pr.K; _p = pr.P;
            int k = _k, p = _p;
            if (k < 2) throw new CohesionException($"at least two effect sizes are needed (k = {k})");
            if (pr.Structured.Count > 2) throw new CohesionException("at most two '~ inner | outer' terms are allowed");
            if (pr.Test == MetaTest.Knha) throw new CohesionException("the Knapp-Hartung test is not available for rma.mv models (metafor); use the t test");
            for (int i = 0; i < k; i++)
            {
                if (!double.IsFinite(pr.Yi[i])) throw new CohesionException($"effect size is not finite ({pr.Yi[i]})", row: i + 1);
                if (!(pr.Vi[i] >= 0) || !double.IsFinite(pr.Vi[i])) throw new CohesionException($"sampling variance must be non-negative and finite, got {pr.Vi[i]}", row: i + 1);
            }
            // parameter layout in metafor's order: sigma2, tau2, rho, gamma2, phi
            for (int s = 0; s < pr.Sigma.Count; s++) _params.Add(new Param("sigma2", s, -1, s, false, 0, double.PositiveInfinity));
            for (int g = 0; g < pr.Structured.Count; g++)
            {
                var t = pr.Structured[g];
                string vk = g == 0 ? "tau2" : "gamma2", rk = g == 0 ? "rho" : "phi";
                for (int a = 0; a < t.NTau2; a++) _params.Add(new Param(vk, a, g, a, t.SdScale, 0, double.PositiveInfinity));
                for (int r = 0; r < t.NRho; r++) _params.Add(new Param(rk, r, g, t.NTau2 + r, false, -1, 1));
            }
            _fixedWorking = new double[_params.Count];
            Array.Fill(_fixedWorking, double.NaN);
            for (int q = 0; q < _params.Count; q++)
            {
                var par = _params[q];
                double[]? user = par.Kind switch { "sigma2" => pr.Sigma2Fixed, "tau2" => pr.Tau2Fixed, "rho" => pr.RhoFixed, "gamma2" => pr.Gamma2Fixed, _ => pr.PhiFixed };
                if (user is not null && par.Index < user.Length && !double.IsNaN(user[par.Index]))
                {
                    double v = user[par.Index];
                    if (par.Kind is "sigma2" or "tau2" or "gamma2" && v < 0) throw new CohesionException($"a fixed {par.Kind} must be non-negative, got {v}");
                    if (par.Kind is "rho" or "phi" && (v < -1 || v > 1)) throw new CohesionException($"a fixed {par.Kind} must be in [-1, 1], got {v}");
                    _fixedWorking[q] = par.Sd ? Math.Sqrt(v) : v;
                }
            }
            // metafor's automatic restrictions
            for (int q = 0; q < _params.Count; q++)
            {
                var par = _params[q];
                if (!double.IsNaN(_fixedWorking[q])) continue;
                if (par.Kind == "sigma2" && pr.Sigma[par.Index].LevelCount == 1) _fixedWorking[q] = 0;
                if (par.Kind is "rho" or "phi")
                {
                    var t = pr.Structured[par.Term];
                    if (t.Structure is VarianceStructure.ID or VarianceStructure.DIAG) _fixedWorking[q] = 0;
                    else if (t.L == 1) _fixedWorking[q] = 0;
                    else if (t.Structure is VarianceStructure.CS or VarianceStructure.HCS or VarianceStructure.AR or VarianceStructure.HAR && t.Outer.Distinct().Count() == k) _fixedWorking[q] = 0;
                    else if (t.Structure == VarianceStructure.UN && !PairOccurs(t, par.Index)) _fixedWorking[q] = 0;
                }
            }
            int nFree = _fixedWorking.Count(double.IsNaN);
            if (p + nFree > k) throw new CohesionException($"number of parameters ({p + nFree}) is larger than the number of effect sizes ({k})");
            _blocks = Components();
            _bd = _blocks.Select(BuildBlock).ToArray();
            var xtx = new double[p * p];
            for (int i = 0; i < k; i++)
                for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) xtx[a * p + b] += pr.X[i * p + a] * pr.X[i * p + b];
            if (!Cholesky.Decompose(xtx, p)) throw new CohesionException("the model matrix is not of full rank; a moderator is constant or collinear");
            _logDetXtX = Cholesky.LogDeterminant(xtx, p);
        }

        private static bool PairOccurs(StructuredTerm t, int pairIndex)
        {
            var byOuter = new Dictionary<int, HashSet<int>>();
            for (int i = 0; i < t.Inner.Length; i++)
            {
                if (!byOuter.TryGetValue(t.Outer[i], out var set)) byOuter[t.Outer[i]] = set = new HashSet<int>();
                set.Add(t.Inner[i]);
            }
            foreach (var set in byOuter.Values)
                foreach (var a in set)
                    foreach (var b in set)
                        if (a > b && StructuredTerm.PairIndex(a, b, t.L) == pairIndex) return true;
            return false;
        }

        private int[][] Components()
        {
            int k = _k;
            var parent = Enumerable.Range(0, k).ToArray();
            int Find(int x) { while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
            void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
            void ByCodes(int[] codes)
            {
                var first = new Dictionary<int, int>();
                for (int i = 0; i < k; i++)
                    if (first.TryGetValue(codes[i], out var f)) Union(f, i); else first[codes[i]] = i;
            }
            foreach (var s in _pr.Sigma) ByCodes(s.Codes);
            foreach (var g in _pr.Structured) ByCodes(g.Outer);
            if (_pr.V is { } v)
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < i; j++)
                        if (v[i * k + j] != 0 || v[j * k + i] != 0) Union(i, j);
            var lists = new Dictionary<int, List<int>>();
            for (int i = 0; i < k; i++)
            {
                int r = Find(i);
                if (!lists.TryGetValue(r, out var l)) lists[r] = l = new List<int>();
                l.Add(i);
            }
            return lists.OrderBy(kv => kv.Key).Select(kv => kv.Value.ToArray()).ToArray();
        }

        private BlockData BuildBlock(int[] rows)
        {
            int n = rows.Length, p = _p, k = _k;
            var b = new BlockData { Rows = rows, V = new double[n * n], X = new double[n * p], Y = new double[n] };
            for (int a = 0; a < n; a++)
            {
                b.Y[a] = _pr.Yi[rows[a]];
                Array.Copy(_pr.X, rows[a] * p, b.X, a * p, p);
                for (int c = 0; c < n; c++)
                    b.V[a * n + c] = _pr.V is { } v ? v[rows[a] * k + rows[c]] : (a == c ? _pr.Vi[rows[a]] : 0);
            }
            b.SigmaSame = _pr.Sigma.Select(s =>
            {
                var m = new bool[n * n];
                for (int a = 0; a < n; a++) for (int c = 0; c < n; c++) m[a * n + c] = s.Codes[rows[a]] == s.Codes[rows[c]];
                return m;
            }).ToArray();
            b.OuterSame = _pr.Structured.Select(t =>
            {
                var m = new bool[n * n];
                for (int a = 0; a < n; a++) for (int c = 0; c < n; c++) m[a * n + c] = t.Outer[rows[a]] == t.Outer[rows[c]];
                return m;
            }).ToArray();
            b.InnerIdx = _pr.Structured.Select(t => rows.Select(r => t.Inner[r]).ToArray()).ToArray();
            return b;
        }

        // ---- evaluation ----------------------------------------------------------------------------------------

        private sealed class EvalResult
        {
            public double LogLik, LogLikMl, LogLikReml;
            public bool Feasible;
            public double[] Beta = [], C = [];
            public double[] Score = [], Info = [];
            public double[][] Chol = [];
        }

        private double[][] GMatrices(double[] theta)
        {
            var gs = new double[_pr.Structured.Count][];
            for (int g = 0; g < gs.Length; g++)
            {
                var t = _pr.Structured[g];
                var (vars, rho) = TermParams(theta, g);
                gs[g] = new double[t.L * t.L];
                t.FillG(vars, rho, gs[g]);
            }
            return gs;
        }

        private (double[] Vars, double[] Rho) TermParams(double[] theta, int g)
        {
            var t = _pr.Structured[g];
            int start = _params.FindIndex(q => q.Term == g);
            var vars = new double[t.NTau2];
            var rho = new double[t.NRho];
            for (int a = 0; a < t.NTau2; a++) vars[a] = theta[start + a];
            for (int r = 0; r < t.NRho; r++) rho[r] = theta[start + t.NTau2 + r];
            return (vars, rho);
        }

        private void FillM(BlockData b, double[] theta, double[][] gs, double[] m)
        {
            int n = b.Rows.Length;
            Array.Copy(b.V, m, n * n);
            for (int s = 0; s < _pr.Sigma.Count; s++)
            {
                double s2 = theta[s];
                if (s2 == 0) continue;
                var same = b.SigmaSame[s];
                for (int a = 0; a < n * n; a++) if (same[a]) m[a] += s2;
            }
            for (int g = 0; g < gs.Length; g++)
            {
                int l = _pr.Structured[g].L;
                var same = b.OuterSame[g]; var inner = b.InnerIdx[g]; var G = gs[g];
                for (int a = 0; a < n; a++)
                    for (int c = 0; c < n; c++)
                        if (same[a * n + c]) m[a * n + c] += G[inner[a] * l + inner[c]];
            }
        }

        private bool FeasibleParams(double[] theta)
        {
            for (int g = 0; g < _pr.Structured.Count; g++)
            {
                var t = _pr.Structured[g];
                if (t.Structure != VarianceStructure.UN || t.L < 2) continue;
                var (_, rho) = TermParams(theta, g);
                int l = t.L;
                var r = new double[l * l];
                for (int a = 0; a < l; a++) for (int c = 0; c < l; c++) r[a * l + c] = a == c ? 1 + 1e-10 : rho[StructuredTerm.PairIndex(a, c, l)];
                if (!Cholesky.Decompose(r, l)) return false;
            }
            return true;
        }

        private EvalResult Evaluate(double[] theta, bool wantScore, bool[]? free = null, bool scoreOnly = false)
        {
            int p = _p, k = _k;
            var res = new EvalResult();
            if (!FeasibleParams(theta)) return res;
            var gs = GMatrices(theta);
            double logDetM = 0;
            var xtmix = new double[p * p];
            var xtmiy = new double[p];
            var chols = new double[_bd.Length][];
            var mix = new double[_bd.Length][];
            var miy = new double[_bd.Length][];
            for (int j = 0; j < _bd.Length; j++)
            {
                var b = _bd[j];
                int n = b.Rows.Length;
                var ch = new double[n * n];
                FillM(b, theta, gs, ch);
                if (!Cholesky.Decompose(ch, n)) return res;
                chols[j] = ch;
                logDetM += Cholesky.LogDeterminant(ch, n);
                var u = new double[n * p];
                var col = new double[n];
                for (int a = 0; a < p; a++)
                {
                    for (int r = 0; r < n; r++) col[r] = b.X[r * p + a];
                    Cholesky.Solve(ch, n, col);
                    for (int r = 0; r < n; r++) u[r * p + a] = col[r];
                }
                var py = (double[])b.Y.Clone();
                Cholesky.Solve(ch, n, py);
                mix[j] = u; miy[j] = py;
                for (int r = 0; r < n; r++)
                    for (int a = 0; a < p; a++)
                    {
                        double xa = b.X[r * p + a];
                        xtmiy[a] += xa * py[r];
                        for (int c = 0; c < p; c++) xtmix[a * p + c] += xa * u[r * p + c];
                    }
            }
            var cl = (double[])xtmix.Clone();
            if (!Cholesky.Decompose(cl, p)) return res;
            double logDetC = Cholesky.LogDeterminant(cl, p);
            var C = Cholesky.Inverse(cl, p);
            var beta = new double[p];
            for (int a = 0; a < p; a++) { double s = 0; for (int c = 0; c < p; c++) s += C[a * p + c] * xtmiy[c]; beta[a] = s; }
            double rMr = 0;
            for (int j = 0; j < _bd.Length; j++)
            {
                var b = _bd[j]; int n = b.Rows.Length;
                var u = mix[j]; var py = miy[j];
                for (int r = 0; r < n; r++)
                {
                    double f = 0, res0 = b.Y[r];
                    for (int a = 0; a < p; a++) { f += u[r * p + a] * beta[a]; res0 -= b.X[r * p + a] * beta[a]; }
                    py[r] -= f; // P y = Mi y - Mi X b
                    rMr += res0 * py[r];
                }
            }
            res.Feasible = true;
            res.LogLikMl = -0.5 * (k * Math.Log(2 * Math.PI) + logDetM + rMr);
            res.LogLikReml = -0.5 * ((k - p) * Math.Log(2 * Math.PI) + logDetM + logDetC + rMr) + 0.5 * _logDetXtX;
            res.LogLik = _pr.Reml ? res.LogLikReml : res.LogLikMl;
            res.Beta = beta; res.C = C; res.Chol = chols;
            if (wantScore) ScoreInfo(theta, res, mix, miy, free ?? _fixedWorking.Select(double.IsNaN).ToArray(), scoreOnly);
            return res;
        }

        /// <summary>dM/dθ_q within block b (n × n).</summary>
        private void FillDerivative(BlockData b, int q, double[] theta, double[] dm, double[] dgBuf)
        {
            int n = b.Rows.Length;
            var par = _params[q];
            if (par.Kind == "sigma2")
            {
                var same = b.SigmaSame[par.Index];
                for (int a = 0; a < n * n; a++) dm[a] = same[a] ? 1 : 0;
                return;
            }
            var t = _pr.Structured[par.Term];
            var (vars, rho) = TermParams(theta, par.Term);
            t.FillDerivative(vars, rho, par.Local, dgBuf);
            int l = t.L;
            var os = b.OuterSame[par.Term]; var inner = b.InnerIdx[par.Term];
            for (int a = 0; a < n; a++)
                for (int c = 0; c < n; c++)
                    dm[a * n + c] = os[a * n + c] ? dgBuf[inner[a] * l + inner[c]] : 0;
        }

        private void ScoreInfo(double[] theta, EvalResult res, double[][] mix, double[][] py, bool[] free, bool scoreOnly)
        {
            int p = _p, Q = _params.Count;
            var idx = Enumerable.Range(0, Q).Where(q => free[q]).ToArray();
            int m = idx.Length;
            var trMiA = new double[m];
            var yAy = new double[m];
            var S = new double[m][];
            var cross = new double[m * m][];
            var trBB = new double[m * m];
            for (int a = 0; a < m; a++) S[a] = new double[p * p];
            for (int a = 0; a < m * m; a++) cross[a] = new double[p * p];
            int maxL = _pr.Structured.Count == 0 ? 1 : _pr.Structured.Max(t => t.L);
            var dgBuf = new double[maxL * maxL];
            for (int j = 0; j < _bd.Length; j++)
            {
                var b = _bd[j];
                int n = b.Rows.Length;
                var mi = Cholesky.Inverse(res.Chol[j], n);
                var u = mix[j]; var pyj = py[j];
                var A = new double[m][]; var B = new double[m][]; var AU = new double[m][]; var BU = new double[m][];
                for (int a = 0; a < m; a++)
                {
                    var dm = new double[n * n];
                    FillDerivative(b, idx[a], theta, dm, dgBuf);
                    A[a] = dm;
                    AU[a] = MatrixOps.Multiply(dm, u, n, n, p);
                    double tr = 0;
                    if (scoreOnly)
                        for (int r = 0; r < n * n; r++) tr += dm[r] * mi[r]; // tr(A M⁻¹), both symmetric
                    else
                    {
                        // B = A M⁻¹ (= (M⁻¹A)ᵀ; traces are the same) skips the zeros of A, which is sparse for random intercepts
                        B[a] = MatrixOps.Multiply(dm, mi, n, n, n);
                        BU[a] = MatrixOps.Multiply(mi, AU[a], n, n, p);
                        for (int r = 0; r < n; r++) tr += B[a][r * n + r];
                    }
                    trMiA[a] += tr;
                    double yy = 0;
                    for (int r = 0; r < n; r++)
                    {
                        double s = 0;
                        for (int c = 0; c < n; c++) s += dm[r * n + c] * pyj[c];
                        yy += pyj[r] * s;
                    }
                    yAy[a] += yy;
                    // S_a += U' A U = U' (AU)
                    var sa = S[a];
                    for (int r = 0; r < n; r++)
                        for (int x = 0; x < p; x++)
                        {
                            double ux = u[r * p + x];
                            if (ux == 0) continue;
                            for (int y = 0; y < p; y++) sa[x * p + y] += ux * AU[a][r * p + y];
                        }
                }
                for (int a = 0; a < m && !scoreOnly; a++)
                    for (int c = a; c < m; c++)
                    {
                        double tr = 0;
                        var ba = B[a]; var bc = B[c];
                        for (int r = 0; r < n; r++)
                            for (int s = 0; s < n; s++) tr += ba[r * n + s] * bc[s * n + r];
                        trBB[a * m + c] += tr;
                        if (!_pr.Reml) continue;
                        var cr = cross[a * m + c];
                        for (int r = 0; r < n; r++)
                            for (int x = 0; x < p; x++)
                            {
                                double ax = AU[a][r * p + x];
                                for (int y = 0; y < p; y++) cr[x * p + y] += ax * BU[c][r * p + y];
                            }
                    }
            }
            var C = res.C;
            res.Score = new double[Q];
            res.Info = new double[Q * Q];
            for (int a = 0; a < m; a++)
            {
                double trPA = trMiA[a];
                if (_pr.Reml) trPA -= TraceProduct(C, S[a], p);
                res.Score[idx[a]] = -0.5 * (trPA - yAy[a]);
                for (int c = a; c < m && !scoreOnly; c++)
                {
                    double t = trBB[a * m + c];
                    if (_pr.Reml)
                    {
                        t -= 2 * TraceProduct(C, cross[a * m + c], p);
                        var cs1 = MatrixOps.Multiply(C, S[a], p, p, p);
                        var cs2 = MatrixOps.Multiply(C, S[c], p, p, p);
                        t += TraceProduct(cs1, cs2, p);
                    }
                    res.Info[idx[a] * Q + idx[c]] = res.Info[idx[c] * Q + idx[a]] = 0.5 * t;
                }
            }
        }

        private static double TraceProduct(double[] a, double[] b, int p)
        {
            double t = 0;
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) t += a[i * p + j] * b[j * p + i];
            return t;
        }

        // ---- fitting -------------------------------------------------------------------------------------------

        private double[] StartValues()
        {
            int k = _k, p = _p;
            var theta = new double[_params.Count];
            // metafor: total = max(0.001 * (#components), var(residuals of the V-weighted fit) - 1/mean(1/diag(V)))
            int nComp = _pr.Sigma.Count + _pr.Structured.Sum(t => t.NTau2);
            double total = double.NaN;
            var fe = FixedEffectsFit();
            if (fe is { } f)
            {
                var r = new double[k];
                for (int i = 0; i < k; i++)
                {
                    double x = 0;
                    for (int a = 0; a < p; a++) x += _pr.X[i * p + a] * f.Beta[a];
                    r[i] = _pr.Yi[i] - x;
                }
                double mean = r.Average(), var = r.Sum(x => (x - mean) * (x - mean)) / (k - 1);
                double mInv = _pr.Vi.Average(v => 1 / v);
                total = Math.Max(0.001 * nComp, var - 1 / mInv);
            }
            if (double.IsNaN(total))
            {
                var ones = new double[k]; Array.Fill(ones, 1.0);
                var w = new Wls(_pr.X, k, p);
                w.Compute(ones, _pr.Yi);
                total = w.Rss / (k - p);
            }
            double init = total / Math.Max(1, nComp);
            for (int q = 0; q < _params.Count; q++)
            {
                var par = _params[q];
                theta[q] = !double.IsNaN(_fixedWorking[q]) ? _fixedWorking[q]
                    : par.Kind is "rho" or "phi" ? 0.5
                    : par.Sd ? Math.Sqrt(init) : init;
            }
            return theta;
        }

        /// <summary>GLS with V only: β and Q_E = (y − Xβ)ᵀV⁻¹(y − Xβ); null when V is not positive definite.</summary>
        public (double[] Beta, double QE)? FixedEffectsFit()
        {
            int p = _p;
            var xtvx = new double[p * p]; var xtvy = new double[p];
            var chols = new double[_bd.Length][];
            for (int j = 0; j < _bd.Length; j++)
            {
                var b = _bd[j]; int n = b.Rows.Length;
                var ch = (double[])b.V.Clone();
                if (!Cholesky.Decompose(ch, n)) return null;
                chols[j] = ch;
                var col = new double[n];
                for (int a = 0; a < p; a++)
                {
                    for (int r = 0; r < n; r++) col[r] = b.X[r * p + a];
                    Cholesky.Solve(ch, n, col);
                    for (int r = 0; r < n; r++)
                        for (int c = 0; c < p; c++) xtvx[c * p + a] += b.X[r * p + c] * col[r];
                }
                var vy = (double[])b.Y.Clone();
                Cholesky.Solve(ch, n, vy);
                for (int r = 0; r < n; r++) for (int c = 0; c < p; c++) xtvy[c] += b.X[r * p + c] * vy[r];
            }
            if (!Cholesky.Decompose(xtvx, p)) return null;
            var beta = (double[])xtvy.Clone();
            Cholesky.Solve(xtvx, p, beta);
            double qe = 0;
            for (int j = 0; j < _bd.Length; j++)
            {
                var b = _bd[j]; int n = b.Rows.Length;
                var res = new double[n];
                for (int r = 0; r < n; r++)
                {
                    double f = 0;
                    for (int a = 0; a < p; a++) f += b.X[r * p + a] * beta[a];
                    res[r] = b.Y[r] - f;
                }
                var sol = (double[])res.Clone();
                Cholesky.Solve(chols[j], n, sol);
                for (int r = 0; r < n; r++) qe += res[r] * sol[r];
            }
            return (beta, Math.Max(0, qe));
        }

        private double[] Clamp(double[] theta)
        {
            var t = (double[])theta.Clone();
            for (int q = 0; q < t.Length; q++)
            {
                if (!double.IsNaN(_fixedWorking[q])) { t[q] = _fixedWorking[q]; continue; }
                t[q] = Math.Min(_params[q].Upper, Math.Max(_params[q].Lower, t[q]));
            }
            return t;
        }

        public MetaMvFit Run()
        {
            int Q = _params.Count;
            var free = _fixedWorking.Select(double.IsNaN).ToArray();
            var theta = StartValues();
            var cur = Evaluate(theta, wantScore: true, free);
            if (!cur.Feasible) throw new ModelException("the marginal covariance matrix is not positive definite at the starting values; the model cannot be fitted");
            bool converged = !free.Any(x => x);
            int iter = 0;
            var active = new bool[Q];
            // Fisher scoring while far from the optimum; Newton steps with the observed information (central
            // differences of the analytic score) once scoring overshoots or the steps get small
            bool newton = false;
            for (iter = 1; iter <= MaxIter && !converged; iter++)
            {
                SetActive(theta, cur, free, active);
                double[] info = cur.Info;
                if (newton && ObservedInformation(theta, active) is { } obs) info = obs;
                var step = SolveActive(info, cur.Score, active, Q);
                double t = 1;
                double[] cand = theta;
                EvalResult? next = null;
                for (int half = 0; half < 60; half++)
                {
                    var trial = new double[Q];
                    for (int q = 0; q < Q; q++) trial[q] = theta[q] + t * step[q];
                    cand = Clamp(trial);
                    var e = Evaluate(cand, wantScore: false);
                    if (e.Feasible && e.LogLik >= cur.LogLik - 1e-13 * Math.Abs(cur.LogLik)) { next = e; break; }
                    t /= 2;
                }
                if (next is null) { converged = MaxScore(cur, active, theta) < 1e-6; break; }
                if (t < 1) newton = true;
                else if (!newton)
                {
                    // scoring can crawl (expected information far above the observed one, e.g. towards a
                    // correlation bound): extend the step while the likelihood keeps rising
                    for (int grow = 0; grow < 10; grow++)
                    {
                        var trial = new double[Q];
                        for (int q = 0; q < Q; q++) trial[q] = theta[q] + 2 * t * step[q];
                        var c2 = Clamp(trial);
                        var e2 = Evaluate(c2, wantScore: false);
                        if (!e2.Feasible || e2.LogLik <= next.LogLik) break;
                        t *= 2; cand = c2; next = e2;
                    }
                    if (t > 1 && iter > 20) newton = true;
                }
                double maxChange = 0;
                for (int q = 0; q < Q; q++) maxChange = Math.Max(maxChange, Math.Abs(cand[q] - theta[q]) / Math.Max(1e-8, Math.Abs(theta[q])));
                if (maxChange < 1e-4) newton = true;
                theta = cand;
                cur = Evaluate(theta, wantScore: true, free);
                SetActive(theta, cur, free, active);
                if (maxChange < 1e-10 || MaxScore(cur, active, theta) < 1e-13) { converged = true; break; }
            }
            if (!converged) throw new ModelException($"the rma.mv model did not converge ({MaxIter} iterations); check the random-effects structure");
            return Finish(theta, cur, iter);
        }

        private void SetActive(double[] theta, EvalResult cur, bool[] free, bool[] active)
        {
            for (int q = 0; q < active.Length; q++)
            {
                if (!free[q]) { active[q] = false; continue; }
                bool atLower = theta[q] <= _params[q].Lower && cur.Score[q] <= 0;
                bool atUpper = theta[q] >= _params[q].Upper && cur.Score[q] >= 0;
                active[q] = !(atLower || atUpper);
            }
        }

        /// <summary>Observed information of the active parameters by central differences of the analytic score
        /// (one-sided at a bound); null when it is not positive definite.</summary>
        private double[]? ObservedInformation(double[] theta, bool[] active)
        {
            int Q = theta.Length;
            var idx = Enumerable.Range(0, Q).Where(q => active[q]).ToArray();
            if (idx.Length == 0) return null;
            var h = new double[Q * Q];
            foreach (var q in idx)
            {
                double step = 1e-5 * Math.Max(Math.Abs(theta[q]), 1e-3);
                double lo = Math.Max(_params[q].Lower, theta[q] - step), hi = Math.Min(_params[q].Upper, theta[q] + step);
                var tp = (double[])theta.Clone(); tp[q] = hi;
                var tm = (double[])theta.Clone(); tm[q] = lo;
                var ep = Evaluate(tp, wantScore: true, active, scoreOnly: true);
                var em = Evaluate(tm, wantScore: true, active, scoreOnly: true);
                if (!ep.Feasible || !em.Feasible || hi - lo <= 0) return null;
                foreach (var r in idx) h[q * Q + r] = -(ep.Score[r] - em.Score[r]) / (hi - lo);
            }
            foreach (var q in idx)
                foreach (var r in idx)
                    if (r > q) h[q * Q + r] = h[r * Q + q] = 0.5 * (h[q * Q + r] + h[r * Q + q]);
            var m = new double[idx.Length * idx.Length];
            for (int a = 0; a < idx.Length; a++) for (int b = 0; b < idx.Length; b++) m[a * idx.Length + b] = h[idx[a] * Q + idx[b]];
            return Cholesky.Decompose(m, idx.Length) ? h : null;
        }

        private static double MaxScore(EvalResult e, bool[] active, double[] theta)
        {
            double m = 0;
            for (int q = 0; q < active.Length; q++) if (active[q]) m = Math.Max(m, Math.Abs(e.Score[q]) * Math.Max(Math.Abs(theta[q]), 1e-8));
            return m;
        }

        private static double[] SolveActive(double[] info, double[] score, bool[] active, int Q)
        {
            var idx = Enumerable.Range(0, Q).Where(q => active[q]).ToArray();
            var step = new double[Q];
            int m = idx.Length;
            if (m == 0) return step;
            var a = new double[m * m];
            var b = new double[m];
            double maxDiag = 0;
            for (int r = 0; r < m; r++)
            {
                b[r] = score[idx[r]];
                for (int c = 0; c < m; c++) a[r * m + c] = info[idx[r] * Q + idx[c]];
                maxDiag = Math.Max(maxDiag, Math.Abs(a[r * m + r]));
            }
            double ridge = 0;
            for (int attempt = 0; attempt < 20; attempt++)
            {
                var f = (double[])a.Clone();
                for (int r = 0; r < m; r++) f[r * m + r] += ridge;
                if (Cholesky.Decompose(f, m))
                {
                    var sol = (double[])b.Clone();
                    Cholesky.Solve(f, m, sol);
                    for (int r = 0; r < m; r++) step[idx[r]] = sol[r];
                    return step;
                }
                ridge = ridge == 0 ? 1e-10 * Math.Max(maxDiag, 1e-300) : ridge * 10;
            }
            for (int r = 0; r < m; r++) step[idx[r]] = b[r] / Math.Max(1e-12, Math.Abs(a[r * m + r]));
            return step;
        }

        private MetaMvFit Finish(double[] theta, EvalResult cur, int iter)
        {
            var pr = _pr;
            int k = _k, p = _p;
            var fin = Evaluate(theta, wantScore: false);
            var beta = fin.Beta; var vb = fin.C;
            // natural-scale components
            var sigma2 = new double[pr.Sigma.Count];
            for (int s = 0; s < sigma2.Length; s++) sigma2[s] = theta[s];
            double[] Natural(int g, bool variances)
            {
                if (g >= pr.Structured.Count) return [];
                var (vars, rho) = TermParams(theta, g);
                return variances ? vars.Select(v => pr.Structured[g].SdScale ? v * v : v).ToArray() : rho;
            }
            var tau2 = Natural(0, true); var rhoOut = Natural(0, false);
            var gamma2 = Natural(1, true); var phi = Natural(1, false);

            double[] ddf = pr.TTest ? (pr.ContainDfs ? ContainDf(pr) : Enumerable.Repeat((double)(k - p), p).ToArray()) : Enumerable.Repeat(double.NaN, p).ToArray();
            double z = Normal.InvCDF(0, 1, 1 - (1 - pr.Level) / 2);
            var se = new double[p]; var stat = new double[p]; var pv = new double[p]; var lo = new double[p]; var hi = new double[p];
            for (int j = 0; j < p; j++)
            {
                se[j] = Math.Sqrt(vb[j * p + j]);
                stat[j] = beta[j] / se[j];
                double crit;
                if (pr.TTest)
                {
                    pv[j] = ddf[j] > 0 ? 2 * StudentT.CDF(0, 1, ddf[j], -Math.Abs(stat[j])) : double.NaN;
                    crit = ddf[j] > 0 ? StudentT.InvCDF(0, 1, ddf[j], 1 - (1 - pr.Level) / 2) : double.NaN;
                }
                else { pv[j] = 2 * Normal.CDF(0, 1, -Math.Abs(stat[j])); crit = z; }
                lo[j] = beta[j] - crit * se[j];
                hi[j] = beta[j] + crit * se[j];
            }
            var btt = pr.Btt ?? DefaultBtt(pr.X, k, p);
            var qm = WaldTest(beta, vb, p, btt, pr.TTest, pr.TTest ? btt.Min(j => ddf[j]) : double.NaN);
            var feFit = FixedEffectsFit();
            double qe = k - p > 0 ? feFit?.QE ?? double.NaN : 0;
            double qep = k - p > 0 ? (double.IsNaN(qe) ? double.NaN : MetaUni.UpperChi(k - p, qe)) : 1;
            bool hasInt = MetaUni.HasInterceptColumn(pr.X, k, p, out _);

            // variance components in metafor's confint() names
            var comps = new List<VarianceComponent>();
            void AddKind(string kind, string symbol, double[] values)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    int q = _params.FindIndex(x => x.Kind == kind && x.Index == i);
                    string name = values.Length == 1 ? symbol : $"{symbol}.{i + 1}";
                    comps.Add(new VarianceComponent(kind, i, name, values[i], !double.IsNaN(_fixedWorking[q])));
                }
            }
            AddKind("sigma2", "sigma^2", sigma2); AddKind("tau2", "tau^2", tau2); AddKind("rho", "rho", rhoOut);
            AddKind("gamma2", "gamma^2", gamma2); AddKind("phi", "phi", phi);

            // the marginal covariance for robust variance and weights
            var gs = GMatrices(theta);
            var blockOf = new int[k];
            for (int j = 0; j < _blocks.Length; j++) foreach (var r in _blocks[j]) blockOf[r] = j;
            double[] Marginal(int[] rows)
            {
                int n = rows.Length;
                var m = new double[n * n];
                for (int a = 0; a < n; a++)
                    for (int c = 0; c < n; c++)
                    {
                        int i = rows[a], jj = rows[c];
                        double s = pr.V is { } v ? v[i * k + jj] : (i == jj ? pr.Vi[i] : 0);
                        for (int t = 0; t < pr.Sigma.Count; t++) if (pr.Sigma[t].Codes[i] == pr.Sigma[t].Codes[jj]) s += sigma2[t];
                        for (int g = 0; g < gs.Length; g++)
                        {
                            var term = pr.Structured[g];
                            if (term.Outer[i] == term.Outer[jj]) s += gs[g][term.Inner[i] * term.L + term.Inner[jj]];
                        }
                        m[a * n + c] = s;
                    }
                return m;
            }
            var outer = pr.Sigma.Count > 0 ? pr.Sigma[0].Codes : pr.Structured.Count > 0 ? pr.Structured[0].Outer : blockOf;
            string[] levelNames = pr.Sigma.Select(s => s.Name).ToArray();
            return new MetaMvFit
            {
                K = k, P = p, Reml = pr.Reml, Test = pr.TTest ? MetaTest.T : MetaTest.Z, Terms = pr.Terms, LevelNames = levelNames,
                LevelCounts = pr.Sigma.Select(s => s.LevelCount).ToArray(), Sigma2 = sigma2,
                Beta = (double[])beta.Clone(), Vb = (double[])vb.Clone(), Se = se, Statistic = stat, PValue = pv, CiLower = lo, CiUpper = hi,
                QE = qe, QEp = qep, QM = qm.Statistic, QMp = qm.P, Ddf = pr.TTest ? ddf[0] : double.NaN, LogLik = fin.LogLik,
                Converged = true, Iterations = iter, InterceptOnly = p == 1 && hasInt, Level = pr.Level,
                Model = new MetaMvModel(pr.Yi, pr.Vi, pr.X, p, [outer]),
                Tau2 = tau2, Rho = rhoOut, Gamma2 = gamma2, Phi = phi, DdfAll = ddf, QmTest = qm,
                Structures = pr.Structured.Select(t => t.Structure).ToArray(), StructuredTerms = pr.Structured.ToArray(),
                Components = comps, Problem = pr, Marginal = Marginal, Blocks = _blocks, LogLikMl = fin.LogLikMl, LogLikReml = fin.LogLikReml
            };
        }
    }
}
