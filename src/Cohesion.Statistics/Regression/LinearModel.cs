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
        if (options.Cluster is not null) _ = data[options.Cluster];

        var y = EvaluateResponse(data, formula.Response);
        var filter = new bool[data.RowCount];
        for (int i = 0; i < filter.Length; i++) filter[i] = (options.RowFilter?[i] ?? true) && double.IsFinite(y[i]);
        var extra = new List<string>(formula.AbsorbedFactors);
        if (options.Cluster is not null) extra.Add(options.Cluster);
        bool hasFe = formula.AbsorbedFactors.Count > 0;
        var (columns, names, rows) = BuildColumns(data, formula, hasFe, extra, filter);
        int n = rows.Length;
        var notes = new List<string>();
        if (n == 0) throw new CohesionException("no complete observations for the model", data.Source);

        int[][] feCodes = new int[formula.AbsorbedFactors.Count][];
        int[] feLevels = new int[feCodes.Length];
        for (int h = 0; h < feCodes.Length; h++)
        {
            feCodes[h] = FactorCodes.Encode(data[formula.AbsorbedFactors[h]], rows, out feLevels[h], out _);
        }

        var yy = new double[n];
        for (int i = 0; i < n; i++) yy[i] = y[rows[i]];

        int gAll = 0;
        if (options.Cluster is not null) FactorCodes.Encode(data[options.Cluster], rows, out gAll, out _);
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
                yy = Take(yy, ix);
                for (int j = 0; j < columns.Count; j++) columns[j] = Take(columns[j], ix);
                for (int h = 0; h < feCodes.Length; h++) { feCodes[h] = Take(feCodes[h], ix); feLevels[h] = FixedEffectsDemeaner.Densify(feCodes[h]); }
                n = ix.Length;
                if (n == 0) throw new CohesionException("every observation is in a singleton fixed-effect group; nothing left to estimate", data.Source);
            }
        }

        int[]? clusterCodes = null;
        int clusterCount = 0;
        if (options.Cluster is not null)
        {
            clusterCodes = FactorCodes.Encode(data[options.Cluster], rows, out clusterCount, out _);
        }

        int absorbedDf = 0, iterations = 0;
        var collinear = new List<string>();
        if (hasFe)
        {
            var dm = new FixedEffectsDemeaner(feCodes, feLevels) { Tolerance = options.DemeanTolerance, MaxIterations = options.MaxIterations };
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
        return new PreparedRegression
        {
            Y = yy, Columns = columns, Names = names, ClusterCodes = clusterCodes, ClusterCount = clusterCount, ClusterColumn = options.Cluster,
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
        if (p.HasIntercept) { foreach (var v in p.Y) ym += v; ym /= n; }
        foreach (var v in p.Y) tss += (v - ym) * (v - ym);

        double sigma2 = rss / df;
        var classical = new double[K * K];
        for (int i = 0; i < classical.Length; i++) classical[i] = sigma2 * xtxInv[i];

        var estNames = est.Select(j => names[j]).ToArray();
        var solution = new Solution(estCols, resid, p.ClusterCodes, p.ClusterCount, p.ClusterCountWithSingletons, p.SingletonsRemoved);
        var fit = new RegressionResult
        {
            N = n, Table = CoefficientTable.Wald(estNames, beta, classical, options.ConfidenceLevel, df, VcovName(StandardErrorType.Classical, null)),
            Aliased = allAliased, Covariance = classical, ClassicalCovariance = classical, XtXInverse = xtxInv,
            StandardErrors = StandardErrorType.Classical, DfResidual = df, Rss = rss, RSquared = tss > 0 ? 1 - rss / tss : double.NaN,
            AbsorbedFactors = p.AbsorbedFactors, AbsorbedDf = p.AbsorbedDf, Clusters = null, ClusterColumn = p.ClusterColumn,
            DemeanIterations = p.DemeanIterations, Notes = notes, Rows = p.Rows, Residuals = resid, SingletonsRemoved = p.SingletonsRemoved,
            Solution = solution,
        };
        var type = options.StandardErrors ?? (p.ClusterCodes is not null ? StandardErrorType.Cluster : StandardErrorType.Classical);
        return type == StandardErrorType.Classical ? fit : WithCovariance(fit, type, options.ConfidenceLevel);
    }

    /// <summary>The estimable regressors, residuals and clusters of a fit: what a covariance chosen after the fit needs.</summary>
    internal sealed record Solution(double[][] Columns, double[] Residuals, int[]? ClusterCodes, int ClusterCount, int ClusterCountWithSingletons, int SingletonsRemoved);

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
            case StandardErrorType.Cluster:
            {
                if (s.ClusterCodes is null) throw new CohesionException("cluster-robust standard errors need a cluster column");
                if (s.ClusterCount < 2) throw new CohesionException($"cluster-robust standard errors need at least 2 clusters; '{fit.ClusterColumn}' has {s.ClusterCount}", column: fit.ClusterColumn);
                var meat = ColumnKernels.ClusterMeat(s.Columns, s.Residuals, s.ClusterCodes, s.ClusterCount);
                vcov = MatrixOps.Sandwich(fit.XtXInverse, meat, K, K);
                // plm's sss factor counts every complete observation and cluster, singletons included
                int G = Math.Max(s.ClusterCount, s.ClusterCountWithSingletons);
                long nAll = n + s.SingletonsRemoved;
                ColumnKernels.Scale(vcov, (double)G / (G - 1) * (nAll - 1.0) / (nAll - K));
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
        int? clusters = type == StandardErrorType.Cluster ? Math.Max(s.ClusterCount, s.ClusterCountWithSingletons) : null;
        var terms = fit.Table.Select(c => c.Term).ToArray();
        var beta = fit.Table.Select(c => c.Estimate).ToArray();
        return fit with
        {
            Table = CoefficientTable.Wald(terms, beta, vcov, level, df, VcovName(type, fit.ClusterColumn)),
            Covariance = vcov, StandardErrors = type, Clusters = clusters,
        };
    }

    private static string VcovName(StandardErrorType type, string? cluster) => type switch
    {
        StandardErrorType.Classical => "classical",
        StandardErrorType.Cluster => $"cluster({cluster})",
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
                var a = new double[m];
                var s = src[j];
                for (int r = 0; r < m; r++) a[r] = s[rows[r]];
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
