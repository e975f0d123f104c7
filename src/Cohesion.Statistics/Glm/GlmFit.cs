using Cohesion.Statistics.Formula;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// The result of <see cref="GeneralizedLinearModel.Fit"/> (and <see cref="LogisticRegression.Fit"/>): what R's
/// <c>glm</c> object and <c>summary.glm</c> hold.
/// Arrays over coefficients are in model-matrix column order (aliased columns: NaN); arrays over observations are
/// per design row (see <see cref="DesignMatrix.Rows"/> for the data row).
/// </summary>
public sealed class GlmFit
{
    public required GlmFamily Family { get; init; }
    public required string[] ColumnNames { get; init; }
    public required double[] Coefficients { get; init; }
    public required bool[] Aliased { get; init; }
    public required int Rank { get; init; }
    /// <summary>(XᵀWX)⁻¹ (p × p row-major; NaN in rows/columns of aliased coefficients) = <c>summary(fit)$cov.unscaled</c>.</summary>
    public required double[] CovUnscaled { get; init; }
    public required double Deviance { get; init; }
    public required double NullDeviance { get; init; }
    public required double Aic { get; init; }
    public required int Iterations { get; init; }
    public required bool Converged { get; init; }
    /// <summary>Fitted probabilities numerically 0 or 1 occurred (R's warning; often quasi-separation).</summary>
    public required bool Boundary { get; init; }
    public required int DfResidual { get; init; }
    public required int DfNull { get; init; }
    public required double[] Fitted { get; init; }
    public required double[] LinearPredictor { get; init; }
    public required double[] PriorWeights { get; init; }
    public required double[] Response { get; init; }
    /// <summary>IRLS working weights of the last iteration (<c>fit$weights</c>).</summary>
    public required double[] WorkingWeights { get; init; }
    /// <summary><c>residuals(fit, "working")</c>.</summary>
    public required double[] WorkingResiduals { get; init; }
    public required DesignMatrix Design { get; init; }

    public int CoefficientCount => Coefficients.Length;
    public int ObservationCount => Fitted.Length;

    /// <summary>Model-based standard errors with dispersion 1 (binomial and poisson families).</summary>
    public double[] StandardErrors() => StandardErrors(CovUnscaled);

    /// <summary>Standard errors from the diagonal of a covariance matrix over the coefficients.</summary>
    public double[] StandardErrors(ReadOnlySpan<double> covariance)
    {
        int p = CoefficientCount;
        var se = new double[p];
        for (int j = 0; j < p; j++) se[j] = Aliased[j] ? double.NaN : Math.Sqrt(covariance[j * p + j]);
        return se;
    }

    /// <summary>Wald z statistics and two-sided normal p-values as <c>summary.glm</c> prints for the binomial and
    /// poisson families.</summary>
    public (double[] Z, double[] P) WaldTests()
    {
        var se = StandardErrors();
        int p = CoefficientCount;
        var z = new double[p];
        var pv = new double[p];
        for (int j = 0; j < p; j++)
        {
            z[j] = Coefficients[j] / se[j];
            pv[j] = double.IsNaN(z[j]) ? double.NaN : 2 * Normal.CDF(0, 1, -Math.Abs(z[j]));
        }
        return (z, pv);
    }

    /// <summary>Index of the coefficient with R column name <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(ColumnNames, name);

    /// <summary>
    /// Influence functions of the coefficients, one row per design row (n × p column-major; columns of aliased
    /// coefficients are zero): <c>estfun %*% Ainv</c> with <c>estfun = X · w_working · r_working</c> and
    /// <c>Ainv = cov.unscaled</c>, exactly what <c>survey:::svy.varcoef</c> passes to <c>svyrecvar</c>. The design
    /// covariance of their totals is the sandwich covariance of the coefficients.
    /// </summary>
    public double[] InfluenceFunctions()
    {
        int n = ObservationCount, p = CoefficientCount;
        var x = Design.Values;
        var infl = new double[n * p];
        var score = new double[p];
        var ainv = CovUnscaled;
        for (int i = 0; i < n; i++)
        {
            double f = WorkingWeights[i] * WorkingResiduals[i];
            for (int j = 0; j < p; j++) score[j] = Aliased[j] ? 0 : x[j * n + i] * f;
            for (int k = 0; k < p; k++)
            {
                if (Aliased[k]) continue;
                double s = 0;
                for (int j = 0; j < p; j++) if (!Aliased[j]) s += score[j] * ainv[j * p + k];
                infl[k * n + i] = s;
            }
        }
        return infl;
    }

    /// <summary>Linear predictor for one row of covariate values given in model-matrix column order.</summary>
    public double LinearPredictorOf(ReadOnlySpan<double> row) => LinearPredictorOf(row, Coefficients);

    /// <summary>Linear predictor for one row under an alternative coefficient vector (e.g. a draw).</summary>
    public double LinearPredictorOf(ReadOnlySpan<double> row, ReadOnlySpan<double> coefficients)
    {
        double s = 0;
        for (int j = 0; j < row.Length; j++) if (!Aliased[j] && row[j] != 0) s += row[j] * coefficients[j];
        return s;
    }
}
