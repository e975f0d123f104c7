using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Imputation;

namespace Cohesion.SurveyAnalysis;

/// <summary>What <c>cohesion glm</c> fits: <c>summary(svyglm(formula, design, family))</c>, or <c>svyolr</c> for the
/// ordinal family, on a domain (<see cref="Subset"/>, as <c>subset(design, ...)</c>) and optionally pooled over stacked
/// imputations (<c>MIcombine</c>).</summary>
public sealed record GlmRequest
{
    public required string Data { get; init; }
    public required string Formula { get; init; }
    /// <summary>gaussian, binomial, quasibinomial, poisson, quasipoisson or ordinal.</summary>
    public required string Family { get; init; }
    public required SurveyDesignRequest Design { get; init; }
    /// <summary>A row condition in R's syntax (<c>region == 'north'</c>): the domain; the variance uses the full design.</summary>
    public string? Subset { get; init; }
    public string? Imputation { get; init; }
    /// <summary>MIcombine's <c>df.complete</c>: complete-data df for the Barnard–Rubin df of pooled coefficients (+∞: none, as R).</summary>
    public double CompleteDf { get; init; } = double.PositiveInfinity;
    public double Level { get; init; } = 0.95;
    /// <summary>Ordinal family: the order of the outcome's categories (default: the column's level order).</summary>
    public IReadOnlyList<string>? Levels { get; init; }
}

/// <summary>One coefficient (or ordinal threshold <c>a|b</c>) of a design-based model.</summary>
public sealed record ModelCoefficientRow(string Term, double Estimate, double StandardError, double Statistic, double P, double CiLower, double CiUpper)
{
    public double? Df { get; init; }
    public double? Fmi { get; init; }
    public bool IsThreshold { get; init; }
}

/// <summary>The fitted model as the verb reports it.</summary>
public sealed record GlmResult(string Family, string Formula, IReadOnlyList<ModelCoefficientRow> Coefficients, double Dispersion, int DfResidual, int N,
    int? Imputations, bool Replicates, string Source)
{
    /// <summary>R's warnings for the fit, in R's words: no convergence, fitted values on the boundary (often
    /// separation), coefficients not defined because of singularities. Empty when the fit is clean.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The computation behind <c>cohesion glm</c>.</summary>
public static class SurveyModelAnalysis
{
    public static GlmResult Run(GlmRequest q)
    {
        var frame = DatasetLoader.Load(q.Data);
        try { return Run(frame, q); }
        catch (CohesionException ce) { throw ce.WithFile(frame.Source ?? q.Data); }
    }

    public static GlmResult Run(DataFrame frame, GlmRequest q)
    {
        if (!(q.Level > 0 && q.Level < 1)) throw new CohesionException("the confidence level must be between 0 and 1, e.g. 0.95");
        string family = q.Family.Trim().ToLowerInvariant();
        if (family != "ordinal") _ = GlmFamily.Parse(family);
        SurveyEstimation.ValidateCompleteDf(q.CompleteDf, q.Imputation);
        string source = frame.Source ?? q.Data;
        if (q.Imputation is null)
        {
            var f = Single(frame, q, family);
            return new GlmResult(family, q.Formula, f.Rows(q.Level), f.Dispersion, f.DfResidual, f.N, null, f.Replicates, source) { Warnings = f.Warnings };
        }
        var sets = Imputations.Split(frame, q.Imputation);
        var fits = sets.Select(s => Single(s.Frame, q, family)).ToList();
        var terms = fits[0].Terms;
        for (int m = 1; m < fits.Count; m++)
            if (!fits[m].Terms.SequenceEqual(terms))
                throw new CohesionException($"imputation '{sets[m].Name}' gives other model terms ({string.Join(", ", fits[m].Terms)}) than imputation '{sets[0].Name}' ({string.Join(", ", terms)})",
                    source, q.Imputation);
        if (fits.Any(f => f.Estimates.Any(double.IsNaN)))
            throw new CohesionException("a coefficient is aliased in an imputation; pooling needs a full-rank model in every imputation", source);
        var pooled = RubinsRules.Combine(fits.Select(f => f.Estimates).ToList(), fits.Select(f => f.Covariance).ToList(), q.CompleteDf);
        var rows = new List<ModelCoefficientRow>(terms.Length);
        for (int k = 0; k < terms.Length; k++)
        {
            double se = pooled.StandardError(k), b = pooled.Estimates[k];
            var (lo, hi) = pooled.Interval(k, q.Level);
            rows.Add(new ModelCoefficientRow(terms[k], b, se, b / se, pooled.PValue(k), lo, hi)
            {
                Df = pooled.Df[k], Fmi = pooled.Fmi[k], IsThreshold = fits[0].IsThreshold[k],
            });
        }
        var warnings = fits.SelectMany((f, m) => f.Warnings.Select(w => $"imputation '{sets[m].Name}': {w}")).ToList();
        return new GlmResult(family, q.Formula, rows, fits.Average(f => f.Dispersion), fits[0].DfResidual, fits[0].N, sets.Count, fits[0].Replicates, source) { Warnings = warnings };
    }

    /// <summary>One fit in a shape both model kinds share.</summary>
    private sealed record Fitted(string[] Terms, double[] Estimates, double[] Covariance, double[] Se, int DfResidual, double Dispersion, int N, bool Replicates, bool[] IsThreshold)
    {
        public IReadOnlyList<string> Warnings { get; init; } = [];

        public IReadOnlyList<ModelCoefficientRow> Rows(double level)
        {
            double q = DfResidual > 0 ? Probability.StudentTQuantile(DfResidual, 1 - (1 - level) / 2) : double.NaN;
            return Terms.Select((t, k) =>
            {
                double b = Estimates[k], se = Se[k], z = b / se;
                double p = double.IsNaN(z) || DfResidual <= 0 ? double.NaN : 2 * Probability.StudentTCdf(DfResidual, -Math.Abs(z));
                return new ModelCoefficientRow(t, b, se, z, p, b - q * se, b + q * se) { IsThreshold = IsThreshold[k] };
            }).ToList();
        }
    }

    private static Fitted Single(DataFrame frame, GlmRequest q, string family)
    {
        var design = q.Design.Build(frame);
        bool[]? domain = q.Subset is null ? null : RowFilter.Evaluate(frame, q.Subset);
        if (domain is not null && !domain.Any(x => x))
            throw new CohesionException($"the subset \"{q.Subset}\" selects no rows", frame.Source);
        if (family == "ordinal")
        {
            var o = SurveyOrdinalRegression.Fit(design, frame, q.Formula, domain, q.Levels);
            int p = o.Terms.Length;
            return new Fitted(o.Terms, o.Estimates, o.Covariance, o.StandardErrors(), o.DfResidual, double.NaN, o.N, design.HasReplicates,
                Enumerable.Range(0, p).Select(k => k >= o.SlopeCount).ToArray());
        }
        var fit = SurveyGlm.Fit(design, frame, q.Formula, GlmFamily.Parse(family), domain);
        return new Fitted(fit.ColumnNames, fit.Coefficients, fit.Covariance, fit.StandardErrors(), fit.DfResidual, fit.Dispersion, fit.N, design.HasReplicates,
            new bool[fit.ColumnNames.Length]) { Warnings = GlmWarnings(fit.Fit) };
    }

    /// <summary>The warnings R's <c>glm.fit</c> and <c>summary.glm</c> give for this fit, in R's words.</summary>
    public static IReadOnlyList<string> GlmWarnings(GlmFit fit)
    {
        var w = new List<string>();
        if (!fit.Converged) w.Add($"algorithm did not converge in {fit.Iterations} iterations: the estimates are not reliable");
        if (fit.Boundary)
            w.Add(fit.Family.Name.Contains("binomial")
                ? "fitted probabilities numerically 0 or 1 occurred: (quasi-)complete separation is likely; coefficients and standard errors are not reliable"
                : "fitted rates numerically 0 occurred: coefficients and standard errors are not reliable");
        var aliased = fit.ColumnNames.Where((_, j) => fit.Aliased[j]).ToList();
        if (aliased.Count > 0)
            w.Add($"{aliased.Count} coefficient(s) not defined because of singularities: {string.Join(", ", aliased)}");
        return w;
    }
}
