namespace Cohesion.Statistics.Regression;

/// <summary>How the small-sample factor of cluster-robust standard errors is chosen.</summary>
public enum ClusterAdjustment
{
    /// <summary>G/(G−1) · (n−1)/(n−K): Stata's and plm's "sss", sandwich::vcovCL's type HC1 (per clustering
    /// dimension G/(G−1), then (n−1)/(n−K) once).</summary>
    Stata,
    /// <summary>No factor for one-way clustering (plm's <c>vcovHC(type = "HC0")</c>); for multiway clustering
    /// sandwich::vcovCL's type HC0 (G/(G−1) per dimension, no (n−1)/(n−K)).</summary>
    None,
}

/// <summary>
/// Sandwich covariances of least-squares coefficients, B M B with B = (XᵀX)⁻¹, as R's sandwich package computes them:
/// <c>vcovHC</c> types HC0–HC3 (leverage-corrected with the hat values) and <c>vcovCL</c> with one or more clustering
/// dimensions (Cameron, Gelbach &amp; Miller 2011: V = Σ over non-empty subsets S of the dimensions of
/// (−1)^{|S|+1} V_S, each V_S clustered by the intersection S with its own G/(G−1)). The columns and residuals are
/// those of the (weighted, √w-scaled; demeaned when fixed effects are absorbed) design, so weighted least squares gets
/// sandwich's <c>estfun</c> = w·e·x. Kernels only: the caller chooses the variance after the fit.
/// </summary>
public static class SandwichVariance
{
    /// <summary>vcovHC: HC0 (e²), HC1 (e² n/(n−k)), HC2 (e²/(1−h)), HC3 (e²/(1−h)²). <paramref name="leverage"/> are
    /// the hat values (required for HC2/HC3); <paramref name="dfResidual"/> is n − k for HC1.</summary>
    public static double[] Heteroskedastic(IReadOnlyList<double[]> columns, ReadOnlySpan<double> residuals, double[] bread,
        StandardErrorType type, int dfResidual, ReadOnlySpan<double> leverage = default)
    {
        int n = residuals.Length;
        // the meat Σ x ω x′ with ω = (e / c)²: c = 1 (HC0, HC1), √(1 − h) (HC2), 1 − h (HC3)
        var scaled = new double[n];
        for (int i = 0; i < n; i++)
            scaled[i] = type switch
            {
                StandardErrorType.HC0 or StandardErrorType.HC1 => residuals[i],
                StandardErrorType.HC2 => residuals[i] / Math.Sqrt(1 - Leverage(leverage, i)),
                StandardErrorType.HC3 => residuals[i] / (1 - Leverage(leverage, i)),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a heteroskedasticity-consistent type"),
            };
        int k = columns.Count;
        var meat = LinearAlgebra.ColumnKernels.HeteroskedasticMeat(columns.ToArray(), scaled);
        var v = LinearAlgebra.MatrixOps.Sandwich(bread, meat, k, k);
        if (type == StandardErrorType.HC1) Scale(v, (double)n / dfResidual);
        return v;
    }

    private static double Leverage(ReadOnlySpan<double> h, int i) =>
        h.IsEmpty ? throw new ArgumentException("HC2/HC3 need the hat values") : h[i];

    /// <summary>
    /// vcovCL with one or more clustering dimensions (codes 0..G−1 per observation). With
    /// <see cref="ClusterAdjustment.Stata"/> each subset term gets G_S/(G_S−1) and the sum (n−1)/(n−k); with
    /// <see cref="ClusterAdjustment.None"/> one dimension gets no factor (plm HC0) and several get G_S/(G_S−1) (sandwich
    /// HC0). <paramref name="clusterCountsForFactor"/> optionally overrides G in the factor (plm counts clusters of
    /// singleton observations that were dropped); <paramref name="nForFactor"/> likewise n.
    /// </summary>
    public static double[] Clustered(IReadOnlyList<double[]> columns, ReadOnlySpan<double> residuals, double[] bread,
        IReadOnlyList<int[]> clusters, ClusterAdjustment adjustment, int k, IReadOnlyList<int>? clusterCountsForFactor = null, long? nForFactor = null)
    {
        int n = residuals.Length, p = clusters.Count, kc = columns.Count;
        if (p == 0) throw new ArgumentException("at least one clustering dimension");
        var total = new double[kc * kc];
        // every non-empty subset of the dimensions, in sandwich's order (by size, then lexicographic)
        var subsets = new List<int[]>();
        for (int size = 1; size <= p; size++) subsets.AddRange(Combinations(p, size));
        var e = residuals.ToArray();
        var cols = columns.ToArray();
        long nf = nForFactor ?? n;
        if (p == 1)
        {
            // one dimension: B M B times one factor (the arithmetic of plm's sss)
            int g1 = Math.Max(Count(clusters[0]), clusterCountsForFactor?[0] ?? 0);
            if (g1 < 2) throw new CohesionException($"cluster-robust standard errors need at least 2 clusters; found {g1}");
            var v1 = LinearAlgebra.MatrixOps.Sandwich(bread, LinearAlgebra.ColumnKernels.ClusterMeat(cols, e, clusters[0], Count(clusters[0])), kc, kc);
            if (adjustment == ClusterAdjustment.Stata) Scale(v1, (double)g1 / (g1 - 1) * (nf - 1.0) / (nf - k));
            return v1;
        }
        foreach (var s in subsets)
        {
            var codes = s.Length == 1 ? clusters[s[0]] : Intersect(clusters, s);
            int g = Count(codes);
            if (s.Length == 1 && clusterCountsForFactor is not null) g = Math.Max(g, clusterCountsForFactor[s[0]]);
            if (g < 2) throw new CohesionException($"cluster-robust standard errors need at least 2 clusters; found {g}");
            var meat = LinearAlgebra.ColumnKernels.ClusterMeat(cols, e, codes, Count(codes));
            double adj = (double)g / (g - 1);
            double sign = s.Length % 2 == 1 ? 1 : -1;
            for (int i = 0; i < meat.Length; i++) total[i] += sign * adj * meat[i];
        }
        var v = LinearAlgebra.MatrixOps.Sandwich(bread, total, kc, kc);
        if (adjustment == ClusterAdjustment.Stata) Scale(v, (nf - 1.0) / (nf - k));
        return v;
    }

    /// <summary>Diagonal of X(XᵀX)⁻¹Xᵀ for the given columns and bread.</summary>
    public static double[] HatValues(IReadOnlyList<double[]> columns, double[] bread)
    {
        int k = columns.Count, n = k == 0 ? 0 : columns[0].Length;
        var h = new double[n];
        var xi = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < k; a++) xi[a] = columns[a][i];
            double s = 0;
            for (int a = 0; a < k; a++)
            {
                double r = 0;
                for (int b = 0; b < k; b++) r += bread[a * k + b] * xi[b];
                s += xi[a] * r;
            }
            h[i] = s;
        }
        return h;
    }

    private static int Count(int[] codes)
    {
        int m = -1;
        foreach (var c in codes) if (c > m) m = c;
        return m + 1;
    }

    private static int[] Intersect(IReadOnlyList<int[]> clusters, int[] dims)
    {
        int n = clusters[dims[0]].Length;
        var map = new Dictionary<long, int>();
        var codes = new int[n];
        var current = (int[])clusters[dims[0]].Clone();
        for (int d = 1; d < dims.Length; d++)
        {
            map.Clear();
            var other = clusters[dims[d]];
            for (int i = 0; i < n; i++)
            {
                long key = ((long)current[i] << 32) | (uint)other[i];
                if (!map.TryGetValue(key, out int c)) { c = map.Count; map[key] = c; }
                codes[i] = c;
            }
            current = (int[])codes.Clone();
        }
        return current;
    }

    private static IEnumerable<int[]> Combinations(int p, int size)
    {
        var idx = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = size - 1;
            while (i >= 0 && idx[i] == p - size + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
        }
    }

    private static void Scale(double[] m, double f) => LinearAlgebra.ColumnKernels.Scale(m, f);
}
