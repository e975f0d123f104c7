using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Regression;

/// <summary>
/// The regressors and response of a linear model after the complete-case rule, singleton removal and absorption
/// of the fixed effects: the input to <see cref="LinearModel.Solve"/>. Columns are the model-matrix columns
/// (the intercept is absorbed when there are fixed effects).
/// </summary>
public sealed class PreparedRegression
{
    public required double[] Y { get; init; }
    public required List<double[]> Columns { get; init; }
    public required List<string> Names { get; init; }
    /// <summary>Dense cluster codes per observation (null without clustering) and the cluster count.</summary>
    public int[]? ClusterCodes { get; init; }
    public int ClusterCount { get; init; }
    public string? ClusterColumn { get; init; }
    public required int[] Rows { get; init; }
    public required int AbsorbedDf { get; init; }
    public required IReadOnlyList<string> AbsorbedFactors { get; init; }
    public required bool HasIntercept { get; init; }
    public required List<string> Notes { get; init; }
    /// <summary>Terms found collinear with the fixed effects (already removed from <see cref="Columns"/>).</summary>
    public required List<string> CollinearWithFixedEffects { get; init; }
    public int DemeanIterations { get; init; }
    /// <summary>Observations removed as singletons (they carry no information on the slopes).</summary>
    public int SingletonsRemoved { get; init; }
    /// <summary>Clusters among all complete observations, singletons included (plm's G in the sss factor).</summary>
    public int ClusterCountWithSingletons { get; init; }
    /// <summary>Every clustering dimension (multiway clustering): codes per observation, names, and counts with singletons.</summary>
    public int[][] ClusterCodeSets { get; init; } = [];
    public string[] ClusterColumns { get; init; } = [];
    public int[] ClusterCountsWithSingletons { get; init; } = [];
    /// <summary>Regression weights of the observations (null: unweighted). <see cref="Y"/> and <see cref="Columns"/> are
    /// then already multiplied by √w.</summary>
    public double[]? Weights { get; init; }
    /// <summary>With exactly one absorbed factor, its codes (for the leverage of its dummies in HC2/HC3).</summary>
    public int[]? AbsorbedCodes { get; init; }
    public int N => Y.Length;
}

/// <summary>
/// Ordinary least squares with lm semantics and linear models with absorbed fixed effects (fixest/plm within
/// estimator): <c>y ~ x1 + x2</c> or <c>y ~ x1 + x2 | fe1 + fe2</c>. Classical, HC0/HC1 and one-way
/// cluster-robust standard errors (plm <c>vcovHC(method="arellano", type="sss")</c>); t tests and confidence
/// intervals on the residual degrees of freedom (as <c>summary.lm</c>, <c>summary.plm</c> and <c>coeftest</c>).
/// </summary>
public static class LinearModel
{
    /// <summary>Above this many matrix cells the normal equations (pivoted Cholesky) replace the QR.</summary>
    public const long QrCellLimit = 4_000_000;

    public static RegressionResult Fit(DataFrame data, string formula, RegressionOptions? options = null) =>
        Fit(data, ModelFormula.Parse(formula), options);

    public static RegressionResult Fit(DataFrame data, ModelFormula formula, RegressionOptions? options = null)
    {
        options ??= new RegressionOptions();
        var prepared = Prepare(data, formula, options);
        return Solve(prepared, options);
    }

    /// <summary>Builds the model matrix, applies the complete-case rule, drops singletons and demeans by the
    /// absorbed factors.</summary>
    public static PreparedRegression Prepare(DataFrame data, ModelFormula formula, RegressionOptions? options = null)
    {
        options ??= new RegressionOptions();
        if (formula.Response is null) throw new CohesionException($"formula \"{formula.Text}\" needs a response (y ~ ...)");
        if (formula.RandomTerms.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\" has random-effect terms; use the mixed model (cohesion mixed)");
        foreach (var c in formula.Columns()) _ = data[c];
        var clusterColumns = options.ClusterColumns;
        foreach (var c in clusterColumns) _ = data[c];
        if (options.Weights is not null) _ = data.Numeric(options.Weights);
        if (formula.Offsets.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\": offset() terms are only supported in mixed models; subtract the offset from the response instead");

        var y = EvaluateResponse(data, formula.Response);
        var filter = new bool[data.RowCount];
        for (int i = 0; i < filter.Length; i++) filter[i] = (options.RowFilter?[i] ?? true) && double.IsFinite(y[i]);
        var extra = new List<string>(formula.AbsorbedFactors);
        extra.AddRange(clusterColumns);
        if (options.Weights is not null)
        {
            extra.Add(options.Weights);
            var wv = data.Numeric(options.Weights).Values;
            for (int i = 0; i < filter.Length; i++)
                if (filter[i] && !double.IsNaN(wv[i]) && !(wv[i] > 0 && double.IsFinite(wv[i])))
                    throw new CohesionException($"regression weights must be positive and finite; found {wv[i]}", data.Source, options.Weights, i + 1);
        }
        bool hasFe = formula.AbsorbedFactors.Count > 0;
        var (columns, names, rows) = BuildColumns(data, formula, hasFe, extra, filter);
        int n = rows.Length;
        var notes = new List<string>();
        if (n == 0) throw new CohesionException("no complete observations for the model", data.Source);

        int[][] feCodes = new int[formula.AbsorbedFactors.Count][];
        int[] feLevels = new int[feCodes.Length];
        for (int h = 0; h < feCodes.Length; h++)
        {
            feCodes[h] = FactorCodes.Encode(data[formula.AbsorbedFactors[h]], rows, out feLevels[h]);
        }

        var yy = new double[n];
        for (int i = 0; i < n; i++) yy[i] = y[rows[i]];

        // the clusters' codes over the rows before singletons are removed (a clustering column that is also an absorbed
        // factor has that factor's codes: the same rows in the same order)
        var gAllSets = new int[clusterColumns.Count];
        var clusterCodesAll = new int[clusterColumns.Count][];
        for (int c = 0; c < clusterColumns.Count; c++)
        {
            int h = formula.AbsorbedFactors.ToList().IndexOf(clusterColumns[c]);
            clusterCodesAll[c] = h >= 0 ? feCodes[h] : FactorCodes.Encode(data[clusterColumns[c]], rows, out gAllSets[c]);
            if (h >= 0) gAllSets[c] = feLevels[h];
        }
        bool rowsKept = true;
        int gAll = gAllSets.Length > 0 ? gAllSets[0] : 0;
        double[]? weights = null;
        if (options.Weights is not null)
        {
            var wv = data.Numeric(options.Weights).Values;
            weights = new double[n];
            for (int i = 0; i < n; i++) weights[i] = wv[rows[i]];
        }
        int singletons = 0;
        // singletons
        if (hasFe && options.DropSingletons)
        {
            var keep = FixedEffectsDemeaner.SingletonFilter(feCodes, feLevels, out int dropped);
            if (keep is not null)
            {
                singletons = dropped;
                notes.Add($"{dropped} observation{(dropped == 1 ? "" : "s")} in singleton fixed-effect groups removed (as fixest does; standard errors keep plm's counts)");
                var idx = new List<int>(n - dropped);
                for (int i = 0; i < n; i++) if (keep[i]) idx.Add(i);
                var ix = idx.ToArray();
                rows = Take(rows, ix);
                rowsKept = false;
                yy = Take(yy, ix);
                if (weights is not null) weights = Take(weights, ix);
                for (int j = 0; j < columns.Count; j++) columns[j] = Take(columns[j], ix);
                for (int h = 0; h < feCodes.Length; h++) { feCodes[h] = Take(feCodes[h], ix); feLevels[h] = FixedEffectsDemeaner.Densify(feCodes[h]); }
                n = ix.Length;
                if (n == 0) throw new CohesionException("every observation is in a singleton fixed-effect group; nothing left to estimate", data.Source);
            }
        }

        int[]? clusterCodes = null;
        int clusterCount = 0;
        var codeSets = new int[clusterColumns.Count][];
        for (int c = 0; c < clusterColumns.Count; c++)
        {
            int g = gAllSets[c];
            codeSets[c] = rowsKept ? clusterCodesAll[c] : FactorCodes.Encode(data[clusterColumns[c]], rows, out g);
            if (c == 0) { clusterCodes = codeSets[c]; clusterCount = g; }
        }

        int absorbedDf = 0, iterations = 0;
        var collinear = new List<string>();
        if (hasFe)
        {
            var dm = new FixedEffectsDemeaner(feCodes, feLevels, weights) { Tolerance = options.DemeanTolerance, MaxIterations = options.MaxIterations, DirectLimit = options.DemeanDirectLimit };
            absorbedDf = dm.AbsorbedDegreesOfFreedom();
            var before = columns.Select(SumSquaresCentered).ToArray();
            var all = new List<double[]>(columns) { yy };
            dm.Demean(all);
            iterations = dm.LastIterations;
            for (int j = columns.Count - 1; j >= 0; j--)
            {
                double after = 0;
                foreach (var v in columns[j]) after += v * v;
                // a regressor (nearly) constant within the fixed effects: fixest's rule, relative to its variation
                if (!(after > 1e-14 * Math.Max(before[j], 1e-300)) || before[j] == 0)
                {
                    collinear.Insert(0, names[j]);
                    columns.RemoveAt(j);
                    names.RemoveAt(j);
                }
            }
            if (collinear.Count > 0 && !options.DropCollinearWithFixedEffects)
                throw new CohesionException(
                    $"{string.Join(", ", collinear)} {(collinear.Count == 1 ? "is" : "are")} collinear with the fixed effects ({string.Join(" + ", formula.AbsorbedFactors)}): " +
                    "constant within them, so not estimable; remove it from the formula (or drop it with a note as fixest does)", data.Source, collinear[0]);
            if (collinear.Count > 0)
                notes.Add($"{string.Join(", ", collinear)} {(collinear.Count == 1 ? "is" : "are")} collinear with the fixed effects ({string.Join(" + ", formula.AbsorbedFactors)}) and removed");
        }
        if (weights is not null)
        {
            // weighted least squares: the (weighted-)demeaned data times √w
            var sw = weights.Select(Math.Sqrt).ToArray();
            for (int i = 0; i < n; i++) yy[i] *= sw[i];
            foreach (var col in columns) for (int i = 0; i < n; i++) col[i] *= sw[i];
        }
        return new PreparedRegression
        {
            Y = yy, Columns = columns, Names = names, ClusterCodes = clusterCodes, ClusterCount = clusterCount, ClusterColumn = clusterColumns.Count > 0 ? clusterColumns[0] : null,
            ClusterCodeSets = codeSets, ClusterColumns = clusterColumns.ToArray(), ClusterCountsWithSingletons = gAllSets, Weights = weights,
            AbsorbedCodes = feCodes.Length == 1 ? feCodes[0] : null,
            Rows = rows, AbsorbedDf = absorbedDf, AbsorbedFactors = formula.AbsorbedFactors, HasIntercept = !hasFe && formula.Intercept,
            Notes = notes, CollinearWithFixedEffects = collinear, DemeanIterations = iterations,
            SingletonsRemoved = singletons, ClusterCountWithSingletons = gAll,
        };
    }

    /// <summary>Least squares on prepared (demeaned) data. <paramref name="columnSubset"/> selects regressors by
    /// index into <see cref="PreparedRegression.Columns"/> (all when null).</summary>
    public static RegressionResult Solve(PreparedRegression p, RegressionOptions? options = null, IReadOnlyList<int>? columnSubset = null)
    {
        options ??= new RegressionOptions();
        var sel = columnSubset ?? Enumerable.Range(0, p.Columns.Count).ToList();
        int n = p.N, k0 = sel.Count;
        var cols = sel.Select(j => p.Columns[j]).ToList();
        var names = sel.Select(j => p.Names[j]).ToList();
        if (k0 == 0) throw new CohesionException("the model has no regressors left to estimate" +
            (p.CollinearWithFixedEffects.Count > 0 ? $" ({string.Join(", ", p.CollinearWithFixedEffects)} collinear with the fixed effects)" : ""));

        // estimable columns and (XᵀX)⁻¹ via QR (lm's dqrdc2 rule) or pivoted Cholesky of the normal equations
        int[] est;
        double[] beta, xtxInv;
        if (options.UseQr ?? (long)n * k0 <= QrCellLimit)
        {
            var xm = new double[(long)n * k0 > int.MaxValue ? throw new OutOfMemoryException() : n * k0];
            for (int j = 0; j < k0; j++) cols[j].CopyTo(xm, j * n);
            var qr = new QrDecomposition(xm, n, k0);
            var b = qr.Solve(p.Y);
            int r = qr.Rank;
            var piv = qr.Pivot.Take(r).ToArray();
            var cov = qr.UnscaledCovariance();
            // order estimable columns by original index
            var order = Enumerable.Range(0, r).OrderBy(i => piv[i]).ToArray();
            est = order.Select(i => piv[i]).ToArray();
            beta = est.Select(j => b[j]).ToArray();
            xtxInv = new double[r * r];
            for (int a = 0; a < r; a++)
            for (int c = 0; c < r; c++) xtxInv[a * r + c] = cov[order[a] * r + order[c]];
        }
        else
        {
            var xtx = ColumnKernels.CrossProducts(cols, n);
            var xty = new double[k0];
            Parallel.For(0, k0, j => xty[j] = ColumnKernels.Dot(cols[j], p.Y));
            est = ColumnKernels.SelectIndependentColumns(xtx, k0);
            int r = est.Length;
            var sub = new double[r * r];
            for (int a = 0; a < r; a++)
            for (int c = 0; c < r; c++) sub[a * r + c] = xtx[est[a] * k0 + est[c]];
            xtxInv = Cholesky.InvertSpd(sub, r, "the cross-product matrix of the regressors");
            beta = new double[r];
            for (int a = 0; a < r; a++)
            {
                double s = 0;
                for (int c = 0; c < r; c++) s += xtxInv[a * r + c] * xty[est[c]];
                beta[a] = s;
            }
        }
        int K = est.Length;
        var aliased = Enumerable.Range(0, k0).Where(j => !est.Contains(j)).Select(j => names[j]).ToList();
        var notes = new List<string>(p.Notes);
        if (aliased.Count > 0) notes.Add($"{string.Join(", ", aliased)} not estimable (collinear with other regressors) and removed");
        var allAliased = new List<string>(p.CollinearWithFixedEffects);
        allAliased.AddRange(aliased);

        // residuals
        var resid = (double[])p.Y.Clone();
        var estCols = est.Select(j => cols[j]).ToArray();
        ComputeResiduals(resid, estCols, beta);
        double rss = 0;
        foreach (var e in resid) rss += e * e;
        int df = n - K - p.AbsorbedDf;
        if (df <= 0) throw new CohesionException($"no residual degrees of freedom (n = {n}, {K} coefficients, {p.AbsorbedDf} absorbed fixed-effect levels)");
        double tss = 0, ym = 0;
        if (p.Weights is { } pw)
        {
            // Σ w (y − ȳ_w)² on the √w-scaled response
            double sw = 0, swy = 0;
            for (int i = 0; i < n; i++) { double r = Math.Sqrt(pw[i]); sw += pw[i]; swy += r * p.Y[i]; tss += p.Y[i] * p.Y[i]; }
            if (p.HasIntercept) tss -= swy * swy / sw;
        }
        else
        {
            if (p.HasIntercept) { foreach (var v in p.Y) ym += v; ym /= n; }
            foreach (var v in p.Y) tss += (v - ym) * (v - ym);
        }

        double sigma2 = rss / df;
        var classical = new double[K * K];
        for (int i = 0; i < classical.Length; i++) classical[i] = sigma2 * xtxInv[i];

        var estNames = est.Select(j => names[j]).ToArray();
        var solution = new Solution(estCols, resid, p.ClusterCodes, p.ClusterCount, p.ClusterCountWithSingletons, p.SingletonsRemoved)
        {
            ClusterCodeSets = p.ClusterCodeSets, ClusterColumns = p.ClusterColumns, ClusterCountsWithSingletons = p.ClusterCountsWithSingletons,
            Weights = p.Weights, AbsorbedCodes = p.AbsorbedCodes, AbsorbedFactorCount = p.AbsorbedFactors.Count, Adjustment = options.ClusterAdjustment,
        };
        var fit = new RegressionResult
        {
            N = n, Table = CoefficientTable.Wald(estNames, beta, classical, options.ConfidenceLevel, df, VcovName(StandardErrorType.Classical, null)),
            Aliased = allAliased, Covariance = classical, ClassicalCovariance = classical, XtXInverse = xtxInv,
            StandardErrors = StandardErrorType.Classical, DfResidual = df, Rss = rss, RSquared = tss > 0 ? 1 - rss / tss : double.NaN,
            AbsorbedFactors = p.AbsorbedFactors, AbsorbedDf = p.AbsorbedDf, Clusters = null, ClusterColumn = p.ClusterColumn,
            DemeanIterations = p.DemeanIterations, Notes = notes, Rows = p.Rows, Residuals = resid, SingletonsRemoved = p.SingletonsRemoved,
            Solution = solution, Weighted = p.Weights is not null,
        };
        var type = options.StandardErrors ?? (p.ClusterCodes is not null ? StandardErrorType.Cluster : StandardErrorType.Classical);
        return type == StandardErrorType.Classical ? fit : WithCovariance(fit, type, options.ConfidenceLevel);
    }

    /// <summary>The estimable regressors, residuals and clusters of a fit: what a covariance chosen after the fit needs.</summary>
    internal sealed record Solution(double[][] Columns, double[] Residuals, int[]? ClusterCodes, int ClusterCount, int ClusterCountWithSingletons, int SingletonsRemoved)
    {
        public int[][] ClusterCodeSets { get; init; } = [];
        public string[] ClusterColumns { get; init; } = [];
        public int[] ClusterCountsWithSingletons { get; init; } = [];
        public double[]? Weights { get; init; }
        public int[]? AbsorbedCodes { get; init; }
        public int AbsorbedFactorCount { get; init; }
        public ClusterAdjustment Adjustment { get; init; }
    }

    /// <summary>The fit <paramref name="fit"/> with the coefficient covariance of <paramref name="type"/>.</summary>
    internal static RegressionResult WithCovariance(RegressionResult fit, StandardErrorType type, double level)
    {
        var s = fit.Solution;
        int n = fit.N, K = fit.Table.Count, df = fit.DfResidual;
        double[] vcov;
        switch (type)
        {
            case StandardErrorType.Classical: vcov = fit.ClassicalCovariance; break;
            case StandardErrorType.HC0:
            case StandardErrorType.HC1:
            {
                var meat = ColumnKernels.HeteroskedasticMeat(s.Columns, s.Residuals);
                vcov = MatrixOps.Sandwich(fit.XtXInverse, meat, K, K);
                if (type == StandardErrorType.HC1) ColumnKernels.Scale(vcov, (double)(n + s.SingletonsRemoved) / df);
                break;
            }
            case StandardErrorType.HC2:
            case StandardErrorType.HC3:
            {
                if (s.AbsorbedFactorCount > 1)
                    throw new CohesionException("HC2/HC3 standard errors with more than one absorbed fixed-effect factor are not available (their leverage is not separable); use HC1 or clustered standard errors");
                var h = SandwichVariance.HatValues(s.Columns, fit.XtXInverse);
                if (s.AbsorbedCodes is { } fc)
                {
                    // the leverage of the absorbed dummies: w_i / Σ_g w (1/T_g unweighted)
                    var tot = new double[fc.Max() + 1];
                    for (int i = 0; i < n; i++) tot[fc[i]] += s.Weights?[i] ?? 1;
                    for (int i = 0; i < n; i++) h[i] += (s.Weights?[i] ?? 1) / tot[fc[i]];
                }
                vcov = SandwichVariance.Heteroskedastic(s.Columns, s.Residuals, fit.XtXInverse, type, df, h);
                break;
            }
            case StandardErrorType.Cluster:
            {
                if (s.ClusterCodeSets.Length == 0) throw new CohesionException("cluster-robust standard errors need a cluster column");
                for (int c = 0; c < s.ClusterCodeSets.Length; c++)
                {
                    int g = s.ClusterCodeSets[c].Length == 0 ? 0 : s.ClusterCodeSets[c].Max() + 1;
                    if (g < 2) throw new CohesionException($"cluster-robust standard errors need at least 2 clusters; '{s.ClusterColumns[c]}' has {g}", column: s.ClusterColumns[c]);
                }
                // plm's sss factor counts every complete observation and cluster, singletons included
                vcov = SandwichVariance.Clustered(s.Columns, s.Residuals, fit.XtXInverse, s.ClusterCodeSets, s.Adjustment, K,
                    s.ClusterCountsWithSingletons, n + s.SingletonsRemoved);
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
        int? clusters = type == StandardErrorType.Cluster ? Math.Max(s.ClusterCount, s.ClusterCountWithSingletons) : null;
        var terms = fit.Table.Select(c => c.Term).ToArray();
        var beta = fit.Table.Select(c => c.Estimate).ToArray();
        return fit with
        {
            Table = CoefficientTable.Wald(terms, beta, vcov, level, df, VcovName(type, s.ClusterColumns.Length > 1 ? string.Join(" + ", s.ClusterColumns) : fit.ClusterColumn)),
            Covariance = vcov, StandardErrors = type, Clusters = clusters,
            ClusterCounts = type == StandardErrorType.Cluster ? s.ClusterCodeSets.Select((c, i) => Math.Max(c.Max() + 1, s.ClusterCountsWithSingletons[i])).ToList() : null,
            ClusterColumnNames = type == StandardErrorType.Cluster ? s.ClusterColumns : null, ClusterAdjustment = s.Adjustment,
        };
    }

    private static string VcovName(StandardErrorType type, string? cluster) => type switch
    {
        StandardErrorType.Classical => "classical",
        StandardErrorType.Cluster => $"cluster({cluster})",
        StandardErrorType.HC2 => "HC2",
        StandardErrorType.HC3 => "HC3",
        _ => type.ToString(),
    };

    // ---- kernels ------------------------------------------------------------------------------------------

    /// <summary>The model-matrix columns over the complete cases (the intercept left out when fixed effects absorb
    /// it). Formulas of plain numeric columns take a direct path (one copy per column, no dense n × p matrix);
    /// anything else goes through <see cref="DesignMatrix"/> (factors, interactions, transformations).</summary>
    private static (List<double[]> Columns, List<string> Names, int[] Rows) BuildColumns(DataFrame data, ModelFormula formula, bool hasFe, List<string> extra, bool[] filter)
    {
        bool simple = formula.Terms.All(t => t.Variables.Count == 1 && t.Variables[0].Function is null && data[t.Variables[0].Expression] is NumericColumn);
        if (simple)
        {
            var src = formula.Terms.Select(t => data.Numeric(t.Variables[0].Expression).Values).ToArray();
            var keep = (bool[])filter.Clone();
            foreach (var s in src) for (int i = 0; i < keep.Length; i++) if (keep[i] && !double.IsFinite(s[i])) keep[i] = false;
            foreach (var e in extra) { var c = data[e]; for (int i = 0; i < keep.Length; i++) if (keep[i] && c.IsMissing(i)) keep[i] = false; }
            int m = 0;
            foreach (var k in keep) if (k) m++;
            var rows = new int[m];
            for (int i = 0, r = 0; i < keep.Length; i++) if (keep[i]) rows[r++] = i;
            var cols = new List<double[]>();
            var names = new List<string>();
            if (formula.Intercept && !hasFe) { var one = new double[m]; Array.Fill(one, 1.0); cols.Add(one); names.Add("(Intercept)"); }
            var copies = new double[src.Length][];
            Parallel.For(0, src.Length, j =>
            {
                var a = GC.AllocateUninitializedArray<double>(m);   // every element is written below
                var s = src[j];
                if (m == s.Length) Array.Copy(s, a, m);               // every row kept: rows[r] == r
                else for (int r = 0; r < m; r++) a[r] = s[rows[r]];
                copies[j] = a;
            });
            for (int j = 0; j < src.Length; j++) { cols.Add(copies[j]); names.Add(formula.Terms[j].Name); }
            return (cols, names, rows);
        }
        var design = DesignMatrix.Build(data, formula.Terms, formula.Intercept || hasFe, extra, filter);
        var columns = new List<double[]>();
        var colNames = new List<string>();
        for (int j = 0; j < design.ColumnCount; j++)
        {
            if (hasFe && design.ColumnNames[j] == "(Intercept)") continue;
            columns.Add(design.Column(j).ToArray());
            colNames.Add(design.ColumnNames[j]);
        }
        return (columns, colNames, design.Rows);
    }

    internal static double[] EvaluateResponse(DataFrame data, string response)
    {
        if (response.TrimStart().StartsWith("cbind(", StringComparison.Ordinal))
            throw new CohesionException($"a cbind(successes, failures) response needs a binomial model (a GLMM with family binomial), not '{response}' here");
        if (data.Contains(response)) return data.Numeric(response).Values;
        return ExpressionEvaluator.Evaluate(data, response);
    }

    private static T[] Take<T>(T[] a, int[] idx)
    {
        var r = new T[idx.Length];
        for (int i = 0; i < idx.Length; i++) r[i] = a[idx[i]];
        return r;
    }

    private static double SumSquaresCentered(double[] x)
    {
        double m = 0;
        foreach (var v in x) m += v;
        m /= x.Length;
        double s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        // a constant column: use its raw size so that "collinear" still triggers when it is absorbed
        return s > 0 ? s : 0;
    }

    private static void ComputeResiduals(double[] resid, double[][] cols, double[] beta)
    {
        int n = resid.Length;
        const int block = 1 << 16;
        int blocks = (n + block - 1) / block;
        Parallel.For(0, blocks, bi =>
        {
            int s = bi * block, e = Math.Min(n, s + block);
            for (int j = 0; j < cols.Length; j++)
            {
                var c = cols[j];
                double bj = beta[j];
                for (int i = s; i < e; i++) resid[i] -= bj * c[i];
            }
        });
    }
}
