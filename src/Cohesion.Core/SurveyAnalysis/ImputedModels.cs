using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Imputation;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;

namespace Cohesion.SurveyAnalysis;

/// <summary>A model pooled over stacked imputations: MIcombine's coefficients, SEs, df and fmi (t tests and intervals on
/// that df), the per-imputation fits kept for what is not pooled.</summary>
public sealed record PooledModel(IReadOnlyList<ModelCoefficientRow> Coefficients, int Imputations, int N);

/// <summary>
/// <c>panel</c> and <c>mixed</c> on stacked imputed data: the model fitted on every imputation, the coefficients pooled
/// as <c>mitools::MIcombine(lapply(fits, coef), lapply(fits, vcov))</c> (for mixed models the fixed effects and their
/// covariance, <c>fixef</c> and <c>vcov</c>).
/// </summary>
public static class ImputedModels
{
    /// <param name="completeDf">MIcombine's <c>df.complete</c> (Barnard–Rubin df); +∞ as R's default.</param>
    public static (PooledModel Pooled, IReadOnlyList<RegressionResult> Fits) Panel(DataFrame frame, ModelFormula formula, RegressionOptions options, string imputationColumn, double level,
        double completeDf = double.PositiveInfinity)
    {
        var sets = Imputations.Split(frame, imputationColumn);
        var fits = sets.Select(s => LinearModel.Fit(s.Frame, formula, options)).ToList();
        var terms = fits[0].Coefficients.Select(c => c.Term).ToArray();
        Same(frame, imputationColumn, sets, fits.Select(f => f.Coefficients.Select(c => c.Term).ToArray()).ToList());
        var pooled = RubinsRules.Combine(fits.Select(f => f.Coefficients.Select(c => c.Estimate).ToArray()).ToList(), fits.Select(f => f.Covariance).ToList(), completeDf);
        return (new PooledModel(Rows(terms, pooled, level), sets.Count, fits[0].N), fits);
    }

    public static (PooledModel Pooled, IReadOnlyList<MixedResult> Fits) Mixed(DataFrame frame, ModelFormula formula, MixedOptions options, string imputationColumn, double level,
        double completeDf = double.PositiveInfinity)
    {
        var sets = Imputations.Split(frame, imputationColumn);
        var fits = sets.Select(s => LinearMixedModel.Fit(s.Frame, formula, options)).ToList();
        var terms = fits[0].Fixed.Select(c => c.Term).ToArray();
        Same(frame, imputationColumn, sets, fits.Select(f => f.Fixed.Select(c => c.Term).ToArray()).ToList());
        var pooled = RubinsRules.Combine(fits.Select(f => f.Fixed.Select(c => c.Estimate).ToArray()).ToList(), fits.Select(f => f.Covariance).ToList(), completeDf);
        return (new PooledModel(Rows(terms, pooled, level), sets.Count, fits[0].N), fits);
    }

    private static void Same(DataFrame frame, string column, IReadOnlyList<(string Name, DataFrame Frame)> sets, List<string[]> terms)
    {
        for (int m = 1; m < terms.Count; m++)
            if (!terms[m].SequenceEqual(terms[0]))
                throw new CohesionException($"imputation '{sets[m].Name}' gives other model terms ({string.Join(", ", terms[m])}) than imputation '{sets[0].Name}' ({string.Join(", ", terms[0])})",
                    frame.Source, column);
    }

    private static List<ModelCoefficientRow> Rows(string[] terms, PooledEstimates p, double level) =>
        terms.Select((t, k) =>
        {
            double b = p.Estimates[k], se = p.StandardError(k);
            var (lo, hi) = p.Interval(k, level);
            return new ModelCoefficientRow(t, b, se, b / se, p.PValue(k), lo, hi) { Df = p.Df[k], Fmi = p.Fmi[k] };
        }).ToList();
}
