using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Optimization;
using Cohesion.Statistics.Regression;

namespace Cohesion.Statistics.Mixed;

public sealed record MixedOptions
{
    /// <summary>REML (lme4's default) or maximum likelihood.</summary>
    public bool Reml { get; init; } = true;
    /// <summary>Budget of deviance evaluations; exceeding it is reported as non-convergence.</summary>
    public int MaxEvaluations { get; init; } = 20_000;
}

/// <summary>Conditional modes of one random term: <see cref="Values"/> is levels × terms, row-major.</summary>
public sealed record RandomEffects(string Group, IReadOnlyList<string> Terms, IReadOnlyList<string> Levels, double[] Values)
{
    public double this[string level, string term]
    {
        get
        {
            int l = Levels.ToList().IndexOf(level), t = Terms.ToList().IndexOf(term);
            if (l < 0 || t < 0) throw new KeyNotFoundException($"{Group}: no level '{level}' or term '{term}'");
            return Values[l * Terms.Count + t];
        }
    }
}

/// <summary>One row of lme4's <c>as.data.frame(VarCorr(fit))</c>: a variance (Term2 null) or a covariance
/// between Term and Term2 (with its correlation).</summary>
public sealed record VarianceComponent(string Group, string Term, string? Term2, double Variance, double Sd, double? Correlation);

public sealed class MixedResult
{
    public required int N { get; init; }
    /// <summary>Fixed effects with t statistics (lme4 gives no p-values or intervals: those are NaN).</summary>
    public required IReadOnlyList<Coefficient> Fixed { get; init; }
    /// <summary>Variances and covariances of the random effects in lme4's order (variances of a group, then its covariances).</summary>
    public required IReadOnlyList<VarianceComponent> Random { get; init; }
    public required double ResidualVariance { get; init; }
    public double ResidualSd => Math.Sqrt(ResidualVariance);
    public required double LogLik { get; init; }
    /// <summary>The optimised criterion: REML criterion or deviance (−2 logLik).</summary>
    public required double Criterion { get; init; }
    public required bool Reml { get; init; }
    /// <summary>lme4's θ (relative covariance factors, column-wise lower triangles, terms in lme4 order).</summary>
    public required double[] Theta { get; init; }
    /// <summary>Covariance of the fixed effects, row-major.</summary>
    public required double[] Covariance { get; init; }
    /// <summary>Grouping factors (lme4 names) and their numbers of levels.</summary>
    public required IReadOnlyList<(string Group, int Levels)> Groups { get; init; }
    /// <summary>True when a variance component is on the boundary (lme4's "boundary (singular) fit").</summary>
    public required bool Singular { get; init; }
    public required int Evaluations { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>Conditional modes of the random effects (lme4's <c>ranef</c>), one table per random term.</summary>
    public required IReadOnlyList<RandomEffects> Modes { get; init; }
    /// <summary>Number of fixed-effect parameters (rank of X).</summary>
    public int P => Fixed.Count;
    public int Df => Theta.Length + P + 1;
    public double Aic => -2 * LogLik + 2 * Df;
}

/// <summary>
/// Linear mixed models with lme4 semantics (Bates, Mächler, Bolker &amp; Walker 2015): <c>y ~ x + (1|g)</c>, nested
/// <c>(1|a/b)</c>, correlated random slopes <c>(x|g)</c>, uncorrelated <c>(x||g)</c>, crossed factors; REML or ML by
/// minimising the profiled deviance over θ with bounds; lme4's term order (by number of levels, decreasing),
/// VarCorr names (<c>g</c>, <c>g.1</c> for repeated factors, <c>b:a</c> for nested), vcov-based standard errors,
/// and logLik (−½ of the optimised criterion, as lme4 reports it for REML fits too).
/// </summary>
public static class LinearMixedModel
{
    public static MixedResult Fit(DataFrame data, string formula, MixedOptions? options = null) =>
        Fit(data, ModelFormula.Parse(formula), options);

    public static MixedResult Fit(DataFrame data, ModelFormula formula, MixedOptions? options = null)
    {
        options ??= new MixedOptions();
        if (formula.Response is null) throw new CohesionException($"formula \"{formula.Text}\" needs a response (y ~ ...)");
        if (formula.RandomTerms.Count == 0)
            throw new CohesionException($"formula \"{formula.Text}\" has no random-effect term such as (1|g); use 'cohesion panel' for fixed-effects models");
        if (formula.AbsorbedFactors.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\": absorbed fixed effects (after '|') are not supported in mixed models; add them as factor(...) terms");
        foreach (var c in formula.Columns()) _ = data[c];

        var y = LinearModel.EvaluateResponse(data, formula.Response);
        var filter = new bool[data.RowCount];
        for (int i = 0; i < filter.Length; i++) filter[i] = double.IsFinite(y[i]);
        var extra = new List<string>();
        foreach (var rt in formula.RandomTerms)
        {
            foreach (var t in rt.Terms) foreach (var v in t.Variables) extra.AddRange(v.Columns);
            extra.AddRange(rt.Grouping);
        }
        var design = DesignMatrix.Build(data, formula.Terms, formula.Intercept, extra.Distinct(), filter);
        int n = design.RowCount;
        if (n == 0) throw new CohesionException("no complete observations for the model", data.Source);
        var rows = design.Rows;
        var rowMask = new bool[data.RowCount];
        foreach (var r in rows) rowMask[r] = true;
        var notes = new List<string>();

        // fixed effects: drop aliased columns as lme4 does
        var xCols = Enumerable.Range(0, design.ColumnCount).ToList();
        if (design.ColumnCount > 0)
        {
            var qr = new QrDecomposition(design.Values, n, design.ColumnCount);
            if (qr.Rank < design.ColumnCount)
            {
                var dropped = qr.AliasedColumns().OrderBy(j => j).ToList();
                notes.Add($"fixed-effect model matrix is rank deficient so dropping {dropped.Count} column{(dropped.Count == 1 ? "" : "s")} / coefficient{(dropped.Count == 1 ? "" : "s")} ({string.Join(", ", dropped.Select(j => design.ColumnNames[j]))})");
                xCols = xCols.Where(j => !dropped.Contains(j)).ToList();
            }
        }
        int p = xCols.Count;
        var x = new double[n * p];
        for (int a = 0; a < p; a++) design.Column(xCols[a]).CopyTo(x.AsSpan(a * n, n));
        var xNames = xCols.Select(j => design.ColumnNames[j]).ToArray();
        var yy = new double[n];
        for (int i = 0; i < n; i++) yy[i] = y[rows[i]];

        // random-effects blocks
        var blocks = new List<RandomBlock>();
        foreach (var rt in formula.RandomTerms)
        {
            var (codes, levelNames) = GroupingCodes(data, rt.Grouping, rows);
            var zd = DesignMatrix.Build(data, rt.Terms, rt.Intercept, null, rowMask);
            if (zd.RowCount != n) throw new CohesionException($"random term {rt}: missing values differ from the fixed part");
            if (zd.ColumnCount == 0) throw new CohesionException($"random term {rt} has no columns");
            blocks.Add(new RandomBlock { Group = GroupName(rt, formula.Text), TermNames = zd.ColumnNames, Codes = codes, LevelNames = levelNames, X = zd.Values });
        }
        // lme4 checks (checkNlevels, check.nobs.vs.nRE)
        foreach (var b in blocks)
        {
            if (b.Levels < 2) throw new ModelException($"grouping factor '{b.Group}' must have more than 1 sampled level (it has {b.Levels})");
            if (b.Levels >= n) throw new ModelException($"number of levels of grouping factor '{b.Group}' ({b.Levels}) must be < number of observations ({n})");
            if ((long)b.Levels * b.K >= n)
                throw new ModelException($"number of observations (={n}) <= number of random effects (={b.Levels * b.K}) for term ({string.Join(" + ", b.TermNames)} | {b.Group}); the random-effects parameters and the residual variance are probably unidentifiable");
        }
        // lme4 order: by number of levels, decreasing (stable)
        var ordered = blocks.Select((b, i) => (b, i)).OrderByDescending(t => t.b.Levels).ThenBy(t => t.i).Select(t => t.b).ToArray();
        var groupNames = UniqueNames(ordered.Select(b => b.Group).ToList());
        return FitBlocks(yy, x, n, xNames, ordered, groupNames, options, notes);
    }

    private static MixedResult FitBlocks(double[] y, double[] x, int n, string[] xNames, RandomBlock[] blocks, string[] groupNames, MixedOptions options, List<string> notes)
    {
        int p = xNames.Length;
        bool hasIntercept = Array.IndexOf(xNames, "(Intercept)") >= 0;
        var pd = new ProfiledDeviance(y, x, n, p, blocks, hasIntercept);
        bool reml = options.Reml;
        var res = BoundedOptimizer.Minimize(th =>
        {
            var ev = pd.Evaluate(th, reml);
            return ev.Ok ? ev.Deviance : double.PositiveInfinity;
        }, pd.Start(), pd.LowerBounds(), options.MaxEvaluations);
        if (!res.Converged || !double.IsFinite(res.F))
            throw new ModelException($"the mixed model did not converge: {res.Message ?? "the deviance is not finite"}; simplify the random-effects structure or rescale the variables");
        var theta = res.X;
        var final = pd.Evaluate(theta, reml, full: true);
        if (!final.Ok) throw new ModelException("the mixed model could not be evaluated at the optimum");
        double sigma2 = final.Pwrss / (reml ? n - p : n);
        var modes = pd.ConditionalModes(theta, final.Beta);
        var beta = (double[])final.Beta.Clone();
        if (hasIntercept) beta[Array.IndexOf(xNames, "(Intercept)")] += pd.ResponseShift;
        var cov = new double[p * p];
        for (int i = 0; i < cov.Length; i++) cov[i] = sigma2 * final.RxInverse[i];
        var fixedEff = new List<Coefficient>(p);
        for (int a = 0; a < p; a++)
        {
            double se = Math.Sqrt(cov[a * p + a]);
            fixedEff.Add(new Coefficient(xNames[a], beta[a], se, beta[a] / se, double.NaN, double.NaN, double.NaN));
        }
        // VarCorr: Σ_t = σ² T Tᵀ
        var factors = pd.Factors(theta);
        var random = new List<VarianceComponent>();
        bool singular = false;
        int o = 0;
        for (int t = 0; t < blocks.Length; t++)
        {
            var b = blocks[t];
            int k = b.K;
            var T = factors[t];
            var s = new double[k * k];
            for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                double v = 0;
                for (int a = 0; a < k; a++) v += T[r * k + a] * T[c * k + a];
                s[r * k + c] = sigma2 * v;
            }
            for (int c = 0; c < k; c++)
            {
                if (theta[o] == 0) singular = true;
                o += k - c;
            }
            for (int r = 0; r < k; r++)
                random.Add(new VarianceComponent(groupNames[t], b.TermNames[r], null, s[r * k + r], Math.Sqrt(s[r * k + r]), null));
            for (int c = 0; c < k; c++)
            for (int r = c + 1; r < k; r++)
            {
                double denom = Math.Sqrt(s[r * k + r] * s[c * k + c]);
                double corr = denom > 0 ? s[r * k + c] / denom : double.NaN;
                random.Add(new VarianceComponent(groupNames[t], b.TermNames[c], b.TermNames[r], s[r * k + c], double.NaN, corr));
            }
        }
        if (singular) notes.Add("boundary (singular) fit: a variance component is estimated as zero (or a correlation as ±1)");
        return new MixedResult
        {
            N = n, Fixed = fixedEff, Random = random, ResidualVariance = sigma2, LogLik = -res.F / 2, Criterion = res.F, Reml = reml,
            Theta = theta, Covariance = cov, Groups = blocks.Select((b, i) => (groupNames[i], b.Levels)).ToList(), Singular = singular,
            Evaluations = res.Evaluations, Notes = notes,
            Modes = blocks.Select((b, i) => new RandomEffects(groupNames[i], b.TermNames, b.LevelNames, modes[i])).ToList(),
        };
    }

    /// <summary>Dense codes of the interaction of the grouping columns over the used rows (numbered by first
    /// appearance; the numbering does not affect the fit). Level names join the columns' values inner-first (b:a).</summary>
    private static (int[] Codes, string[] Levels) GroupingCodes(DataFrame data, IReadOnlyList<string> grouping, int[] rows)
    {
        var parts = new int[grouping.Count][];
        var names = new string[grouping.Count][];
        for (int j = 0; j < grouping.Count; j++) parts[j] = FactorCodes.Encode(data[grouping[j]], rows, out _, out names[j]);
        if (grouping.Count == 1) return (parts[0], names[0]);
        var codes = new int[rows.Length];
        var levels = new List<string>();
        var combined = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) combined[i] = parts[0][i];
        for (int j = 1; j < grouping.Count; j++)
        {
            var map = new Dictionary<(long, int), long>();
            for (int i = 0; i < rows.Length; i++)
            {
                var key = (combined[i], parts[j][i]);
                if (!map.TryGetValue(key, out long c)) { c = map.Count; map[key] = c; }
                combined[i] = c;
            }
        }
        var seen = new Dictionary<long, int>();
        for (int i = 0; i < rows.Length; i++)
        {
            if (!seen.TryGetValue(combined[i], out int c))
            {
                c = levels.Count;
                seen[combined[i]] = c;
                levels.Add(string.Join(":", Enumerable.Range(0, grouping.Count).Reverse().Select(j => names[j][parts[j][i]])));
            }
            codes[i] = c;
        }
        return (codes, levels.ToArray());
    }

    /// <summary>lme4's name of a grouping factor: nested <c>(1|a/b)</c> expands to <c>b:a</c>, an explicit interaction
    /// <c>(1|a:b)</c> keeps its written order <c>a:b</c>; deeper nesting <c>(1|a/b/c)</c> gives <c>c:(b:a)</c>.</summary>
    private static string GroupName(RandomTerm rt, string formulaText)
    {
        if (rt.Grouping.Count == 1) return rt.Grouping[0];
        var compact = string.Concat(formulaText.Where(c => !char.IsWhiteSpace(c))).Replace("`", "");
        if (!compact.Contains(string.Join("/", rt.Grouping), StringComparison.Ordinal)) return string.Join(":", rt.Grouping);
        // lme4 expands a/b/c to a + b:a + c:(b:a)
        string name = rt.Grouping[1] + ":" + rt.Grouping[0];
        for (int i = 2; i < rt.Grouping.Count; i++) name = rt.Grouping[i] + ":(" + name + ")";
        return name;
    }

    /// <summary>R's make.unique: repeated names get .1, .2, ...</summary>
    private static string[] UniqueNames(List<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var r = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            if (seen.TryGetValue(names[i], out int c)) { r[i] = $"{names[i]}.{c}"; seen[names[i]] = c + 1; }
            else { r[i] = names[i]; seen[names[i]] = 1; }
        }
        return r;
    }
}
