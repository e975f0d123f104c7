namespace Cohesion.Statistics.Regression;

/// <summary>
/// Absorbs any number of fixed-effect factors from column arrays by alternating projections, as fixest does:
/// the state is the vector of coefficients of factors 2..k, one Gauss–Seidel sweep re-estimates every factor's
/// coefficients as group means of the partial residual, and Irons–Tuck extrapolation accelerates the sweeps.
/// One factor is exact in a single pass. Columns are demeaned in place, in parallel across columns.
/// </summary>
public sealed class FixedEffectsDemeaner
{
    private readonly int[][] _codes;
    private readonly int[] _levels;
    private readonly double[][] _invCounts;
    private readonly int _n;
    private readonly double[]? _w;

    /// <summary>Convergence tolerance on the largest change of a fixed-effect coefficient, relative to the
    /// column's scale (its largest absolute value).</summary>
    public double Tolerance { get; init; } = 1e-12;
    public int MaxIterations { get; init; } = 10_000;
    /// <summary>Two factors of which the smaller has at most this many levels are absorbed exactly, without iterating:
    /// the coefficients of the smaller factor solve their reduced normal equations (a small dense system, factored once
    /// for every column), those of the larger follow as group means. 0 always iterates.</summary>
    public int DirectLimit { get; init; } = DefaultDirectLimit;
    /// <summary>The default of <see cref="DirectLimit"/>.</summary>
    public const int DefaultDirectLimit = 1000;
    /// <summary>Largest number of sweeps any column needed in the last <see cref="Demean"/> call.</summary>
    public int LastIterations { get; private set; }

    /// <param name="codes">Per factor, dense level codes 0..levels-1 for every row (no missing).</param>
    /// <param name="levels">Per factor, the number of levels.</param>
    /// <param name="weights">Optional positive observation weights: the projections are then weighted (group means
    /// Σwx/Σw), which is weighted least squares with the factors as dummies.</param>
    public FixedEffectsDemeaner(int[][] codes, int[] levels, double[]? weights = null)
    {
        if (codes.Length == 0) throw new ArgumentException("at least one factor");
        _codes = codes;
        _levels = levels;
        _n = codes[0].Length;
        _w = weights;
        _invCounts = new double[codes.Length][];
        for (int h = 0; h < codes.Length; h++)
        {
            var cnt = new double[levels[h]];
            var ch = codes[h];
            for (int i = 0; i < _n; i++) cnt[ch[i]] += weights?[i] ?? 1;
            for (int g = 0; g < cnt.Length; g++) cnt[g] = cnt[g] > 0 ? 1 / cnt[g] : 0;
            _invCounts[h] = cnt;
        }
    }

    public int RowCount => _n;
    public int FactorCount => _codes.Length;

    /// <summary>Demeans every column (each of length n) in place. Throws <see cref="ModelException"/> if the
    /// projections do not converge within <see cref="MaxIterations"/>.</summary>
    public void Demean(IReadOnlyList<double[]> columns)
    {
        int maxIt = 0;
        var errors = new Exception?[columns.Count];
        Parallel.For(0, columns.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            try
            {
                int it = DemeanOne(columns[j]);
                lock (errors) maxIt = Math.Max(maxIt, it);
            }
            catch (Exception ex) { errors[j] = ex; }
        });
        foreach (var e in errors) if (e is not null) throw e;
        LastIterations = maxIt;
    }

    /// <summary>Demeans one column in place; returns the number of sweeps used.</summary>
    public int DemeanOne(double[] v)
    {
        int k = _codes.Length;
        if (k == 1)
        {
            var mean = GroupMeans(v, 0);
            var c0 = _codes[0];
            for (int i = 0; i < _n; i++) v[i] -= mean[c0[i]];
            return 1;
        }
        double scale = 0;
        foreach (var x in v) scale = Math.Max(scale, Math.Abs(x));
        if (scale == 0) return 0;
        double tol = Tolerance * scale;
        if (k == 2) return Math.Min(_levels[0], _levels[1]) <= DirectLimit && Direct() is { } direct ? direct.Solve(v) : DemeanTwo(v, tol);

        // state: coefficients of factors 1..k-1 (0-based), concatenated
        int stateLen = 0;
        var offsets = new int[k];
        for (int h = 1; h < k; h++) { offsets[h] = stateLen; stateLen += _levels[h]; }
        var x0 = new double[stateLen];
        var gx = new double[stateLen];
        var ggx = new double[stateLen];
        var alpha = new double[k][];
        var partial = new double[_n];
        int iter = 0;
        while (true)
        {
            Sweep(v, x0, gx, offsets, alpha, partial);
            iter++;
            if (MaxAbsDiff(gx, x0) <= tol) { Array.Copy(gx, x0, stateLen); break; }
            Sweep(v, gx, ggx, offsets, alpha, partial);
            iter++;
            if (MaxAbsDiff(ggx, gx) <= tol) { Array.Copy(ggx, x0, stateLen); break; }
            IronsTuckStep(x0, gx, ggx, stateLen);
            if (iter >= MaxIterations)
                throw new ModelException($"demeaning by the fixed effects did not converge in {MaxIterations} iterations; the fixed-effect structure may be nearly disconnected");
        }
        // final residual: factor 0 from the converged state, then subtract all
        var a0 = FirstFactorMeans(v, x0, offsets, partial);
        var c = _codes[0];
        for (int i = 0; i < _n; i++)
        {
            double r = v[i] - a0[c[i]];
            for (int h = 1; h < k; h++) r -= x0[offsets[h] + _codes[h][i]];
            v[i] = r;
        }
        return iter;
    }

    // ---- two factors: iterate in the space of coefficients over the (g, t) cells, as fixest does -------------

    private int[]? _cellStart;   // CSR over levels of factor 0
    private int[]? _cellT;       // level of factor 1 of each cell
    private double[]? _cellN;    // observations in the cell
    private readonly object _cellLock = new();

    private void BuildCells()
    {
        lock (_cellLock)
        {
            if (_cellStart is not null) return;
            int g1 = _levels[0], g2 = _levels[1];
            var a = _codes[0];
            var b = _codes[1];
            // counting sort of the rows by factor 0
            var start = new int[g1 + 1];
            foreach (var c in a) start[c + 1]++;
            for (int g = 0; g < g1; g++) start[g + 1] += start[g];
            var pos = (int[])start.Clone();
            var sorted = new int[_n];
            var sortedW = new double[_n];
            for (int i = 0; i < _n; i++) { int at = pos[a[i]]++; sorted[at] = b[i]; sortedW[at] = _w?[i] ?? 1; }
            // distinct levels of factor 1 within each level of factor 0, with counts
            var mark = new int[g2];
            Array.Fill(mark, -1);
            var cs = new int[g1 + 1];
            var ct = new List<int>(Math.Min(_n, 1 << 24));
            var cn = new List<double>(Math.Min(_n, 1 << 24));
            for (int g = 0; g < g1; g++)
            {
                cs[g] = ct.Count;
                for (int r = start[g]; r < start[g + 1]; r++)
                {
                    int t = sorted[r];
                    if (mark[t] < cs[g]) { mark[t] = ct.Count; ct.Add(t); cn.Add(sortedW[r]); }
                    else cn[mark[t]] += sortedW[r];
                }
            }
            cs[g1] = ct.Count;
            _cellT = ct.ToArray();
            _cellN = cn.ToArray();
            _cellStart = cs;
        }
    }

    private int DemeanTwo(double[] v, double tol)
    {
        BuildCells();
        int g1 = _levels[0], g2 = _levels[1];
        var a = _codes[0];
        var b = _codes[1];
        var s1 = new double[g1];
        var s2 = new double[g2];
        for (int i = 0; i < _n; i++) { double wv = (_w?[i] ?? 1) * v[i]; s1[a[i]] += wv; s2[b[i]] += wv; }
        var inv1 = _invCounts[0];
        var inv2 = _invCounts[1];
        var cs = _cellStart!;
        var ct = _cellT!;
        var cn = _cellN!;
        var alpha = new double[g1];
        // F: β → β' (α from β, then β' from α)
        void F(double[] beta, double[] output)
        {
            Array.Copy(s2, output, g2);
            for (int g = 0; g < g1; g++)
            {
                double s = s1[g];
                int e = cs[g + 1];
                for (int c = cs[g]; c < e; c++) s -= cn[c] * beta[ct[c]];
                double ag = s * inv1[g];
                alpha[g] = ag;
                for (int c = cs[g]; c < e; c++) output[ct[c]] -= cn[c] * ag;
            }
            for (int t = 0; t < g2; t++) output[t] *= inv2[t];
        }
        var x0 = new double[g2];
        var gx = new double[g2];
        var ggx = new double[g2];
        int iter = 0;
        while (true)
        {
            F(x0, gx);
            iter++;
            if (MaxAbsDiff(gx, x0) <= tol) { Array.Copy(gx, x0, g2); break; }
            F(gx, ggx);
            iter++;
            if (MaxAbsDiff(ggx, gx) <= tol) { Array.Copy(ggx, x0, g2); break; }
            IronsTuckStep(x0, gx, ggx, g2);
            if (iter >= MaxIterations)
                throw new ModelException($"demeaning by the fixed effects did not converge in {MaxIterations} iterations; the fixed-effect structure may be nearly disconnected");
        }
        // α consistent with the converged β, then the residual
        F(x0, gx);
        for (int i = 0; i < _n; i++) v[i] -= alpha[a[i]] + x0[b[i]];
        return iter;
    }

    private double[] FirstFactorMeans(double[] v, double[] state, int[] offsets, double[] partial)
    {
        int k = _codes.Length;
        for (int i = 0; i < _n; i++)
        {
            double r = v[i];
            for (int h = 1; h < k; h++) r -= state[offsets[h] + _codes[h][i]];
            partial[i] = r;
        }
        return GroupMeans(partial, 0);
    }

    /// <summary>One Gauss–Seidel sweep: from the state (factors 1..k-1) compute factor 0, then update factors
    /// 1..k-1 in turn; writes the new state to <paramref name="output"/>.</summary>
    private void Sweep(double[] v, double[] state, double[] output, int[] offsets, double[][] alpha, double[] partial)
    {
        int k = _codes.Length;
        alpha[0] = FirstFactorMeans(v, state, offsets, partial);
        for (int h = 1; h < k; h++)
        {
            // partial residual without factor h: v − Σ_{j<h} new α_j − Σ_{j>h} old state_j
            for (int i = 0; i < _n; i++)
            {
                double r = v[i];
                for (int j = 0; j < h; j++)
                    r -= j == 0 ? alpha[0][_codes[0][i]] : output[offsets[j] + _codes[j][i]];
                for (int j = h + 1; j < k; j++) r -= state[offsets[j] + _codes[j][i]];
                partial[i] = r;
            }
            var m = GroupMeans(partial, h);
            Array.Copy(m, 0, output, offsets[h], m.Length);
        }
    }

    private double[] GroupMeans(double[] x, int factor)
    {
        var sums = new double[_levels[factor]];
        var c = _codes[factor];
        if (_w is null) for (int i = 0; i < _n; i++) sums[c[i]] += x[i];
        else for (int i = 0; i < _n; i++) sums[c[i]] += _w[i] * x[i];
        var inv = _invCounts[factor];
        for (int g = 0; g < sums.Length; g++) sums[g] *= inv[g];
        return sums;
    }

    private static double MaxAbsDiff(double[] a, double[] b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    /// <summary>
    /// Degrees of freedom absorbed by the factors: levels of the first factor, plus for each further factor its
    /// levels minus the number of connected components it forms with the first (for two factors this is exact,
    /// G₁ + G₂ − components, as plm's n − K − N − T + 1 for a connected panel; for three or more each extra
    /// factor is counted against the first only, fixest's default approximation).
    /// </summary>
    public int AbsorbedDegreesOfFreedom()
    {
        int df = _levels[0];
        for (int h = 1; h < _codes.Length; h++)
            df += _levels[h] - ConnectedComponents(_codes[0], _levels[0], _codes[h], _levels[h]);
        return df;
    }

    private static int ConnectedComponents(int[] a, int na, int[] b, int nb)
    {
        var parent = new int[na + nb];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        int Find(int x) { while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
        int comps = na + nb;
        for (int i = 0; i < a.Length; i++)
        {
            int ra = Find(a[i]), rb = Find(na + b[i]);
            if (ra != rb) { parent[ra] = rb; comps--; }
        }
        return comps;
    }

    /// <summary>
    /// Rows to keep after iteratively removing singleton fixed-effect groups (a level observed once), as fixest
    /// does. Returns null when nothing is removed.
    /// </summary>
    public static bool[]? SingletonFilter(int[][] codes, int[] levels, out int dropped)
    {
        int n = codes[0].Length;
        var keep = new bool[n];
        Array.Fill(keep, true);
        dropped = 0;
        var counts = new int[codes.Length][];
        for (int h = 0; h < codes.Length; h++)
        {
            counts[h] = new int[levels[h]];
            foreach (var c in codes[h]) counts[h][c]++;
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < n; i++)
            {
                if (!keep[i]) continue;
                bool single = false;
                for (int h = 0; h < codes.Length && !single; h++) single = counts[h][codes[h][i]] == 1;
                if (!single) continue;
                keep[i] = false;
                dropped++;
                changed = true;
                for (int h = 0; h < codes.Length; h++) counts[h][codes[h][i]]--;
            }
        }
        return dropped == 0 ? null : keep;
    }

    /// <summary>Renumbers codes densely (0..G-1 in order of first appearance of the used codes, sorted); returns G.</summary>
    public static int Densify(int[] codes)
    {
        int max = -1;
        foreach (var c in codes) if (c > max) max = c;
        var map = new int[max + 1];
        Array.Fill(map, -1);
        foreach (var c in codes) map[c] = 0;
        int g = 0;
        for (int l = 0; l <= max; l++) if (map[l] == 0) map[l] = g++;
        for (int i = 0; i < codes.Length; i++) codes[i] = map[codes[i]];
        return g;
    }

    // ---- two factors, the smaller one small: solved directly ------------------------------------------------

    private DirectTwoWay? _direct;
    private bool _directTried;

    /// <summary>The direct solver of a two-factor structure, built once (null when the pairs of cells within the levels of
    /// the larger factor are too many to sum).</summary>
    private DirectTwoWay? Direct()
    {
        lock (_cellLock)
        {
            if (!_directTried) { _direct = DirectTwoWay.TryCreate(_codes, _levels, _invCounts, _w, _n); _directTried = true; }
            return _direct;
        }
    }

    /// <summary>
    /// Two factors, M (the larger, G levels) and m (the smaller, T levels). With α the coefficients of M and β those of m,
    /// the normal equations give α_g = (S_g − Σ_t n_gt β_t) / n_g and, substituted, A β = r with
    /// A_ts = n_t δ_ts − Σ_g n_gt n_gs / n_g and r_t = s_t − Σ_g n_gt S_g / n_g (n weighted counts, S and s weighted sums
    /// of the column). A is positive semi-definite, singular along the constant of each connected component; it is
    /// factored once as L D Lᵀ with pivots that vanish skipped (their β set to 0), which gives one solution of the
    /// consistent system, and the residual v − α − β is the same for every solution: the exact projection.
    /// </summary>
    private sealed class DirectTwoWay
    {
        private readonly int[] _major, _minor;     // per row: level of M, level of m
        private readonly int _g, _t, _n;
        private readonly double[] _invMajor;
        private readonly double[]? _w;
        private readonly int[] _cellStart, _cellT; // CSR over levels of M: the levels of m met, with weighted counts
        private readonly double[] _cellN;
        private readonly double[] _l;              // unit lower triangle of A (row-major T×T)
        private readonly double[] _d;              // its pivots (0 where skipped)

        private DirectTwoWay(int[] major, int[] minor, int g, int t, int n, double[] invMajor, double[]? w,
            int[] cellStart, int[] cellT, double[] cellN, double[] l, double[] d)
        {
            _major = major; _minor = minor; _g = g; _t = t; _n = n; _invMajor = invMajor; _w = w;
            _cellStart = cellStart; _cellT = cellT; _cellN = cellN; _l = l; _d = d;
        }

        public static DirectTwoWay? TryCreate(int[][] codes, int[] levels, double[][] invCounts, double[]? w, int n)
        {
            int mi = levels[1] <= levels[0] ? 1 : 0, ma = 1 - mi;
            int g = levels[ma], t = levels[mi];
            var major = codes[ma];
            var minor = codes[mi];
            // cells (g, t) grouped by g: a counting sort of the rows by g, then the distinct t within each g
            var start = new int[g + 1];
            foreach (var c in major) start[c + 1]++;
            for (int i = 0; i < g; i++) start[i + 1] += start[i];
            var pos = (int[])start.Clone();
            var sortedT = new int[n];
            var sortedW = w is null ? null : new double[n];
            for (int i = 0; i < n; i++) { int at = pos[major[i]]++; sortedT[at] = minor[i]; if (sortedW is not null) sortedW[at] = w![i]; }
            var mark = new int[t];
            Array.Fill(mark, -1);
            var cs = new int[g + 1];
            var ct = new int[n];
            var cn = new double[n];
            int cells = 0;
            long pairs = 0;
            for (int a = 0; a < g; a++)
            {
                cs[a] = cells;
                for (int r = start[a]; r < start[a + 1]; r++)
                {
                    int b = sortedT[r];
                    double wr = sortedW?[r] ?? 1;
                    if (mark[b] < cs[a]) { mark[b] = cells; ct[cells] = b; cn[cells] = wr; cells++; }
                    else cn[mark[b]] += wr;
                }
                long k = cells - cs[a];
                pairs += k * k;
            }
            cs[g] = cells;
            if (pairs > 400_000_000L) return null;
            Array.Resize(ref ct, cells);
            Array.Resize(ref cn, cells);

            // A = diag(n_t) − Σ_g n_g· n_g·ᵀ / n_g
            var inv = invCounts[mi];
            var invMajor = invCounts[ma];
            var A = new double[t * t];
            for (int b = 0; b < t; b++) A[b * t + b] = inv[b] > 0 ? 1 / inv[b] : 0;
            for (int a = 0; a < g; a++)
            {
                double ia = invMajor[a];
                for (int c1 = cs[a]; c1 < cs[a + 1]; c1++)
                {
                    double f = cn[c1] * ia;
                    int row = ct[c1] * t;
                    for (int c2 = cs[a]; c2 < cs[a + 1]; c2++) A[row + ct[c2]] -= f * cn[c2];
                }
            }
            // L D Lᵀ without pivoting; a pivot that is zero up to rounding (the null directions) is skipped
            double maxDiag = 0;
            for (int b = 0; b < t; b++) maxDiag = Math.Max(maxDiag, A[b * t + b]);
            double tiny = 1e-10 * maxDiag;
            var d = new double[t];
            for (int j = 0; j < t; j++)
            {
                double dj = A[j * t + j];
                for (int p = 0; p < j; p++) dj -= A[j * t + p] * A[j * t + p] * d[p];
                if (!(dj > tiny)) { d[j] = 0; for (int i = j + 1; i < t; i++) A[i * t + j] = 0; continue; }
                d[j] = dj;
                for (int i = j + 1; i < t; i++)
                {
                    double s = A[i * t + j];
                    for (int p = 0; p < j; p++) s -= A[i * t + p] * A[j * t + p] * d[p];
                    A[i * t + j] = s / dj;
                }
            }
            return new DirectTwoWay(major, minor, g, t, n, invMajor, w, cs, ct, cn, A, d);
        }

        /// <summary>Demeans <paramref name="v"/> in place; returns 1 (one exact pass).</summary>
        public int Solve(double[] v)
        {
            int g = _g, t = _t;
            var sMajor = new double[g];
            var beta = new double[t];
            var major = _major;
            var minor = _minor;
            for (int i = 0; i < _n; i++)
            {
                double wv = (_w?[i] ?? 1) * v[i];
                sMajor[major[i]] += wv;
                beta[minor[i]] += wv;                // s_t, becomes r_t, then β
            }
            var cs = _cellStart;
            var ct = _cellT;
            var cn = _cellN;
            for (int a = 0; a < g; a++)
            {
                double m = sMajor[a] * _invMajor[a];
                for (int c = cs[a]; c < cs[a + 1]; c++) beta[ct[c]] -= cn[c] * m;
            }
            // L D Lᵀ β = r
            for (int i = 0; i < t; i++)
            {
                double s = beta[i];
                for (int p = 0; p < i; p++) s -= _l[i * t + p] * beta[p];
                beta[i] = s;
            }
            for (int i = 0; i < t; i++) beta[i] = _d[i] > 0 ? beta[i] / _d[i] : 0;
            for (int i = t - 1; i >= 0; i--)
            {
                if (_d[i] == 0) { beta[i] = 0; continue; }
                double s = beta[i];
                for (int p = i + 1; p < t; p++) s -= _l[p * t + i] * beta[p];
                beta[i] = s;
            }
            // α_g = (S_g − Σ_t n_gt β_t) / n_g, then the residual
            var alpha = sMajor;
            for (int a = 0; a < g; a++)
            {
                double s = sMajor[a];
                for (int c = cs[a]; c < cs[a + 1]; c++) s -= cn[c] * beta[ct[c]];
                alpha[a] = s * _invMajor[a];
            }
            for (int i = 0; i < _n; i++) v[i] -= alpha[major[i]] + beta[minor[i]];
            return 1;
        }
    }

    /// <summary>Irons–Tuck extrapolation from x, G(x), G(G(x)) (the acceleration fixest uses); writes the new x.</summary>
    private static void IronsTuckStep(double[] x0, double[] gx, double[] ggx, int length)
    {
        double num = 0, den = 0;
        for (int i = 0; i < length; i++)
        {
            double dg = ggx[i] - gx[i];
            double d2 = ggx[i] - 2 * gx[i] + x0[i];
            num += dg * d2;
            den += d2 * d2;
        }
        if (den > 0)
        {
            double coef = num / den;
            for (int i = 0; i < length; i++) x0[i] = ggx[i] - coef * (ggx[i] - gx[i]);
        }
        else Array.Copy(ggx, x0, length);
    }
}
