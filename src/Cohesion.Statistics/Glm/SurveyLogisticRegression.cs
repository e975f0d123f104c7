using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Survey;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// A design-based logistic regression, R's <c>svyglm(formula, design, family = quasibinomial)</c>: the quasibinomial
/// case of <see cref="SurveyGlm"/> (Taylor or replicate variance as the design declares).
/// </summary>
public static class SurveyLogisticRegression
{
    /// <summary>
    /// Fits the model on the rows of <paramref name="x"/> (complete cases; <see cref="DesignMatrix.Rows"/> index the
    /// design's rows) with responses <paramref name="y"/> per model row. Rows of the design left out of the model
    /// (missing values) contribute zero to the score totals but keep their place in the design, as R's survey package
    /// does when it subsets a design.
    /// </summary>
    public static SurveyGlmFit Fit(SurveyDesign design, DesignMatrix x, ReadOnlySpan<double> y, GlmControl? control = null) =>
        SurveyGlm.Fit(design, x, y, GlmFamily.QuasiBinomial, null, control);
}
