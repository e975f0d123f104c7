using Cohesion.Statistics.Inference;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// A design-based generalized linear model: what <c>summary(svyglm(formula, design, family))</c> reports. The
/// coefficients are those of the weighted <see cref="GlmFit"/>; <see cref="Covariance"/> is the design-based
/// covariance (Taylor sandwich <c>A⁻¹ V A⁻¹</c>, or the replicate variance of refitted coefficients); t statistics
/// and p-values use <see cref="DfResidual"/> = design degrees of freedom + 1 − rank, as <c>summary.svyglm</c>.
/// Arrays over coefficients are in model-matrix column order; aliased coefficients are NaN.
/// </summary>
public sealed class SurveyGlmFit
{
    /// <summary>The weighted fit (prior weights = design weights rescaled to mean 1, as <c>svyglm</c>).</summary>
    public required GlmFit Fit { get; init; }
    /// <summary>Design-based covariance of the coefficients (p × p row-major; NaN for aliased) = <c>vcov(svyglm)</c>.</summary>
    public required double[] Covariance { get; init; }
    /// <summary>Residual degrees of freedom: design df (of the rows used) + 1 − rank, as <c>svyglm</c>.</summary>
    public required int DfResidual { get; init; }
    /// <summary><c>summary(svyglm)$dispersion</c>: the design-weighted variance of the Pearson residuals (Taylor
    /// designs, <c>svyvar</c>) or their weighted mean square (replicate designs). Reported for every family.</summary>
    public required double Dispersion { get; init; }
    /// <summary>Data rows used (complete cases in the domain), in model order.</summary>
    public required int[] Rows { get; init; }
    /// <summary>Null for Taylor linearisation, else the number of replicate fits that entered the variance.</summary>
    public int? ReplicatesUsed { get; init; }

    public GlmFamily Family => Fit.Family;
    public string[] ColumnNames => Fit.ColumnNames;
    public double[] Coefficients => Fit.Coefficients;
    /// <summary>Observations used.</summary>
    public int N => Rows.Length;

    public double[] StandardErrors() => Fit.StandardErrors(Covariance);

    /// <summary>t statistics and two-sided p-values on <see cref="DfResidual"/> degrees of freedom (<c>summary.svyglm</c>;
    /// NaN p-values when the degrees of freedom are not positive).</summary>
    public (double[] T, double[] P) TTests()
    {
        var se = StandardErrors();
        int p = se.Length;
        var t = new double[p];
        var pv = new double[p];
        for (int j = 0; j < p; j++)
        {
            t[j] = Fit.Coefficients[j] / se[j];
            pv[j] = double.IsNaN(t[j]) || DfResidual <= 0 ? double.NaN : 2 * StudentT.CDF(0, 1, DfResidual, -Math.Abs(t[j]));
        }
        return (t, pv);
    }

    /// <summary>The coefficient table (estimable and aliased coefficients, in model-matrix order) with Wald intervals on
    /// the residual degrees of freedom, as <c>confint(svyglm)</c>.</summary>
    public Inference.CoefficientTable CoefficientTable(double level = 0.95) =>
        Inference.CoefficientTable.Wald(ColumnNames, Fit.Coefficients, Covariance, level, DfResidual, ReplicatesUsed is null ? "design (Taylor)" : "design (replicates)");

    /// <summary>The row of <see cref="CoefficientTable"/> for term <paramref name="term"/> (R's column name, e.g.
    /// <c>year</c> or <c>factor(g)b</c>).</summary>
    public Coefficient this[string term]
    {
        get
        {
            int j = Fit.IndexOf(term);
            if (j < 0) throw new KeyNotFoundException($"no coefficient '{term}' (terms: {string.Join(", ", ColumnNames)})");
            return CoefficientTable()[j];
        }
    }

    /// <summary>exp(coefficient) with exp of the Wald interval (odds ratios for the logit link, rate ratios for the log
    /// link) = <c>exp(cbind(coef(fit), confint(fit)))</c>.</summary>
    public IReadOnlyList<(string Term, double Ratio, double Lower, double Upper)> ExponentiatedCoefficients(double level = 0.95) =>
        CoefficientTable(level).Select(c => (c.Term, Math.Exp(c.Estimate), Math.Exp(c.CiLower), Math.Exp(c.CiUpper))).ToList();
}
