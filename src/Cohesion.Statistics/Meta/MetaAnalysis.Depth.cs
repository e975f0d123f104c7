using System.Globalization;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Meta;

/// <summary>Equal-effects pooling of tables instead of an inverse-variance model.</summary>
public enum TablePooling { MH, Peto }

public sealed partial class MetaSpec
{
    /// <summary>Mantel–Haenszel or Peto pooling of the tables (rma.mh / rma.peto) instead of rma.</summary>
    public TablePooling? Pooling { get; init; }
    /// <summary>Variance structure(s) of the <c>~ inner | outer</c> random terms (one value for both, or one per term).</summary>
    public IReadOnlyList<VarianceStructure>? Struct { get; init; }
    /// <summary>Known sampling covariance matrix over all data rows (row-major n × n, data row order).</summary>
    public double[]? V { get; init; }
    /// <summary>Constant sampling correlation within clusters of the outer grouping of the random effects (vcalc).</summary>
    public double? Rho { get; init; }
    /// <summary>metafor's <c>dfs = "contain"</c> for rma.mv (implies t tests).</summary>
    public bool ContainDfs { get; init; }
    /// <summary>Coefficients for the omnibus Wald test: positions ("2:3") or a name pattern, as metafor's btt.</summary>
    public string? Btt { get; init; }
    /// <summary>Confidence intervals of the variance components (profile likelihood for rma.mv, Q-profile for τ²).</summary>
    public bool Profile { get; init; }
    /// <summary>Leave-one-out refits (also with moderators).</summary>
    public bool LeaveOneOut { get; init; }
    /// <summary>influence.rma.uni diagnostics.</summary>
    public bool Influence { get; init; }
}

public sealed partial class MetaFitSummary
{
    public PooledTableFit? Pooled { get; init; }
    /// <summary>The btt Wald/F test (null without btt for rma.uni; always set for the general rma.mv engine).</summary>
    public CoefficientTest? QmTest { get; init; }
    public IReadOnlyList<ProfileInterval>? Profile { get; init; }
    public IReadOnlyList<LeaveOneOutRefit>? LeaveOneOut { get; init; }
    public IReadOnlyList<InfluenceRow>? Influence { get; init; }
}

public static partial class MetaAnalysis
{
    /// <summary>rma.mh / rma.peto on the tables of the data (rows with a missing cell are left out, as metafor).</summary>
    private static MetaFitSummary RunPooled(DataFrame data, MetaSpec spec)
    {
        var notes = new List<string>();
        if (spec.Measure is not EffectMeasure measure) throw new CohesionException("Mantel-Haenszel and Peto pooling need a measure and table columns");
        if (spec.Mods is not null || spec.Random is not null) throw new CohesionException("Mantel-Haenszel and Peto pooling are equal-effects methods without moderators or random effects");
        var Col = InputColumns(data, spec);
        PooledTableFit fit;
        try
        {
            if (spec.Pooling == TablePooling.Peto)
            {
                if (measure != EffectMeasure.OR) throw new CohesionException($"Peto's method pools odds ratios (measure OR), not {measure}");
                var (a, b, c, d) = (Col("ai"), Col("bi"), Col("ci"), Col("di"));
                CheckCounts(a, b, c, d);
                fit = Peto.Fit(a, b, c, d, spec.Level);
            }
            else if (measure is EffectMeasure.IRR or EffectMeasure.IRD)
                fit = MantelHaenszel.Rates(measure, Col("x1i"), Col("t1i"), Col("x2i"), Col("t2i"), spec.Level);
            else if (measure is EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.RD)
            {
                var (a, b, c, d) = (Col("ai"), Col("bi"), Col("ci"), Col("di"));
                CheckCounts(a, b, c, d);
                fit = MantelHaenszel.Tables(measure, a, b, c, d, spec.Level);
            }
            else throw new CohesionException($"the Mantel-Haenszel method takes OR, RR, RD, IRR or IRD, not {measure}");
        }
        catch (CohesionException e) when (e.File is null && e.Column is not null)
        {
            var col = spec.Inputs.TryGetValue(e.Column, out var real) ? real : e.Column;
            throw new CohesionException(e.Message, data.Source, col, e.Row, e);
        }
        int missing = fit.Used.Count(u => !u);
        if (missing > 0) notes.Add($"{missing} table(s) with missing cells omitted from model fitting (as metafor).");
        int noYi = fit.Used.Where((u, i) => u && double.IsNaN(fit.Yi[i])).Count();
        if (noYi > 0) notes.Add($"{noYi} table(s) without events (or without non-events) in both groups are left out of Q and the plots (escalc's drop00), not out of the estimate.");
        var rows = Enumerable.Range(0, data.RowCount).Where(i => fit.Used[i] && !double.IsNaN(fit.Yi[i])).ToArray();
        var yi = rows.Select(i => fit.Yi[i]).ToArray();
        var vi = rows.Select(i => fit.Vi[i]).ToArray();
        var labels = Labels(data, spec, rows);
        double sw = vi.Sum(v => 1 / v);
        var coef = new Coefficient("intrcpt", fit.Estimate, fit.Se, fit.Z, fit.P, fit.CiLower, fit.CiUpper);
        return new MetaFitSummary
        {
            K = fit.K, Method = spec.Pooling == TablePooling.Peto ? "PETO" : "MH", Test = "z", Coefficients = [coef],
            Tau2 = 0, I2 = fit.I2, H2 = fit.H2, Q = fit.QE, QDf = Math.Max(0, fit.KYi - 1), QP = fit.QEp, Converged = true, Notes = notes,
            PiLower = fit.CiLower, PiUpper = fit.CiUpper,
            Yi = yi, Vi = vi, Labels = labels, DataRows = rows, Weights = vi.Select(v => 100 / v / sw).ToArray(), Pooled = fit, Level = spec.Level
        };
    }

    private static void CheckCounts(double[] a, double[] b, double[] c, double[] d)
    {
        string[] names = ["ai", "bi", "ci", "di"];
        double[][] cells = [a, b, c, d];
        for (int t = 0; t < 4; t++)
            for (int i = 0; i < a.Length; i++)
                if (cells[t][i] < 0) throw new CohesionException($"negative count {cells[t][i]}", column: names[t], row: i + 1);
    }

    /// <summary>The nested engine (MetaMv) serves one formula of nested random intercepts with diagonal V and the
    /// defaults; everything else goes to the general engine.</summary>
    private static bool UsesGeneralEngine(MetaSpec spec, IReadOnlyList<RandomFormula> formulas) =>
        formulas.Count != 1 || formulas[0].IsInnerOuter || spec.V is not null || spec.Rho is not null || spec.ContainDfs
        || spec.Btt is not null || spec.Profile;

    /// <summary>Builds the rma.mv problem (random terms, V) for the analysed rows.</summary>
    private static MetaMvProblem BuildProblem(DataFrame data, MetaSpec spec, double[] yi, double[] vi, double[] x, int p, string[] terms, int[] rows,
        IReadOnlyList<RandomFormula> formulas, IReadOnlyList<VarianceStructure>? structs)
    {
        int k = rows.Length;
        int[] Codes(IEnumerable<string> cols)
        {
            var columns = cols.Select(c => data[c]).ToArray();
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            var codes = new int[k];
            for (int t = 0; t < k; t++)
            {
                var key = string.Join("\u0001", columns.Select(c => c.Format(rows[t])));
                if (!map.TryGetValue(key, out var g)) { g = map.Count; map[key] = g; }
                codes[t] = g;
            }
            return codes;
        }
        var sigma = new List<SigmaTerm>();
        var structured = new List<StructuredTerm>();
        int io = 0;
        foreach (var f in formulas)
        {
            if (!f.IsInnerOuter)
            {
                for (int l = 0; l < f.Grouping.Count; l++)
                    sigma.Add(new SigmaTerm(string.Join("/", f.Grouping.Take(l + 1)), Codes(f.Grouping.Take(l + 1))));
                continue;
            }
            var st = structs is null || structs.Count == 0 ? VarianceStructure.CS : structs[Math.Min(io, structs.Count - 1)];
            io++;
            var innerCol = data.Categorical(f.Inner!);
            var present = rows.Select(r => innerCol.Codes[r]).Distinct().Order().ToArray();
            var levelIndex = new Dictionary<int, int>();
            for (int a = 0; a < present.Length; a++) levelIndex[present[a]] = a;
            structured.Add(new StructuredTerm
            {
                Structure = st, InnerName = f.Inner!, OuterName = f.Grouping[0],
                Inner = rows.Select(r => levelIndex[innerCol.Codes[r]]).ToArray(), Outer = Codes([f.Grouping[0]]),
                Levels = present.Select(c => innerCol.Levels[c]).ToArray()
            });
        }
        double[]? v = null;
        if (spec.V is { } full)
        {
            int n = data.RowCount;
            if (full.Length != n * n) throw new CohesionException($"the sampling covariance matrix V must be {n} x {n} (one row and column per data row), got {full.Length} values");
            v = new double[k * k];
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                {
                    double va = full[rows[a] * n + rows[b]], vb = full[rows[b] * n + rows[a]];
                    if (Math.Abs(va - vb) > 1e-10 * Math.Max(1, Math.Abs(va)))
                        throw new CohesionException($"the sampling covariance matrix V is not symmetric (rows {rows[a] + 1} and {rows[b] + 1})");
                    v[a * k + b] = va;
                }
            for (int a = 0; a < k; a++) vi[a] = v[a * k + a];
        }
        if (spec.Rho is double rho)
        {
            if (rho < -1 || rho > 1) throw new CohesionException($"the sampling correlation rho must be in [-1, 1], got {rho.ToString(CultureInfo.InvariantCulture)}");
            if (v is not null) throw new CohesionException("give either a sampling covariance matrix V or a sampling correlation rho, not both");
            // vcalc(vi, cluster, obs, rho): rho * sqrt(vi vj) between different rows of a cluster (the outer grouping)
            var cluster = Codes([formulas[0].Grouping[0]]);
            v = new double[k * k];
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                    v[a * k + b] = a == b ? vi[a] : cluster[a] == cluster[b] ? rho * Math.Sqrt(vi[a] * vi[b]) : 0;
        }
        return new MetaMvProblem
        {
            Yi = yi, Vi = vi, V = v, X = x, P = p, Terms = terms, Sigma = sigma, Structured = structured,
            Reml = spec.Method == TauEstimator.REML, Test = spec.ContainDfs ? MetaTest.T : spec.Test, ContainDfs = spec.ContainDfs, Level = spec.Level,
            Btt = spec.Btt is null ? null : MetaMvGeneral.ParseBtt(spec.Btt, terms)
        };
    }

    private static MetaFitSummary RunGeneral(DataFrame data, MetaSpec spec, List<string> notes, double[] yi, double[] vi, double[] x, int p, string[] terms,
        int[] rows, IReadOnlyList<RandomFormula> formulas, string[] labels, string? groupName, string[]? groups)
    {
        if (spec.Method is not (TauEstimator.REML or TauEstimator.ML))
            throw new CohesionException($"multilevel models (random effects) are fitted by REML or ML, not {spec.Method}");
        var pr = BuildProblem(data, spec, yi, vi, x, p, terms, rows, formulas, spec.Struct);
        var fit = MetaMvGeneral.Fit(pr);
        int k = yi.Length;
        var pi = fit.PredictionInterval;
        RobustResult? robust = null;
        if (spec.RobustCluster is not null)
        {
            var cl = ClusterCodes(data, spec.RobustCluster, rows);
            foreach (var block in fit.Blocks)
                if (block.Any(r => cl[r] != cl[block[0]]))
                    throw new CohesionException($"the random effects (or V) correlate effect sizes of different '{spec.RobustCluster}' clusters; cluster-robust inference needs clusters that contain them", column: spec.RobustCluster);
            var resid = Residuals(x, k, p, yi, fit.Beta);
            robust = RobustVariance.Compute(x, k, p, fit.Beta, resid, cl, r => fit.MarginalBlock(r), fit.Vb, spec.Cr2, spec.Level);
        }
        EggerResult? egger = null;
        if (spec.Bias)
        {
            var xs = new double[k * (p + 1)];
            for (int i = 0; i < k; i++) { Array.Copy(x, i * p, xs, i * (p + 1), p); xs[i * (p + 1) + p] = Math.Sqrt(vi[i]); }
            var e = MetaMvGeneral.Fit(pr with { X = xs, P = p + 1, Terms = [.. terms, "sei"], Btt = null });
            egger = new EggerResult(e.Statistic[p], e.PValue[p], e.DdfAll.Length > p ? e.DdfAll[p] : double.NaN, e.Beta[0], e.CiLower[0], e.CiUpper[0], fit.Test.Name());
            notes.Add("Egger's test for the multilevel model: rma.mv with sei as an extra moderator; trim-and-fill is not defined for multilevel models (metafor).");
        }
        if (spec.Permutations is not null) notes.Add("permutation tests are available for models without random effects only (metafor's permutest.rma.uni); skipped.");
        if (spec.LeaveOneOut || spec.Influence) notes.Add("leave-one-out and influence diagnostics are available for models without random effects (metafor's rma.uni); skipped.");
        if (double.IsNaN(fit.QE)) notes.Add("the sampling covariance matrix V is not positive definite; Q_E cannot be computed (as metafor).");
        var weights = RowSumWeights(fit, fit.Blocks, k);
        var qm = fit.QmTest!;
        return new MetaFitSummary
        {
            K = k, Method = spec.Method.ToString(), Test = fit.Test.Name(), Coefficients = Enumerable.Range(0, p).Select(fit.Coefficient).ToArray(),
            Sigma2 = fit.Sigma2, Sigma2Names = fit.LevelNames, Sigma2Levels = fit.LevelCounts, Q = fit.QE, QDf = k - p, QP = fit.QEp,
            QM = qm.Statistic, QMp = qm.P, QMdf = (int)qm.Df1, QmTest = spec.Btt is null ? null : qm,
            PiLower = pi.Lower, PiUpper = pi.Upper, Converged = fit.Converged, Iterations = fit.Iterations,
            Robust = robust, Egger = egger, Notes = notes, Yi = yi, Vi = vi, Labels = labels, DataRows = rows, Weights = weights,
            GroupName = groupName, Groups = groups, Mv = fit, Level = spec.Level,
            Profile = spec.Profile ? MetaProfile.Intervals(fit) : null
        };
    }
}
