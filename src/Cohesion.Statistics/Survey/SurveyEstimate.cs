namespace Cohesion.Statistics.Survey;

/// <summary>
/// One design-based estimate: the point estimate, its standard error (Taylor-linearised or replicate), the
/// confidence interval (normal quantile, R's <c>confint()</c> default), the design effects and the sample size.
/// Immutable; printing is the caller's business.
/// </summary>
/// <param name="Estimate">Mean, proportion, total or ratio (NaN for an empty domain).</param>
/// <param name="StandardError">Square root of the design-based variance.</param>
/// <param name="CiLower">Lower confidence limit, <c>estimate − z·se</c>.</param>
/// <param name="CiUpper">Upper confidence limit.</param>
/// <param name="Deff">Design effect against simple random sampling without replacement (R's <c>deff=TRUE</c>).</param>
/// <param name="DeffReplacement">Design effect against simple random sampling with replacement (R's <c>deff="replace"</c>).</param>
/// <param name="N">Unweighted number of non-missing observations used (in the domain).</param>
/// <param name="WeightedN">Sum of the weights of those observations.</param>
public sealed record SurveyEstimate(
    double Estimate, double StandardError, double CiLower, double CiUpper,
    double Deff, double DeffReplacement, int N, double WeightedN)
{
    public double Variance => StandardError * StandardError;
}
