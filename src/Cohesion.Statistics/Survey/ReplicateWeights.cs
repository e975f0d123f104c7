using static Cohesion.Statistics.Survey.SurveyEstimator;

namespace Cohesion.Statistics.Survey;

/// <summary>
/// Replicate weights and their variance rule (R's <c>svyrep.design</c> and <c>svrVar</c>):
/// v = scale · Σ_r rscales_r (θ_r − θ̄)², θ̄ the mean of the replicates with rscales &gt; 0, or the full-sample
/// estimate when <c>mse</c>. Stored either compressed (a factor per PSU × replicate that multiplies the sampling
/// weight, as <c>as.svrepdesign</c> makes them) or in full (one weight column per replicate).
/// </summary>
internal sealed class ReplicateWeights
{
    public required ReplicateType Type { get; init; }
    public required int Count { get; init; }
    public required double Scale { get; init; }
    public required double[] Rscales { get; init; }
    public bool Mse { get; init; }
    /// <summary>Compressed form: unit of each row and factors [unit · Count + r] multiplying the sampling weight.</summary>
    public int[]? UnitOfRow { get; init; }
    public int UnitCount { get; init; }
    public double[]? Factors { get; init; }
    /// <summary>Full form: the replicate weights themselves, one array per replicate.</summary>
    public double[][]? Full { get; init; }

    /// <summary>The replicate weight of a row (used by calibration and by tests).</summary>
    public double WeightOf(SurveyDesign design, int replicate, int row) =>
        Full is not null ? Full[replicate][row] : design.WeightsArray[row] * Factors![UnitOfRow![row] * Count + replicate];

    /// <summary>The replicate weights in full form (R's <c>weights(design, "analysis")</c>).</summary>
    public double[][] ToFull(SurveyDesign design)
    {
        if (Full is not null) return Full.Select(c => (double[])c.Clone()).ToArray();
        int n = design.RowCount;
        var o = new double[Count][];
        for (int r = 0; r < Count; r++)
        {
            o[r] = new double[n];
            for (int i = 0; i < n; i++) o[r][i] = WeightOf(design, r, i);
        }
        return o;
    }

    internal double[] Variance(SurveyDesign design, RatioEngine.Problem p, int[] dom, int D, double[] theta, bool ratioLike)
    {
        int K = p.K, R = Count;
        var t = ReplicateEstimates(design, p, dom, D, ratioLike);
        var v = new double[D * K];
        var use = new bool[R];
        var values = new double[R];
        for (int d = 0; d < D; d++)
        {
            // R drops replicates that give NA (e.g. a domain without weight in a replicate), with their rscales
            for (int r = 0; r < R; r++)
            {
                bool ok = true;
                for (int k = 0; k < K; k++) if (double.IsNaN(t[(r * D + d) * K + k])) ok = false;
                use[r] = ok;
            }
            for (int k = 0; k < K; k++)
            {
                for (int r = 0; r < R; r++) values[r] = t[(r * D + d) * K + k];
                v[d * K + k] = VarianceOf(values, use, theta[d * K + k]);
            }
        }
        return v;
    }

    /// <summary>R's <c>svrVar</c> for one statistic: scale · Σ rscales_r (θ_r − θ̄)² over the replicates in
    /// <paramref name="use"/>, θ̄ the mean of those with rscales &gt; 0, or <paramref name="full"/> when <c>mse</c>.</summary>
    internal double VarianceOf(ReadOnlySpan<double> values, ReadOnlySpan<bool> use, double full)
    {
        double centre = 0;
        int used = 0;
        for (int r = 0; r < Count; r++)
            if (use[r] && Rscales[r] > 0) { centre += values[r]; used++; }
        centre = Mse ? full : centre / used;
        double v = 0;
        for (int r = 0; r < Count; r++)
        {
            if (!use[r]) continue;
            double dev = values[r] - centre;
            v += Rscales[r] * dev * dev;
        }
        return v * Scale;
    }

    /// <summary>Replicate estimates θ_r[d·K + k] of every domain (NaN where a replicate gives a domain no weight).</summary>
    internal double[] ReplicateEstimates(SurveyDesign design, RatioEngine.Problem p, int[] dom, int D, bool ratioLike)
    {
        int K = p.K, R = Count;
        var (num, den) = ReplicateSums(design, p, dom, D);
        var t = new double[R * D * K];
        for (int r = 0; r < R; r++)
            for (int d = 0; d < D; d++)
                for (int k = 0; k < K; k++)
                {
                    int i = (r * D + d) * K + k;
                    t[i] = ratioLike ? num[i] / den[r * D + d] : num[i];
                }
        return t;
    }

    /// <summary>Numerators [(r·D + d)·K + k] and denominators [r·D + d] of every replicate and domain.</summary>
    private (double[] Num, double[] Den) ReplicateSums(SurveyDesign design, RatioEngine.Problem p, int[] dom, int D)
    {
        int n = design.RowCount, K = p.K, R = Count;
        var w = design.WeightsArray;
        // numerators [r][d*K+k] and denominators [r][d]
        var num = new double[R * D * K];
        var den = new double[R * D];
        if (Full is null)
        {
            // cells per (unit, domain) once, then each replicate re-weights the cells
            var cellA = new Dictionary<long, int>();
            var A = new List<double>();
            var B = new List<double>();
            var cellUnit = new List<int>();
            var cellDom = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int d = dom[i];
                if (d < 0) continue;
                int u = UnitOfRow![i];
                long key = (long)u * D + d;
                if (!cellA.TryGetValue(key, out int c))
                {
                    c = cellUnit.Count;
                    cellA[key] = c;
                    cellUnit.Add(u); cellDom.Add(d);
                    for (int k = 0; k < K; k++) A.Add(0);
                    B.Add(0);
                }
                double wi = w[i];
                for (int k = 0; k < K; k++) A[c * K + k] += wi * p.A(i, k);
                B[c] += wi * (p.X is null ? 1.0 : p.X[i]);
            }
            for (int c = 0; c < cellUnit.Count; c++)
            {
                int u = cellUnit[c], d = cellDom[c];
                for (int r = 0; r < R; r++)
                {
                    double f = Factors![u * R + r];
                    if (f == 0) continue;
                    int o = (r * D + d) * K;
                    for (int k = 0; k < K; k++) num[o + k] += f * A[c * K + k];
                    den[r * D + d] += f * B[c];
                }
            }
        }
        else
        {
            for (int r = 0; r < R; r++)
            {
                var rw = Full[r];
                for (int i = 0; i < n; i++)
                {
                    int d = dom[i];
                    if (d < 0) continue;
                    double wi = rw[i];
                    int o = (r * D + d) * K;
                    for (int k = 0; k < K; k++) num[o + k] += wi * p.A(i, k);
                    den[r * D + d] += wi * (p.X is null ? 1.0 : p.X[i]);
                }
            }
        }
        return (num, den);
    }
}

/// <summary>Builds replicate weights from a design as R's <c>as.svrepdesign</c> (jk1weights, jknweights,
/// bootweights, brrweights) and from supplied columns as <c>svrepdesign</c>.</summary>
internal static class ReplicateFactory
{
    public static ReplicateWeights FromDesign(SurveyDesign design, ReplicateType type, int replicates, int seed, bool mse)
    {
        var st = design.Stages[0];
        bool hasStrata = design.Options?.Strata is not null;
        int U = st.UnitCount;
        string? strataCol = design.Options?.StrataName;
        switch (type)
        {
            case ReplicateType.JK1:
            {
                if (hasStrata)
                    throw new CohesionException("JK1 replicates need an unstratified design; use JKn for a stratified design", column: strataCol);
                double fpc = 1;
                if (design.HasFpc)
                {
                    double pop = st.PopOfUnit[0];
                    for (int u = 1; u < U; u++)
                        if (st.PopOfUnit[u] != pop)
                            throw new CohesionException("JK1 replicates need a single fpc value", column: DesignBuilder.FpcName(design.Options, 0));
                    fpc = (pop - U) / pop;
                }
                var f = new double[U * U];
                for (int u = 0; u < U; u++)
                    for (int r = 0; r < U; r++) f[u * U + r] = u == r ? 0 : U / (U - 1.0);
                return new ReplicateWeights
                {
                    Type = type, Count = U, Scale = fpc * (U - 1.0) / U, Rscales = Enumerable.Repeat(1.0, U).ToArray(), Mse = mse,
                    UnitOfRow = st.UnitOfRow, UnitCount = U, Factors = f,
                };
            }
            case ReplicateType.JKn:
            {
                if (!hasStrata)
                    throw new CohesionException("JKn (and BRR) replicates need a stratified design; use JK1 or bootstrap");
                int G = st.GroupCount;
                var unitsOf = new List<int>[G];
                for (int g = 0; g < G; g++) unitsOf[g] = new List<int>();
                for (int u = 0; u < U; u++) unitsOf[st.GroupOfUnit[u]].Add(u);
                var cols = new List<(int g, int drop)>();
                var rscales = new List<double>();
                bool averaged = false;
                for (int g = 0; g < G; g++)
                {
                    int nh = unitsOf[g].Count;
                    double pop = st.PopOfUnit[unitsOf[g][0]];
                    double fpcRaw = design.HasFpc ? pop : 1;
                    double corr = design.HasFpc ? (pop - nh) / pop : 1;
                    if (nh == 1 && fpcRaw != 0)
                    {
                        switch (design.LonelyPsu)
                        {
                            case LonelyPsu.Fail:
                                throw new CohesionException(
                                    $"stratum '{design.StratumText(0, g)}' has only one PSU; choose a lonely-PSU rule: adjust, average, certainty or remove ({ParameterText.Of("lonelyPsu")}; R's survey.lonely.psu)",
                                    column: strataCol, row: st.FirstRowOfGroup[g] + 1);
                            case LonelyPsu.Adjust:
                                cols.Add((g, -1));
                                rscales.Add((G - 1.0) / G);
                                continue;
                            default:
                                averaged = true;
                                continue;
                        }
                    }
                    foreach (var u in unitsOf[g]) { cols.Add((g, u)); rscales.Add(corr * (nh - 1.0) / nh); }
                }
                if (cols.Count == 0) throw new CohesionException("all strata were sampled exhaustively: there is no sampling variance");
                int R = cols.Count;
                var f = new double[U * R];
                for (int r = 0; r < R; r++)
                {
                    var (g, drop) = cols[r];
                    int nh = unitsOf[g].Count;
                    for (int u = 0; u < U; u++)
                    {
                        double val;
                        if (drop < 0) val = st.GroupOfUnit[u] == g ? 0 : G / (G - 1.0);
                        else if (st.GroupOfUnit[u] != g) val = 1;
                        else val = u == drop ? 0 : nh / (nh - 1.0);
                        f[u * R + r] = val;
                    }
                }
                double scale = averaged && design.LonelyPsu == LonelyPsu.Average ? (double)U / R : 1;
                return new ReplicateWeights
                {
                    Type = type, Count = R, Scale = scale, Rscales = rscales.ToArray(), Mse = mse,
                    UnitOfRow = st.UnitOfRow, UnitCount = U, Factors = f,
                };
            }
            case ReplicateType.Bootstrap:
                return Bootstrap(design, replicates, seed, mse);
            case ReplicateType.BRR:
                return Brr(design, mse);
            default:
                throw new ArgumentException($"cannot create replicates of type {type} from a design");
        }
    }

    /// <summary>Rao–Wu bootstrap exactly as R's <c>bootweights</c>/<c>bootstratum</c>, with R's random numbers
    /// (<see cref="RRandom"/>): the same seed gives the replicate weights of <c>set.seed(seed);
    /// as.svrepdesign(design, type="bootstrap", replicates=R)</c>. In each stratum (in order of first appearance)
    /// the PSUs are permuted, then each replicate draws n_h of them with replacement (without fpc) or n_h of the
    /// population (the sample repeated to N_h) without replacement (with fpc); the factor is the number of draws.
    /// scale = n̄/((n̄−1)(R−1)), n̄ the harmonic mean of PSUs per stratum.</summary>
    private static ReplicateWeights Bootstrap(SurveyDesign design, int R, int seed, bool mse)
    {
        if (R < 2) throw new CohesionException("the bootstrap needs at least 2 replicates");
        var st = design.Stages[0];
        int U = st.UnitCount, G = st.GroupCount;
        // units are numbered in order of first appearance, so strata and PSUs come in R's unique() order
        var unitsOf = new List<int>[G];
        var groupOrder = new List<int>();
        for (int g = 0; g < G; g++) unitsOf[g] = new List<int>();
        for (int u = 0; u < U; u++)
        {
            int g = st.GroupOfUnit[u];
            if (unitsOf[g].Count == 0) groupOrder.Add(g);
            unitsOf[g].Add(u);
        }
        var rng = new RRandom(seed);
        var f = new double[U * R];
        double invSum = 0;
        foreach (var g in groupOrder)
        {
            var units = unitsOf[g];
            int nh = units.Count;
            invSum += 1.0 / nh;
            var perm = rng.SampleWithoutReplacement(nh, nh); // upsu <- sample(unique(psu))
            double pop = design.HasFpc ? st.PopOfUnit[units[0]] : double.PositiveInfinity;
            for (int r = 0; r < R; r++)
            {
                if (double.IsPositiveInfinity(pop))
                {
                    for (int j = 0; j < nh; j++) f[units[perm[rng.Index(nh)]] * R + r] += 1;
                }
                else
                {
                    int N = (int)pop; // rep(upsu, length = popsize)
                    foreach (var k in rng.SampleWithoutReplacement(N, nh)) f[units[perm[k % nh]] * R + r] += 1;
                }
            }
        }
        double psuPerStratum = 1.0 / (invSum / G);
        return new ReplicateWeights
        {
            Type = ReplicateType.Bootstrap, Count = R, Scale = psuPerStratum / ((psuPerStratum - 1) * (R - 1)),
            Rscales = Enumerable.Repeat(1.0, R).ToArray(), Mse = mse, UnitOfRow = st.UnitOfRow, UnitCount = U, Factors = f,
        };
    }

    /// <summary>BRR half-samples as R's <c>brrweights</c> for exactly two PSUs per stratum, with R's Hadamard
    /// matrices (precomputed, Paley or doubled, as survey:::hadamard).</summary>
    private static ReplicateWeights Brr(SurveyDesign design, bool mse)
    {
        if (design.Options?.Strata is null)
            throw new CohesionException("BRR replicates need a stratified design with two PSUs per stratum");
        var st = design.Stages[0];
        int U = st.UnitCount, G = st.GroupCount;
        var unitsOf = new List<int>[G];
        for (int g = 0; g < G; g++) unitsOf[g] = new List<int>();
        for (int u = 0; u < U; u++) unitsOf[st.GroupOfUnit[u]].Add(u);
        for (int g = 0; g < G; g++)
        {
            int c = unitsOf[g].Count;
            if (c < 2)
                throw new CohesionException($"BRR needs two PSUs per stratum; stratum '{design.StratumText(0, g)}' has one",
                    column: design.Options.StrataName, row: st.FirstRowOfGroup[g] + 1);
            if (c % 2 == 1)
                throw new CohesionException($"BRR needs two PSUs per stratum (or an even number, split into pairs as R does); stratum '{design.StratumText(0, g)}' has {c}",
                    column: design.Options.StrataName, row: st.FirstRowOfGroup[g] + 1);
        }
        // strata in R's order: sorted by their label as text (R sorts as.character(strata)); by code without labels
        var order = design.Options.StratumLabel is null
            ? Enumerable.Range(0, G).OrderBy(g => st.GroupStratumCode[g]).ToArray()
            : Enumerable.Range(0, G).OrderBy(g => design.StratumText(0, g), StringComparer.Ordinal).ToArray();
        // half-sample pairs as R's brrweights(large="split"): strata with more than two PSUs first, split into
        // consecutive pairs, then the two-PSU strata; PSUs within a stratum in order of first appearance
        var pairs = new List<(int First, int Second)>();
        foreach (bool large in new[] { true, false })
            foreach (var g in order)
            {
                if (unitsOf[g].Count > 2 != large) continue;
                var units = unitsOf[g].OrderBy(u => st.UnitFirstRow[u]).ToArray();
                for (int j = 0; j < units.Length; j += 2) pairs.Add((units[j], units[j + 1]));
            }
        var H = Hadamard(pairs.Count);
        int R = H.GetLength(1);
        var f = new double[U * R];
        for (int t = 0; t < pairs.Count; t++)
        {
            var (a, b) = pairs[t];
            for (int r = 0; r < R; r++)
            {
                bool firstIn = H[1 + t, r] == 1;
                f[a * R + r] = firstIn ? 2 : 0;
                f[b * R + r] = firstIn ? 0 : 2;
            }
        }
        return new ReplicateWeights
        {
            Type = ReplicateType.BRR, Count = R, Scale = 1.0 / R, Rscales = Enumerable.Repeat(1.0, R).ToArray(), Mse = mse,
            UnitOfRow = st.UnitOfRow, UnitCount = U, Factors = f,
        };
    }

    /// <summary>R's <c>survey:::hadamard(n)</c> (0/1 matrix with at least n+1 rows): the precomputed orders 4, 16, 28,
    /// 36, R's Paley construction where R tries it, else doublings of the best-fitting precomputed matrix.</summary>
    internal static int[,] Hadamard(int n)
    {
        var sizes = HadamardTables.Sizes;
        int m = n - n % 4;
        for (int i = 0; i < sizes.Length; i++)
            if (m < sizes[i] && m + 4 >= sizes[i]) return Precooked(i);
        if (sizes.All(s => m < s)) return Precooked(0);
        int best = -1, doubles = 0;
        long bestSize = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            int k = Math.Max(0, (int)Math.Ceiling(Math.Log2((n + 1.0) / sizes[i])));
            long size = (long)sizes[i] << k;
            if (best < 0 || size - n < bestSize - n) { best = i; bestSize = size; doubles = k; }
        }
        int[,]? H = null;
        if (bestSize - n > 4) H = Paley(n, (int)bestSize);
        if (H is null)
        {
            H = Precooked(best);
            for (int d = 0; d < doubles; d++) H = Double(H);
        }
        return H;
    }

    private static int[,] Precooked(int index)
    {
        var rows = HadamardTables.Precooked[index];
        int o = rows.Length;
        var H = new int[o, o];
        for (int i = 0; i < o; i++) for (int j = 0; j < o; j++) H[i, j] = rows[i][j] - '0';
        return H;
    }

    /// <summary>R's <c>hadamard.doubler</c>: [[H, H], [H, 1 − H]].</summary>
    private static int[,] Double(int[,] H)
    {
        int o = H.GetLength(0);
        var H2 = new int[2 * o, 2 * o];
        for (int i = 0; i < o; i++)
            for (int j = 0; j < o; j++)
            {
                H2[i, j] = H[i, j]; H2[i, j + o] = H[i, j]; H2[i + o, j] = H[i, j]; H2[i + o, j + o] = 1 - H[i, j];
            }
        return H2;
    }

    /// <summary>R's <c>survey:::paley(n, nmax)</c>: the Paley construction from a prime p ≡ 3 (mod 4), p ≥ n, or null.</summary>
    private static int[,]? Paley(int n, int nmax, int? prime = null)
    {
        int p;
        if (prime is null)
        {
            int nceil = n + 4 - n % 4, nn = nceil;
            if (n % 4 + 4 == n % 8)
            {
                while (nn % 8 == 0) nn /= 2;
                if (IsSmallPrime(nn - 1))
                {
                    var h = Paley(nn - 1, 2 * (nn - 1), nn - 1)!;
                    while (nn < nceil) { h = Double(h); nn *= 2; }
                    return h;
                }
            }
            if (n > 7919) return null;
            p = n;
            while (!IsSmallPrime(p)) p++;
            if (p + 1 > nceil + 4 && nceil + 4 < nmax) return Paley(nceil + 3, 2 * (nceil + 3));
            if (p > nmax) return null;
        }
        else p = prime.Value;
        var residue = new bool[p];
        for (int i = 0; i <= (p - 1) / 2; i++) residue[(int)((long)i * i % p)] = true;
        var H = new int[p + 1, p + 1];
        for (int j = 0; j <= p; j++) { H[0, j] = 1; H[j, 0] = 1; }
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) H[i + 1, j + 1] = residue[(i + j) % p] ? 0 : 1;
        return H;
    }

    /// <summary>Membership of R's <c>small.primes</c>: the primes ≡ 3 (mod 4) up to 7919.</summary>
    private static bool IsSmallPrime(int x)
    {
        if (x < 3 || x > 7919 || x % 4 != 3) return false;
        for (int d = 3; d * d <= x; d += 2) if (x % d == 0) return false;
        return true;
    }

    public static ReplicateWeights FromColumns(double[] weights, IReadOnlyList<double[]> columns, ReplicateType type,
        double? scale, double[]? rscales, bool mse, bool combined, double? rho = null)
    {
        int R = columns.Count, n = weights.Length;
        if (R == 0) throw new CohesionException("no replicate weight columns given");
        var full = new double[R][];
        for (int r = 0; r < R; r++)
        {
            if (columns[r].Length != n) throw new ArgumentException("replicate weight length differs from weights");
            full[r] = new double[n];
            for (int i = 0; i < n; i++)
            {
                double v = columns[r][i];
                if (double.IsNaN(v)) throw new CohesionException("missing replicate weight", row: i + 1);
                full[r][i] = combined ? v : v * weights[i];
            }
        }
        if (rscales is not null && rscales.Length != R && rscales.Length != 1)
            throw new CohesionException($"rscales has length {rscales.Length}, should be {R}");
        if (type == ReplicateType.Fay && !(rho is > 0 and < 1))
            throw new CohesionException("Fay replicate weights need rho, the weight factor of the half-sample left out (0 < rho < 1)");
        double sc = type switch
        {
            ReplicateType.BRR => 1.0 / R,
            ReplicateType.Fay => 1.0 / (R * (1 - rho!.Value) * (1 - rho.Value)),
            ReplicateType.Bootstrap => scale ?? 1.0 / (R - 1),
            ReplicateType.JK1 => scale ?? (R - 1.0) / R,
            _ => scale ?? 1.0,
        };
        if (type == ReplicateType.JK1 && scale is null && !combined)
        {
            double mf = 0;
            for (int i = 0; i < n; i++) mf = Math.Max(mf, columns[0][i]);
            sc = 1 / mf; // R: guessed from the weights, 1/max(repweights[, 1])
        }
        if (type == ReplicateType.JKn && rscales is null)
        {
            if (combined) throw new CohesionException("JKn replicate weights need rscales ((n_h − 1)/n_h per replicate)");
            rscales = columns.Select(c => 1 / c.Max()).ToArray(); // R: 1/apply(repweights, 2, max)
        }
        var rs = rscales is null ? Enumerable.Repeat(1.0, R).ToArray() : rscales.Length == 1 ? Enumerable.Repeat(rscales[0], R).ToArray() : (double[])rscales.Clone();
        return new ReplicateWeights { Type = type, Count = R, Scale = sc, Rscales = rs, Mse = mse, Full = full };
    }
}
