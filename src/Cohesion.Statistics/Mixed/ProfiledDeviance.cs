using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Optimization;

namespace Cohesion.Statistics.Mixed;

/// <summary>One random-effects term after expansion: a grouping factor (dense codes) and the columns of its
/// model matrix (column-major n × K).</summary>
internal sealed class RandomBlock
{
    public required string Group { get; init; }
    public required string[] TermNames { get; init; }
    public required int[] Codes { get; init; }
    public required string[] LevelNames { get; init; }
    public required double[] X { get; init; }
    public int K => TermNames.Length;
    public int Levels => LevelNames.Length;
    /// <summary>Number of θ parameters: the lower triangle of the K × K relative covariance factor.</summary>
    public int ThetaCount => K * (K + 1) / 2;
}

/// <summary>
/// The profiled (REML) deviance of a linear mixed model in lme4's parametrisation (Bates et al. 2015): relative
/// covariance factor Λθ, sparse Cholesky L of ΛᵀZᵀZΛ + I, β and σ² profiled out. The random-effects matrix is
/// partitioned into the term with the most levels (block diagonal in ZᵀZ, one small Cholesky per level — the
/// per-group sufficient statistics) and the remaining terms (a dense Schur complement). Every sum over the
/// observations happens once, in the constructor; an evaluation costs O(levels · K³ + fill · q₂ + q₂³).
/// </summary>
internal sealed class ProfiledDeviance
{
    private readonly int _n, _p, _k0, _l0, _q2;
    private readonly RandomBlock[] _blocks;
    private readonly double[] _x;            // fixed-effects model matrix, column-major n × p (unweighted)
    private readonly int[] _offset;          // offsets of blocks 1.. in the dense part
    private readonly int _nzPerObs;          // dense-part entries per observation (Σ K_t over blocks 1..)
    private readonly int[] _obsIdx;          // per observation: its dense-part indices (n × _nzPerObs)
    private readonly int[] _obsCPos;         // per observation: positions of its Z2ᵀZ0 entries in _cVal (n × _nzPerObs)
    private readonly double[] _b0;           // per level k0×k0 (Z0ᵀZ0 block)
    private readonly double[] _z0x;          // per level k0×p
    private readonly double[] _z0y;          // per level k0
    private readonly double[] _z2z2;         // q2×q2
    private readonly double[] _z2x;          // q2×p (row-major)
    private readonly double[] _z2y;          // q2
    private readonly int[] _cStart;          // per level of term 0: start in _cRows
    private readonly int[] _cRows;           // dense-part rows touched (block-expanded, sorted)
    private readonly double[] _cVal;         // per touched row: k0 values (Z2ᵀZ0 entries)
    private readonly double[] _xtx, _xty;
    private double _yty;
    private double _yShift;

    public int N => _n;
    public int P => _p;
    public int ThetaLength { get; }
    public RandomBlock[] Blocks => _blocks;
    /// <summary>Σ log w of the prior weights of a weighted linear mixed model (lme4's ldW), subtracted from the
    /// deviance; 0 without weights.</summary>
    public double PriorWeightsLogSum { get; set; }
    /// <summary>Number of random effects q (length of u).</summary>
    public int Q => _l0 * _k0 + _q2;

    /// <summary>An unweighted system with response <paramref name="y"/> (the linear mixed model).</summary>
    public ProfiledDeviance(double[] y, double[] x, int n, int p, RandomBlock[] blocks, bool shiftResponse)
        : this(x, n, p, blocks)
    {
        Accumulate(y, default, shiftResponse);
    }

    /// <summary>The structure only (which entries of ZᵀZ, ZᵀX are non-zero); call <see cref="Accumulate"/> to fill in
    /// the numbers for a response and weights. Re-accumulating costs one pass over the observations and no allocation,
    /// which is what penalised iteratively reweighted least squares needs on every iteration.</summary>
    public ProfiledDeviance(double[] x, int n, int p, RandomBlock[] blocks)
    {
        _n = n; _p = p; _blocks = blocks; _x = x;
        ThetaLength = blocks.Sum(b => b.ThetaCount);
        var b0 = blocks[0];
        _k0 = b0.K; _l0 = b0.Levels;
        _offset = new int[blocks.Length];
        int q2 = 0;
        for (int t = 1; t < blocks.Length; t++) { _offset[t] = q2; q2 += blocks[t].K * blocks[t].Levels; }
        _q2 = q2;
        int k0 = _k0;
        _b0 = new double[_l0 * k0 * k0];
        _z0x = new double[_l0 * k0 * p];
        _z0y = new double[_l0 * k0];
        _z2z2 = new double[q2 * q2];
        _z2x = new double[q2 * p];
        _z2y = new double[q2];
        _xtx = new double[p * p];
        _xty = new double[p];
        int nzPer = 0;
        for (int t = 1; t < blocks.Length; t++) nzPer += blocks[t].K;
        _nzPerObs = nzPer;
        _obsIdx = new int[(long)n * nzPer > int.MaxValue ? throw new OutOfMemoryException() : n * nzPer];
        _obsCPos = new int[n * nzPer];
        // which (level of term 0, dense-part row) pairs occur: the sparsity of Z2ᵀZ0
        var cmap = new Dictionary<long, int>();
        for (int i = 0; i < n && q2 > 0; i++)
        {
            int l = b0.Codes[i];
            int o = i * nzPer;
            int nz = 0;
            for (int t = 1; t < blocks.Length; t++)
            {
                var bt = blocks[t];
                int baseIdx = _offset[t] + bt.Codes[i] * bt.K;
                for (int a = 0; a < bt.K; a++) _obsIdx[o + nz++] = baseIdx + a;
            }
            for (int u = 0; u < nz; u++)
            {
                long key = (long)l * q2 + _obsIdx[o + u];
                if (!cmap.ContainsKey(key)) cmap[key] = cmap.Count;
            }
        }
        // CSR of the Z2ᵀZ0 blocks by level of term 0, rows expanded to whole (term, level) blocks
        var perLevel = new List<int>[_l0];
        foreach (var key in cmap.Keys)
        {
            int l = (int)(key / q2), j = (int)(key % q2);
            (perLevel[l] ??= new List<int>()).Add(j);
        }
        var starts = new int[_l0 + 1];
        var rows = new List<int>();
        var position = new Dictionary<long, int>();
        for (int l = 0; l < _l0; l++)
        {
            starts[l] = rows.Count;
            if (perLevel[l] is null) continue;
            var set = new SortedSet<int>();
            foreach (var j in perLevel[l])
            {
                int t = BlockOf(j);
                int kt = blocks[t].K;
                int first = _offset[t] + (j - _offset[t]) / kt * kt;
                for (int a = 0; a < kt; a++) set.Add(first + a);
            }
            foreach (var j in set)
            {
                position[(long)l * q2 + j] = rows.Count * k0;
                rows.Add(j);
            }
        }
        starts[_l0] = rows.Count;
        _cStart = starts;
        _cRows = rows.ToArray();
        _cVal = new double[rows.Count * k0];
        for (int i = 0; i < n && q2 > 0; i++)
        {
            int l = b0.Codes[i], o = i * nzPer;
            for (int u = 0; u < nzPer; u++) _obsCPos[o + u] = position[(long)l * q2 + _obsIdx[o + u]];
        }
    }

    /// <summary>
    /// Fills in the cross-products of the system for response <paramref name="y"/> and square-root weights
    /// <paramref name="sqrtWeights"/> (empty: all 1): XᵀWX, XᵀWy, ZᵀWZ, ZᵀWX, ZᵀWy, yᵀWy. With
    /// <paramref name="shiftResponse"/> y is centred by its mean first (see <see cref="ResponseShift"/>).
    /// </summary>
    public void Accumulate(ReadOnlySpan<double> y, ReadOnlySpan<double> sqrtWeights, bool shiftResponse)
    {
        int n = _n, p = _p, k0 = _k0, q2 = _q2, nzPer = _nzPerObs;
        var b0 = _blocks[0];
        // shift y by its mean when an intercept is in the column space (β₀ absorbs it): better conditioning
        _yShift = 0;
        if (shiftResponse) { double s = 0; foreach (var v in y) s += v; _yShift = s / n; }
        Array.Clear(_b0); Array.Clear(_z0x); Array.Clear(_z0y); Array.Clear(_z2z2); Array.Clear(_z2x); Array.Clear(_z2y);
        Array.Clear(_xtx); Array.Clear(_xty); Array.Clear(_cVal);
        Span<double> xi = p <= 64 ? stackalloc double[p] : new double[p];
        Span<double> z0 = stackalloc double[k0];
        Span<double> zVal = nzPer <= 64 ? stackalloc double[nzPer] : new double[nzPer];
        bool weighted = !sqrtWeights.IsEmpty;
        double yty = 0;
        for (int i = 0; i < n; i++)
        {
            double sw = weighted ? sqrtWeights[i] : 1;
            double yi = (y[i] - _yShift) * sw;
            for (int j = 0; j < p; j++) xi[j] = _x[j * n + i] * sw;
            yty += yi * yi;
            for (int a = 0; a < p; a++)
            {
                double xa = xi[a];
                if (xa == 0) continue;
                _xty[a] += xa * yi;
                for (int b = a; b < p; b++) _xtx[a * p + b] += xa * xi[b];
            }
            int l = b0.Codes[i];
            for (int a = 0; a < k0; a++) z0[a] = b0.X[a * n + i] * sw;
            int o = l * k0;
            for (int a = 0; a < k0; a++)
            {
                double za = z0[a];
                _z0y[o + a] += za * yi;
                for (int b = 0; b < k0; b++) _b0[(o + a) * k0 + b] += za * z0[b];
                for (int b = 0; b < p; b++) _z0x[(o + a) * p + b] += za * xi[b];
            }
            if (q2 == 0) continue;
            int oi = i * nzPer, nz = 0;
            for (int t = 1; t < _blocks.Length; t++)
            {
                var bt = _blocks[t];
                for (int a = 0; a < bt.K; a++) zVal[nz++] = bt.X[a * n + i] * sw;
            }
            for (int u = 0; u < nzPer; u++)
            {
                int ju = _obsIdx[oi + u];
                double vu = zVal[u];
                _z2y[ju] += vu * yi;
                for (int b = 0; b < p; b++) _z2x[ju * p + b] += vu * xi[b];
                int row = ju * q2;
                for (int v = 0; v < nzPer; v++) _z2z2[row + _obsIdx[oi + v]] += vu * zVal[v];
                int pos = _obsCPos[oi + u];
                for (int a = 0; a < k0; a++) _cVal[pos + a] += vu * z0[a];
            }
        }
        for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) _xtx[a * p + b] = _xtx[b * p + a];
        _yty = yty;
    }

    private int BlockOf(int j)
    {
        for (int t = _blocks.Length - 1; t >= 1; t--) if (j >= _offset[t]) return t;
        return 1;
    }

    /// <summary>Lower bounds of θ: 0 for the diagonal of each factor, −∞ off the diagonal.</summary>
    public double[] LowerBounds()
    {
        var lb = new double[ThetaLength];
        int o = 0;
        foreach (var b in _blocks)
            for (int c = 0; c < b.K; c++)
            for (int r = c; r < b.K; r++) lb[o++] = r == c ? 0 : double.NegativeInfinity;
        return lb;
    }

    /// <summary>lme4's starting value: identity factors.</summary>
    public double[] Start()
    {
        var th = new double[ThetaLength];
        int o = 0;
        foreach (var b in _blocks)
            for (int c = 0; c < b.K; c++)
            for (int r = c; r < b.K; r++) th[o++] = r == c ? 1 : 0;
        return th;
    }

    /// <summary>Per block, the K × K lower-triangular factor (row-major) from θ (column-wise lower triangle).</summary>
    public double[][] Factors(ReadOnlySpan<double> theta)
    {
        var f = new double[_blocks.Length][];
        int o = 0;
        for (int t = 0; t < _blocks.Length; t++)
        {
            int k = _blocks[t].K;
            var m = new double[k * k];
            for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++) m[r * k + c] = theta[o++];
            f[t] = m;
        }
        return f;
    }

    public sealed class Evaluation
    {
        public double Deviance;
        public double LogDetL;   // log|L|²
        public double LogDetRX;  // log|RX|²
        public double Pwrss;
        public double[] Beta = [];
        /// <summary>(RXᵀRX)⁻¹, p × p row-major.</summary>
        public double[] RxInverse = [];
        public bool Ok;
    }

    /// <summary>The profiled deviance (REML criterion when <paramref name="reml"/>) at θ; with
    /// <paramref name="full"/> also β and (RXᵀRX)⁻¹.</summary>
    public Evaluation Evaluate(ReadOnlySpan<double> theta, bool reml, bool full = false)
    {
        var ev = new Evaluation();
        int k0 = _k0, p = _p, q2 = _q2, n = _n;
        var T = Factors(theta);
        var T0 = T[0];
        double logDet = 0;
        var L = new double[k0 * k0];
        var cu0Sum = 0.0;
        var xtxAdj = (double[])_xtx.Clone();
        var rhsX = (double[])_xty.Clone();
        // dense part accumulators
        double[]? a22 = null, rhs2 = null, zx2 = null;
        if (q2 > 0)
        {
            a22 = LambdaTLambda(_z2z2, T);
            for (int j = 0; j < q2; j++) a22[j * q2 + j] += 1;
            rhs2 = LambdaT(_z2y, T, 1);
            zx2 = LambdaT(_z2x, T, p);
        }
        var cu0 = new double[k0];
        var rzx0 = new double[k0 * p];
        var d = new double[k0];
        var l21Rows = new double[64 * k0];
        for (int l = 0; l < _l0; l++)
        {
            if (!LevelFactor(l, T0, L)) return ev;
            for (int a = 0; a < k0; a++) logDet += 2 * Math.Log(L[a * k0 + a]);
            // cu0 = L⁻¹ T0ᵀ z0y ; rzx0 = L⁻¹ T0ᵀ z0x
            int oy = l * k0;
            for (int r = 0; r < k0; r++)
            {
                double s = 0;
                for (int a = 0; a < k0; a++) s += T0[a * k0 + r] * _z0y[oy + a];
                cu0[r] = s;
            }
            Cholesky.ForwardSolve(L, k0, cu0);
            for (int r = 0; r < k0; r++) cu0Sum += cu0[r] * cu0[r];
            for (int b = 0; b < p; b++)
            {
                for (int r = 0; r < k0; r++)
                {
                    double s = 0;
                    for (int a = 0; a < k0; a++) s += T0[a * k0 + r] * _z0x[(oy + a) * p + b];
                    d[r] = s;
                }
                Cholesky.ForwardSolve(L, k0, d);
                for (int r = 0; r < k0; r++) rzx0[r * p + b] = d[r];
            }
            // X and y adjustments from term 0
            for (int a = 0; a < p; a++)
            {
                double s = 0;
                for (int r = 0; r < k0; r++) s += rzx0[r * p + a] * cu0[r];
                rhsX[a] -= s;
                for (int b = a; b < p; b++)
                {
                    double t2 = 0;
                    for (int r = 0; r < k0; r++) t2 += rzx0[r * p + a] * rzx0[r * p + b];
                    xtxAdj[a * p + b] -= t2;
                }
            }
            if (q2 == 0) continue;
            int cs = _cStart[l];
            int m = LevelL21(l, T0, T, L, ref l21Rows);
            if (m == 0) continue;
            for (int u = 0; u < m; u++)
            {
                int ju = _cRows[cs + u];
                var ru = l21Rows.AsSpan(u * k0, k0);
                double s = 0;
                for (int a = 0; a < k0; a++) s += ru[a] * cu0[a];
                rhs2![ju] -= s;
                for (int b = 0; b < p; b++)
                {
                    double t2 = 0;
                    for (int a = 0; a < k0; a++) t2 += ru[a] * rzx0[a * p + b];
                    zx2![ju * p + b] -= t2;
                }
                for (int v = 0; v < m; v++)
                {
                    int jv = _cRows[cs + v];
                    var rv = l21Rows.AsSpan(v * k0, k0);
                    double t3 = 0;
                    for (int a = 0; a < k0; a++) t3 += ru[a] * rv[a];
                    a22![ju * q2 + jv] -= t3;
                }
            }
        }
        double cuSq = cu0Sum;
        if (q2 > 0)
        {
            if (!SparseAwareCholesky.Decompose(a22!, q2)) return ev;
            for (int a = 0; a < q2; a++) logDet += 2 * Math.Log(a22![a * q2 + a]);
            Cholesky.ForwardSolve(a22!, q2, rhs2!);
            foreach (var v in rhs2!) cuSq += v * v;
            var col = new double[q2];
            var rzx2 = new double[q2 * p];
            for (int b = 0; b < p; b++)
            {
                for (int j = 0; j < q2; j++) col[j] = zx2![j * p + b];
                Cholesky.ForwardSolve(a22!, q2, col);
                for (int j = 0; j < q2; j++) rzx2[j * p + b] = col[j];
            }
            for (int a = 0; a < p; a++)
            {
                double s = 0;
                for (int j = 0; j < q2; j++) s += rzx2[j * p + a] * rhs2![j];
                rhsX[a] -= s;
                for (int b = a; b < p; b++)
                {
                    double t2 = 0;
                    for (int j = 0; j < q2; j++) t2 += rzx2[j * p + a] * rzx2[j * p + b];
                    xtxAdj[a * p + b] -= t2;
                }
            }
        }
        for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) xtxAdj[a * p + b] = xtxAdj[b * p + a];
        double logDetRx = 0;
        var cb = (double[])rhsX.Clone();
        if (p > 0)
        {
            if (!LinearAlgebra.Cholesky.Decompose(xtxAdj, p)) return ev;
            for (int a = 0; a < p; a++) logDetRx += 2 * Math.Log(xtxAdj[a * p + a]);
            Cholesky.ForwardSolve(xtxAdj, p, cb);
        }
        double cbSq = 0;
        foreach (var v in cb) cbSq += v * v;
        double pwrss = _yty - cuSq - cbSq;
        if (!(pwrss > 0)) return ev;
        ev.LogDetL = logDet;
        ev.LogDetRX = logDetRx;
        ev.Pwrss = pwrss;
        const double log2Pi = 1.8378770664093453;
        if (reml)
        {
            int nmp = n - p;
            ev.Deviance = logDet + logDetRx + nmp * (1 + log2Pi + Math.Log(pwrss / nmp)) - PriorWeightsLogSum;
        }
        else ev.Deviance = logDet + n * (1 + log2Pi + Math.Log(pwrss / n)) - PriorWeightsLogSum;
        ev.Ok = double.IsFinite(ev.Deviance);
        if (full && p > 0)
        {
            // β = RX⁻ᵀ cβ, then undo the response shift on the intercept-carrying direction
            var beta = (double[])cb.Clone();
            for (int i = p - 1; i >= 0; i--)
            {
                double s = beta[i];
                for (int k = i + 1; k < p; k++) s -= xtxAdj[k * p + i] * beta[k];
                beta[i] = s / xtxAdj[i * p + i];
            }
            ev.Beta = beta;
            ev.RxInverse = LinearAlgebra.Cholesky.Inverse(xtxAdj, p);
        }
        return ev;
    }

    /// <summary>
    /// Conditional modes of the random effects, b = Λθ u with u = (ΛᵀZᵀZΛ + I)⁻¹ ΛᵀZᵀ(y − Xβ) (lme4's <c>ranef</c>), per
    /// block as levels × K row-major. <paramref name="beta"/> is on the shifted response scale (as returned by
    /// <see cref="Evaluate"/> before the caller restores the intercept).
    /// </summary>
    public double[][] ConditionalModes(ReadOnlySpan<double> theta, double[] beta) => SolveModes(theta, beta, out _, out _);

    /// <summary>
    /// As <see cref="ConditionalModes"/>, also returning the spherical modes u (term 0's levels × K first, then the
    /// dense part, as <see cref="Q"/> values) and log|L|² of ΛᵀZᵀWZΛ + I — what a PIRLS step needs.
    /// </summary>
    public double[][] SolveModes(ReadOnlySpan<double> theta, double[] beta, out double[] sphericalModes, out double logDetL)
    {
        int k0 = _k0, p = _p, q2 = _q2;
        var T = Factors(theta);
        var T0 = T[0];
        var z0r = new double[_l0 * k0];
        for (int r = 0; r < z0r.Length; r++)
        {
            double s = _z0y[r];
            for (int b = 0; b < p; b++) s -= _z0x[r * p + b] * beta[b];
            z0r[r] = s;
        }
        var z2r = new double[q2];
        for (int j = 0; j < q2; j++)
        {
            double s = _z2y[j];
            for (int b = 0; b < p; b++) s -= _z2x[j * p + b] * beta[b];
            z2r[j] = s;
        }
        double[]? a22 = null, rhs2 = null;
        if (q2 > 0)
        {
            a22 = LambdaTLambda(_z2z2, T);
            for (int j = 0; j < q2; j++) a22[j * q2 + j] += 1;
            rhs2 = LambdaT(z2r, T, 1);
        }
        var L = new double[k0 * k0];
        var c0 = new double[_l0 * k0];
        var rows = new double[64 * k0];
        double logDet = 0;
        // pass 1: per-level factors, c0 = L⁻¹ T0ᵀ Z0ᵀr, Schur complement and right-hand side of the dense part
        for (int l = 0; l < _l0; l++)
        {
            if (!LevelFactor(l, T0, L)) throw new ModelException("random-effects system is singular");
            for (int a = 0; a < k0; a++) logDet += 2 * Math.Log(L[a * k0 + a]);
            var cl = c0.AsSpan(l * k0, k0);
            for (int r = 0; r < k0; r++)
            {
                double s = 0;
                for (int a = 0; a < k0; a++) s += T0[a * k0 + r] * z0r[l * k0 + a];
                cl[r] = s;
            }
            Cholesky.ForwardSolve(L, k0, cl);
            if (q2 == 0) continue;
            int m = LevelL21(l, T0, T, L, ref rows);
            int cs = _cStart[l];
            for (int u = 0; u < m; u++)
            {
                int ju = _cRows[cs + u];
                double s = 0;
                for (int a = 0; a < k0; a++) s += rows[u * k0 + a] * cl[a];
                rhs2![ju] -= s;
                for (int v = 0; v < m; v++)
                {
                    double t3 = 0;
                    for (int a = 0; a < k0; a++) t3 += rows[u * k0 + a] * rows[v * k0 + a];
                    a22![ju * q2 + _cRows[cs + v]] -= t3;
                }
            }
        }
        var u2 = new double[q2];
        if (q2 > 0)
        {
            if (!SparseAwareCholesky.Decompose(a22!, q2)) throw new ModelException("random-effects system is singular");
            for (int a = 0; a < q2; a++) logDet += 2 * Math.Log(a22![a * q2 + a]);
            LinearAlgebra.Cholesky.Solve(a22!, q2, rhs2!);   // L22 L22ᵀ u2 = rhs2, i.e. u2 = L22⁻ᵀ(L22⁻¹ rhs2)
            u2 = rhs2!;
        }
        // pass 2: u0 = L⁻ᵀ(c0 − L21ᵀ u2), then b = Λ u
        var result = new double[_blocks.Length][];
        result[0] = new double[_l0 * k0];
        var uAll = new double[_l0 * k0 + q2];
        u2.CopyTo(uAll, _l0 * k0);
        var w = new double[k0];
        for (int l = 0; l < _l0; l++)
        {
            if (!LevelFactor(l, T0, L)) throw new ModelException("random-effects system is singular");
            for (int a = 0; a < k0; a++) w[a] = c0[l * k0 + a];
            if (q2 > 0)
            {
                int m = LevelL21(l, T0, T, L, ref rows);
                int cs = _cStart[l];
                for (int u = 0; u < m; u++)
                {
                    double uj = u2[_cRows[cs + u]];
                    for (int a = 0; a < k0; a++) w[a] -= rows[u * k0 + a] * uj;
                }
            }
            for (int i = k0 - 1; i >= 0; i--)
            {
                double s = w[i];
                for (int a = i + 1; a < k0; a++) s -= L[a * k0 + i] * w[a];
                w[i] = s / L[i * k0 + i];
            }
            for (int a = 0; a < k0; a++) uAll[l * k0 + a] = w[a];
            for (int r = 0; r < k0; r++)
            {
                double s = 0;
                for (int a = 0; a <= r; a++) s += T0[r * k0 + a] * w[a];
                result[0][l * k0 + r] = s;
            }
        }
        for (int t = 1; t < _blocks.Length; t++)
        {
            int k = _blocks[t].K, o = _offset[t];
            var tt = T[t];
            var bt = new double[_blocks[t].Levels * k];
            for (int lev = 0; lev < _blocks[t].Levels; lev++)
            for (int r = 0; r < k; r++)
            {
                double s = 0;
                for (int a = 0; a <= r; a++) s += tt[r * k + a] * u2[o + lev * k + a];
                bt[lev * k + r] = s;
            }
            result[t] = bt;
        }
        sphericalModes = uAll;
        logDetL = logDet;
        return result;
    }

    /// <summary>Cholesky factor of T0ᵀ B_l T0 + I for level l of the first term.</summary>
    private bool LevelFactor(int l, double[] T0, double[] L)
    {
        int k0 = _k0, ob = l * k0 * k0;
        Span<double> tmp = stackalloc double[k0 * k0];
        for (int r = 0; r < k0; r++)
        for (int c = 0; c < k0; c++)
        {
            double s = 0;
            for (int a = 0; a < k0; a++) s += _b0[ob + r * k0 + a] * T0[a * k0 + c];
            tmp[r * k0 + c] = s;
        }
        for (int r = 0; r < k0; r++)
        for (int c = 0; c < k0; c++)
        {
            double s = 0;
            for (int a = 0; a < k0; a++) s += T0[a * k0 + r] * tmp[a * k0 + c];
            L[r * k0 + c] = s + (r == c ? 1 : 0);
        }
        return LinearAlgebra.Cholesky.Decompose(L, k0);
    }

    /// <summary>Rows of L21 for level l (Λ₂ᵀ C_l T0 L_l⁻ᵀ), returns their number.</summary>
    private int LevelL21(int l, double[] T0, double[][] T, double[] L, ref double[] rows)
    {
        int k0 = _k0, cs = _cStart[l], m = _cStart[l + 1] - cs;
        if (rows.Length < m * k0) rows = new double[m * k0 * 2];
        for (int u = 0; u < m; u++)
        {
            int src = (cs + u) * k0;
            for (int c = 0; c < k0; c++)
            {
                double s = 0;
                for (int a = 0; a < k0; a++) s += _cVal[src + a] * T0[a * k0 + c];
                rows[u * k0 + c] = s;
            }
        }
        ApplyLambdaTRows(rows, m, k0, cs, T);
        for (int u = 0; u < m; u++) Cholesky.ForwardSolve(L, k0, rows.AsSpan(u * k0, k0));
        return m;
    }

    /// <summary>The shift subtracted from y (added back to the intercept by the caller).</summary>
    public double ResponseShift => _yShift;

    /// <summary>Λ₂ᵀ M (M is q2 × cols row-major): each (term, level) row block multiplied by T_tᵀ.</summary>
    private double[] LambdaT(double[] m, double[][] T, int cols)
    {
        var r = new double[m.Length];
        for (int t = 1; t < _blocks.Length; t++)
        {
            int k = _blocks[t].K, o = _offset[t];
            var tt = T[t];
            for (int lev = 0; lev < _blocks[t].Levels; lev++)
            {
                int rb = o + lev * k;
                for (int a = 0; a < k; a++)
                for (int c = 0; c < cols; c++)
                {
                    double s = 0;
                    for (int b = a; b < k; b++) s += tt[b * k + a] * m[(rb + b) * cols + c];
                    r[(rb + a) * cols + c] = s;
                }
            }
        }
        return r;
    }

    /// <summary>Λ₂ᵀ Z₂ᵀZ₂ Λ₂ (dense q2 × q2).</summary>
    private double[]? _a22Buffer;

    /// <summary>Λ₂ᵀ Z₂ᵀZ₂ Λ₂ (dense q2 × q2) in a reused buffer: columns of each (term, level) block times T_t, then
    /// rows of each block times T_tᵀ, in place; zeros of Z₂ᵀZ₂ stay exact zeros (the sparse Cholesky relies on it).</summary>
    private double[] LambdaTLambda(double[] zz, double[][] T)
    {
        int q2 = _q2;
        var r = _a22Buffer ??= new double[q2 * q2];
        Array.Copy(zz, r, zz.Length);
        Span<double> tmp = stackalloc double[16];
        for (int t = 1; t < _blocks.Length; t++)
        {
            int k = _blocks[t].K, o = _offset[t];
            var tt = T[t];
            if (k > tmp.Length) tmp = new double[k];
            for (int lev = 0; lev < _blocks[t].Levels; lev++)
            {
                int b0 = o + lev * k;
                if (k == 1)
                {
                    double sc = tt[0];
                    for (int i = 0; i < q2; i++) r[i * q2 + b0] *= sc;
                    for (int j = 0; j < q2; j++) r[b0 * q2 + j] *= sc;
                    continue;
                }
                // columns: r[i, block] = r[i, block] T   (T lower triangular: column c gets Σ_{a ≥ c} r[i, a] T[a, c])
                for (int i = 0; i < q2; i++)
                {
                    int row = i * q2 + b0;
                    for (int c = 0; c < k; c++)
                    {
                        double sum = 0;
                        for (int a = c; a < k; a++) sum += r[row + a] * tt[a * k + c];
                        tmp[c] = sum;
                    }
                    for (int c = 0; c < k; c++) r[row + c] = tmp[c];
                }
                // rows: r[block, j] = Tᵀ r[block, j]
                for (int j = 0; j < q2; j++)
                {
                    for (int a = 0; a < k; a++)
                    {
                        double sum = 0;
                        for (int b = a; b < k; b++) sum += tt[b * k + a] * r[(b0 + b) * q2 + j];
                        tmp[a] = sum;
                    }
                    for (int a = 0; a < k; a++) r[(b0 + a) * q2 + j] = tmp[a];
                }
            }
        }
        for (int i = 0; i < q2; i++)
        for (int j = i + 1; j < q2; j++)
        {
            double m = 0.5 * (r[i * q2 + j] + r[j * q2 + i]);
            r[i * q2 + j] = m;
            r[j * q2 + i] = m;
        }
        return r;
    }

    /// <summary>Applies Λ₂ᵀ to the touched rows (grouped in whole (term, level) blocks) of a level's C block.</summary>
    private void ApplyLambdaTRows(double[] rows, int m, int k0, int cs, double[][] T)
    {
        int u = 0;
        Span<double> buf = stackalloc double[16 * 16];
        while (u < m)
        {
            int j = _cRows[cs + u];
            int t = BlockOf(j);
            int k = _blocks[t].K;
            if (k > 1)
            {
                var tt = T[t];
                var tmp = k * k0 <= buf.Length ? buf[..(k * k0)] : new double[k * k0];
                for (int a = 0; a < k; a++)
                for (int c = 0; c < k0; c++)
                {
                    double s = 0;
                    for (int b = a; b < k; b++) s += tt[b * k + a] * rows[(u + b) * k0 + c];
                    tmp[a * k0 + c] = s;
                }
                tmp.CopyTo(rows.AsSpan(u * k0, k * k0));
            }
            else
            {
                double s = T[t][0];
                for (int c = 0; c < k0; c++) rows[u * k0 + c] *= s;
            }
            u += k;
        }
    }
}
