using Cohesion.Statistics.Formula;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// Weighted logistic regression (binomial family, logit link): <see cref="GeneralizedLinearModel.Fit"/> with
/// <see cref="GlmFamily.Binomial"/>, exactly R's <c>glm.fit</c> (starting values <c>(w y + 0.5)/(w + 1)</c>, pivoted QR,
/// convergence rule and R's clamped logit link). Prior weights may be non-integer (survey weights: R's quasibinomial /
/// <c>svyglm</c> gives the same coefficients). The static link helpers are R's <c>binomial()</c> functions.
/// </summary>
public static class LogisticRegression
{
    /// <summary>R's <c>binomial()$linkinv</c> (C logit_linkinv).</summary>
    public static double LinkInverse(double eta) => GlmFamily.Binomial.LinkInverse(eta);

    /// <summary>R's <c>binomial()$mu.eta</c> (C logit_mu_eta).</summary>
    public static double MuEta(double eta) => GlmFamily.Binomial.MuEta(eta);

    public static double Logit(double mu) => Math.Log(mu / (1 - mu));

    /// <summary>Binomial deviance residual contribution (R's <c>binomial()$dev.resids</c>).</summary>
    public static double DevianceResidual(double y, double mu, double w) => GlmFamily.Binomial.DevianceResidual(y, mu, w);

    /// <summary>
    /// Fits <c>glm(y ~ X, family = binomial, weights = w)</c>. <paramref name="x"/> is the model matrix,
    /// <paramref name="y"/> the responses in [0,1] and <paramref name="weights"/> the prior weights (empty = all 1),
    /// both indexed by design row.
    /// </summary>
    public static GlmFit Fit(DesignMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, GlmControl? control = null) =>
        GeneralizedLinearModel.Fit(x, y, weights, GlmFamily.Binomial, control);
}
