using System.Globalization;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Meta;

/// <summary>What to fit: where the effect sizes come from, the model and the extras (robust, bias, permutations).</summary>
public sealed partial class MetaSpec
{
    public string? Yi { get; init; }
    public string? Vi { get; init; }
    public string? Sei { get; init; }
    public EffectMeasure? Measure { get; init; }
    /// <summary>Input columns for <see cref="Measure"/> by escalc argument name (ri, ni, m1i, sd1i, n1i, m2i, sd2i, n2i, ai, bi, ci, di, xi).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    public string? Mods { get; init; }
    public string? Random { get; init; }
    public TauEstimator Method { get; init; } = TauEstimator.REML;
    public MetaTest Test { get; init; } = MetaTest.Z;
    public string? RobustCluster { get; init; }
    public bool Cr2 { get; init; }
    public bool Bias { get; init; }
    public int? Permutations { get; init; }
    public int Seed { get; init; } = 1;
    public double Level { get; init; } = 0.95;
    /// <summary>Column with study labels for plots (default: slab, label, author(s) or study when present).</summary>
    public string? Slab { get; init; }
}

/// <summary>Everything <c>cohesion meta</c> reports, in metafor's vocabulary.</summary>
public sealed partial class MetaFitSummary
{
    public required int K { get; init; }
    public required string Method { get; init; }
    public required string Test { get; init; }
    public required IReadOnlyList<Coefficient> Coefficients { get; init; }
    public double Tau2 { get; init; } = double.NaN;
    public double SeTau2 { get; init; } = double.NaN;
    public double[] Tau2Ci { get; init; } = [double.NaN, double.NaN];
    public double[] Sigma2 { get; init; } = [];
    public string[] Sigma2Names { get; init; } = [];
    public int[] Sigma2Levels { get; init; } = [];
    public double I2 { get; init; } = double.NaN;
    public double H2 { get; init; } = double.NaN;
    public required double Q { get; init; }
    public required int QDf { get; init; }
    public required double QP { get; init; }
    public double QM { get; init; } = double.NaN;
    public double QMp { get; init; } = double.NaN;
    public int QMdf { get; init; }
    public double PiLower { get; init; } = double.NaN;
    public double PiUpper { get; init; } = double.NaN;
    public required bool Converged { get; init; }
    public int Iterations { get; init; }
    public RobustResult? Robust { get; init; }
    public EggerResult? Egger { get; init; }
    public TrimFillResult? TrimFill { get; init; }
    public PetPeeseResult? PetPeese { get; init; }
    public PermutationResult? Permutation { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public required double[] Yi { get; init; }
    public required double[] Vi { get; init; }
    public required string[] Labels { get; init; }
    /// <summary>Data row (0-based) of each analysed effect size.</summary>
    public required int[] DataRows { get; init; }
    /// <summary>Model weight of each effect size in percent (diagonal of the hat matrix for models with moderators
    /// as metafor's weights(): W/ΣW for rma.uni, rowSums of M⁻¹ for rma.mv).</summary>
    public required double[] Weights { get; init; }
    public string? GroupName { get; init; }
    public string[]? Groups { get; init; }
    public MetaUniFit? Uni { get; init; }
    public MetaMvFit? Mv { get; init; }
    public double Level { get; init; } = 0.95;
}

/// <summary>Runs a meta-analysis on a data frame: effect sizes, missing-value handling, model, extras.</summary>
public static partial class MetaAnalysis
{
    public static MetaFitSummary Run(DataFrame data, MetaSpec spec)
    {
        if (spec.Pooling is not null) return RunPooled(data, spec);
        var notes = new List<string>();
        int n = data.RowCount;
        var (yiAll, viAll) = EffectSizesOf(data, spec);

        // rows usable: finite yi, vi and every model column present
        var keep = new bool[n];
        for (int i = 0; i < n; i++) keep[i] = !double.IsNaN(yiAll[i]) && !double.IsNaN(viAll[i]);
        var extra = new List<string>();
        var formulas = spec.Random is null ? null : RandomFormulas.Parse(spec.Random);
        string[] randomCols = formulas is null ? [] : formulas.SelectMany(f => f.Inner is null ? f.Grouping : [f.Inner, .. f.Grouping]).Distinct().ToArray();
        extra.AddRange(randomCols);
        if (spec.RobustCluster is not null) extra.Add(spec.RobustCluster);
        foreach (var c in extra)
        {
            var col = data[c];
            for (int i = 0; i < n; i++) if (keep[i] && col.IsMissing(i)) keep[i] = false;
        }
        ModelFormula? mods = spec.Mods is null ? null : ParseMods(spec.Mods);
        DesignMatrix dm;
        if (mods is not null) dm = DesignMatrix.Build(data, mods, rowFilter: keep);
        else
        {
            var rowsList = Enumerable.Range(0, n).Where(i => keep[i]).ToArray();
            var ones = new double[rowsList.Length];
            Array.Fill(ones, 1.0);
            dm = new DesignMatrix { Values = ones, RowCount = rowsList.Length, ColumnNames = ["(Intercept)"], Rows = rowsList, TermIndex = [-1] };
        }
        int k = dm.RowCount, p = dm.ColumnCount;
        int dropped = n - k;
        if (dropped > 0) notes.Add($"{dropped} row(s) with missing values omitted from model fitting (as metafor's na.omit).");
        if (k < 2) throw new CohesionException($"at least two studies with complete data are needed (k = {k})", data.Source);
        var rows = dm.Rows;
        var yi = rows.Select(i => yiAll[i]).ToArray();
        var vi = rows.Select(i => viAll[i]).ToArray();
        for (int t = 0; t < k; t++)
            if (!(vi[t] > 0))
                throw new CohesionException($"sampling variance must be positive, got {vi[t].ToString("R", CultureInfo.InvariantCulture)}", data.Source, spec.Vi ?? spec.Sei ?? "vi", rows[t] + 1);
        var terms = dm.ColumnNames.Select(c => c == "(Intercept)" ? "intrcpt" : c).ToArray();
        CheckDesign(dm, terms, data.Source);
        var x = dm.ToRowMajor();

        var labels = Labels(data, spec, rows);
        string? groupName = null;
        string[]? groups = null;
        if (mods is not null)
        {
            var firstCat = mods.Terms.SelectMany(t => t.Variables).FirstOrDefault(v => v.ForcedFactor || (v.Function is null && data.TryGet(v.Expression, out var cc) && cc is CategoricalColumn));
            if (firstCat is not null)
            {
                groupName = firstCat.Expression;
                var cat = data.Categorical(firstCat.Expression);
                groups = rows.Select(i => cat.Format(i)).ToArray();
            }
        }

        if (formulas is not null && spec.Struct is not null && !formulas.Any(f => f.IsInnerOuter))
            notes.Add("the random effects have no '~ inner | outer' term, so the variance structure is disregarded (as metafor).");
        if (formulas is not null)
            return UsesGeneralEngine(spec, formulas)
                ? RunGeneral(data, spec, notes, yi, vi, x, p, terms, rows, formulas, labels, groupName, groups)
                : RunMultilevel(data, spec, notes, yi, vi, x, p, terms, rows, formulas[0].Grouping.ToArray(), labels, groupName, groups);
        if (spec.Struct is not null || spec.V is not null || spec.Rho is not null || spec.ContainDfs)
            throw new CohesionException("a structure, a known V, rho or dfs = contain need random effects (rma.mv)");

        var fit = MetaUni.Fit(yi, vi, x, p, terms, new MetaUniOptions { Method = spec.Method, Test = spec.Test, Level = spec.Level });
        var pi = fit.PredictionInterval;
        var ci = spec.Method == TauEstimator.FE ? new Tau2Interval(double.NaN, double.NaN, false, false) : MetaDiagnostics.Tau2ConfidenceInterval(fit);
        RobustResult? robust = null;
        if (spec.RobustCluster is not null)
        {
            var cl = ClusterCodes(data, spec.RobustCluster, rows);
            var resid = Residuals(x, k, p, yi, fit.Beta);
            var w = vi.Select(v => v + fit.Tau2).ToArray();
            // metafor's CR1 uses the model's vb (scaled by s2w under knha); clubSandwich's CR2 the unscaled (X'WX)^-1
            var bread = spec.Cr2 ? UnscaledBread(fit) : fit.Vb;
            robust = RobustVariance.Compute(x, k, p, fit.Beta, resid, cl, r => Diag(r, w), bread, spec.Cr2, spec.Level);
        }
        EggerResult? egger = null;
        TrimFillResult? tf = null;
        PetPeeseResult? pp = null;
        if (spec.Bias)
        {
            egger = MetaDiagnostics.Egger(fit);
            if (fit.InterceptOnly)
            {
                tf = MetaDiagnostics.TrimFill(fit);
                pp = MetaDiagnostics.PetPeese(fit);
            }
            else notes.Add("trim-and-fill and PET-PEESE need a model without moderators (metafor's trimfill); only Egger's test is reported.");
        }
        PermutationResult? perm = spec.Permutations is int iters ? MetaDiagnostics.Permutest(fit, iters, spec.Seed) : null;
        double sw = 0;
        foreach (var v in vi) sw += 1 / (v + fit.Tau2);
        var weights = vi.Select(v => 100 * (1 / (v + fit.Tau2)) / sw).ToArray();
        var qmTest = spec.Btt is null ? null : MetaMvGeneral.WaldTest(fit.Beta, fit.Vb, p, MetaMvGeneral.ParseBtt(spec.Btt, terms), spec.Test != MetaTest.Z, k - p);
        return new MetaFitSummary
        {
            K = k, Method = spec.Method.ToString(), Test = spec.Test.Name(), Coefficients = fit.Coefficients.ToArray(),
            Tau2 = fit.Tau2, SeTau2 = fit.SeTau2, Tau2Ci = [ci.Lower, ci.Upper], I2 = fit.I2, H2 = fit.H2, Q = fit.QE, QDf = k - p, QP = fit.QEp,
            QM = qmTest?.Statistic ?? fit.QM, QMp = qmTest?.P ?? fit.QMp, QMdf = qmTest is null ? fit.QMdf : (int)qmTest.Df1, QmTest = qmTest,
            PiLower = pi.Lower, PiUpper = pi.Upper, Converged = fit.Converged, Iterations = fit.Iterations,
            Robust = robust, Egger = egger, TrimFill = tf, PetPeese = pp, Permutation = perm, Notes = notes,
            Yi = yi, Vi = vi, Labels = labels, DataRows = rows, Weights = weights, GroupName = groupName, Groups = groups, Uni = fit, Level = spec.Level,
            Profile = spec.Profile && spec.Method != TauEstimator.FE ? [new ProfileInterval("tau^2", fit.Tau2, ci.Lower, ci.Upper)] : null,
            LeaveOneOut = spec.LeaveOneOut ? MetaInfluence.LeaveOneOut(fit) : null,
            Influence = spec.Influence ? MetaInfluence.Influence(fit) : null
        };
    }

    private static MetaFitSummary RunMultilevel(DataFrame data, MetaSpec spec, List<string> notes, double[] yi, double[] vi, double[] x, int p, string[] terms,
        int[] rows, string[] randomCols, string[] labels, string? groupName, string[]? groups)
    {
        if (spec.Method is not (TauEstimator.REML or TauEstimator.ML))
            throw new CohesionException($"multilevel models ({ParameterText.Of("random")}) are fitted by REML or ML, not {spec.Method}");
        int k = yi.Length;
        // group codes per level: interaction of the first l+1 columns
        int L = randomCols.Length;
        var codes = new int[L][];
        var levelNames = new string[L];
        for (int l = 0; l < L; l++)
        {
            var cols = randomCols.Take(l + 1).Select(c => data[c]).ToArray();
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            codes[l] = new int[k];
            for (int t = 0; t < k; t++)
            {
                var key = string.Join("\u0001", cols.Select(c => c.Format(rows[t])));
                if (!map.TryGetValue(key, out var g)) { g = map.Count; map[key] = g; }
                codes[l][t] = g;
            }
            levelNames[l] = string.Join("/", randomCols.Take(l + 1));
        }
        var fit = MetaMv.Fit(yi, vi, x, p, terms, codes, levelNames, spec.Method == TauEstimator.REML, spec.Test, spec.Level);
        var pi = fit.PredictionInterval;
        RobustResult? robust = null;
        if (spec.RobustCluster is not null)
        {
            var cl = ClusterCodes(data, spec.RobustCluster, rows);
            CheckNested(cl, codes[0], spec.RobustCluster, randomCols[0]);
            var resid = Residuals(x, k, p, yi, fit.Beta);
            robust = RobustVariance.Compute(x, k, p, fit.Beta, resid, cl, r => fit.MarginalBlock(r), fit.Vb, spec.Cr2, spec.Level);
        }
        EggerResult? egger = null;
        if (spec.Bias)
        {
            // Egger-type test for multilevel models: the standard error as an extra moderator in the same rma.mv model
            var xs = new double[k * (p + 1)];
            for (int i = 0; i < k; i++) { Array.Copy(x, i * p, xs, i * (p + 1), p); xs[i * (p + 1) + p] = Math.Sqrt(vi[i]); }
            var e = MetaMv.Fit(yi, vi, xs, p + 1, [.. terms, "sei"], codes, levelNames, fit.Reml, spec.Test, spec.Level);
            egger = new EggerResult(e.Statistic[p], e.PValue[p], e.Ddf, e.Beta[0], e.CiLower[0], e.CiUpper[0], spec.Test.Name());
            notes.Add("Egger's test for the multilevel model: rma.mv with sei as an extra moderator; trim-and-fill is not defined for multilevel models (metafor).");
        }
        if (spec.Permutations is not null) notes.Add($"permutation tests are available for models without {ParameterText.Of("random")} only (metafor's permutest.rma.uni); skipped.");
        var weights = RowSumWeights(fit, fit.Model.Blocks, k);
        return new MetaFitSummary
        {
            K = k, Method = spec.Method.ToString(), Test = spec.Test.Name(), Coefficients = Enumerable.Range(0, p).Select(fit.Coefficient).ToArray(),
            Sigma2 = fit.Sigma2, Sigma2Names = fit.LevelNames, Sigma2Levels = fit.LevelCounts, Q = fit.QE, QDf = k - p, QP = fit.QEp,
            QM = fit.QM, QMp = fit.QMp, QMdf = p > 1 ? p - 1 : 1, PiLower = pi.Lower, PiUpper = pi.Upper, Converged = fit.Converged, Iterations = fit.Iterations,
            Robust = robust, Egger = egger, Notes = notes, Yi = yi, Vi = vi, Labels = labels, DataRows = rows, Weights = weights,
            GroupName = groupName, Groups = groups, Mv = fit, Level = spec.Level
        };
    }

    /// <summary>The input columns of a measure by escalc argument name; bi and di may come from group sizes
    /// (bi = n1i − ai, di = n2i − ci), as metafor accepts.</summary>
    private static Func<string, double[]> InputColumns(DataFrame data, MetaSpec spec)
    {
        double[] Col(string arg)
        {
            if (!spec.Inputs.TryGetValue(arg, out var name)) throw new CohesionException($"{ParameterText.Of("measure")} {spec.Measure} needs {ParameterText.Of(arg)} COL");
            return data.Numeric(name).Values;
        }
        double[] Difference(string cell, string total, string events)
        {
            if (spec.Inputs.ContainsKey(cell) || !spec.Inputs.ContainsKey(total)) return Col(cell);
            var n = Col(total); var a = Col(events);
            var r = new double[n.Length];
            for (int i = 0; i < r.Length; i++) r[i] = n[i] - a[i];
            return r;
        }
        return arg => arg switch { "bi" => Difference("bi", "n1i", "ai"), "di" => Difference("di", "n2i", "ci"), _ => Col(arg) };
    }

    /// <summary>Weights of an rma.mv fit as metafor's weights.rma.mv (type "rowsum"): row sums of M⁻¹, block by block, in percent.</summary>
    private static double[] RowSumWeights(MetaMvFit fit, int[][] blocks, int k)
    {
        var weights = new double[k];
        double total = 0;
        foreach (var block in blocks)
        {
            var m = fit.MarginalBlock(block);
            int nb = block.Length;
            var inv = Cholesky.InvertSpd(m, nb, "marginal covariance");
            for (int a = 0; a < nb; a++)
            {
                double s = 0;
                for (int b = 0; b < nb; b++) s += inv[a * nb + b];
                weights[block[a]] = s;
                total += s;
            }
        }
        for (int i = 0; i < k; i++) weights[i] = 100 * weights[i] / total;
        return weights;
    }

    private static void CheckNested(int[] cluster, int[] outer, string clusterName, string outerName)
    {
        var seen = new Dictionary<int, int>();
        for (int i = 0; i < outer.Length; i++)
        {
            if (seen.TryGetValue(outer[i], out var c) && c != cluster[i])
                throw new CohesionException($"the random effects are not nested within the clustering variable: '{outerName}' groups span several '{clusterName}' clusters", column: clusterName);
            seen[outer[i]] = cluster[i];
        }
    }

    private static double[] UnscaledBread(MetaUniFit fit)
    {
        if (fit.S2w == 1 || fit.S2w == 0) return fit.S2w == 0 ? InvXtWX(fit) : fit.Vb;
        return fit.Vb.Select(v => v / fit.S2w).ToArray();
    }

    private static double[] InvXtWX(MetaUniFit fit)
    {
        int k = fit.K, p = fit.P;
        var a = new double[p * p];
        for (int i = 0; i < k; i++)
        {
            double w = 1 / (fit.Vi[i] + fit.Tau2);
            for (int r = 0; r < p; r++) for (int c = 0; c < p; c++) a[r * p + c] += w * fit.X[i * p + r] * fit.X[i * p + c];
        }
        return Cholesky.InvertSpd(a, p);
    }

    private static double[] Diag(int[] rows, double[] w)
    {
        int m = rows.Length;
        var d = new double[m * m];
        for (int a = 0; a < m; a++) d[a * m + a] = w[rows[a]];
        return d;
    }

    private static double[] Residuals(double[] x, int k, int p, double[] y, double[] beta)
    {
        var r = new double[k];
        for (int i = 0; i < k; i++)
        {
            double f = 0;
            for (int j = 0; j < p; j++) f += x[i * p + j] * beta[j];
            r[i] = y[i] - f;
        }
        return r;
    }

    private static int[] ClusterCodes(DataFrame data, string column, int[] rows)
    {
        var col = data[column];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[rows.Length];
        for (int t = 0; t < rows.Length; t++)
        {
            var key = col.Format(rows[t]);
            if (!map.TryGetValue(key, out var g)) { g = map.Count; map[key] = g; }
            codes[t] = g;
        }
        return codes;
    }

    private static string[] Labels(DataFrame data, MetaSpec spec, int[] rows)
    {
        string? col = spec.Slab;
        if (col is null)
            foreach (var c in new[] { "slab", "label", "author", "authors", "study" })
                if (data.Contains(c)) { col = c; break; }
        if (col is null) return rows.Select(i => $"Study {i + 1}").ToArray();
        var column = data[col];
        var yearCol = col is "author" or "authors" && data.Contains("year") ? data["year"] : null;
        return rows.Select(i => yearCol is null ? column.Format(i) : $"{column.Format(i)}, {yearCol.Format(i)}").ToArray();
    }

    private static ModelFormula ParseMods(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith('~')) t = "~ " + t;
        var f = ModelFormula.Parse(t);
        if (f.RandomTerms.Count > 0 || f.AbsorbedFactors.Count > 0) throw new CohesionException($"{ParameterText.Of("mods")} takes fixed moderators only; use {ParameterText.Of("random")} for random effects");
        return f;
    }

    private static void CheckDesign(DesignMatrix dm, string[] terms, string? source)
    {
        int k = dm.RowCount, p = dm.ColumnCount;
        for (int j = 0; j < p; j++)
        {
            if (terms[j] == "intrcpt") continue;
            var c = dm.Column(j);
            bool constant = true;
            for (int i = 1; i < k && constant; i++) constant = c[i] == c[0];
            if (constant) throw new CohesionException($"moderator '{terms[j]}' is constant in the analysed studies; it cannot be estimated", source, terms[j]);
        }
        if (p > k) throw new CohesionException($"the model has {p} coefficients but only {k} studies", source);
        var qr = new QrDecomposition(dm.Values, k, p);
        if (qr.Rank < p)
        {
            var aliased = qr.AliasedColumns().Select(j => terms[j]);
            throw new CohesionException($"moderator(s) {string.Join(", ", aliased)} are collinear with the other moderators (model matrix not of full rank)", source);
        }
    }

    /// <summary>The effect sizes of every data row (NaN where an input is missing).</summary>
    public static (double[] Yi, double[] Vi) EffectSizesOf(DataFrame data, MetaSpec spec)
    {
        if (spec.Measure is null)
        {
            if (spec.Yi is null) throw new CohesionException($"give {ParameterText.Of("yi")} with {ParameterText.Of("vi")} or {ParameterText.Of("sei")}, or {ParameterText.Of("measure")} with its input columns");
            var y = data.Numeric(spec.Yi).Values;
            double[] v;
            if (spec.Vi is not null) v = data.Numeric(spec.Vi).Values;
            else if (spec.Sei is not null) v = data.Numeric(spec.Sei).Values.Select(s => s * s).ToArray();
            else if (spec.V is { } vfull)
            {
                int nn = data.RowCount;
                v = new double[nn];
                for (int i = 0; i < nn; i++) v[i] = vfull[i * nn + i];
                return ((double[])y.Clone(), v);
            }
            else throw new CohesionException($"{ParameterText.Of("yi")} needs {ParameterText.Of("vi")} or {ParameterText.Of("sei")}");
            var src = spec.Vi ?? spec.Sei!;
            var sv = data.Numeric(src).Values;
            for (int i = 0; i < sv.Length; i++)
                if (!double.IsNaN(sv[i]) && !(sv[i] > 0))
                    throw new CohesionException($"sampling {(spec.Vi is not null ? "variance" : "standard error")} must be positive, got {sv[i].ToString("R", CultureInfo.InvariantCulture)}", data.Source, src, i + 1);
            return ((double[])y.Clone(), v.ToArray());
        }
        var Col = InputColumns(data, spec);
        // proportions may be given as events and non-events (xi, mi) instead of events and sample sizes
        double[] SampleSize()
        {
            bool proportion = spec.Measure is EffectMeasure.PR or EffectMeasure.PLN or EffectMeasure.PLO or EffectMeasure.PAS or EffectMeasure.PFT;
            if (!proportion || spec.Inputs.ContainsKey("ni") || !spec.Inputs.ContainsKey("mi")) return Col("ni");
            var x = Col("xi"); var m = Col("mi");
            return x.Select((v, i) => v + m[i]).ToArray();
        }
        try
        {
            return EffectSizes.Compute(spec.Measure.Value, arg => arg switch
            {
                "ni" => SampleSize(),
                _ => Col(arg)
            });
        }
        catch (CohesionException e) when (e.File is null && e.Column is not null)
        {
            var col = spec.Inputs.TryGetValue(e.Column, out var real) ? real : e.Column;
            throw new CohesionException(e.Message, data.Source, col, e.Row, e);
        }
    }
}
