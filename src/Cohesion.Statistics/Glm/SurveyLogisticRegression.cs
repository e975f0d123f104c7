using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Survey;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// A design-based logistic regression: R's <c>svyglm(formula, design, family = quasibinomial)</c>. The
/// coefficients are those of the weighted <see cref="LogisticFit"/>; <see cref="Covariance"/> is the sandwich
/// <c>A⁻¹ V A⁻¹</c> where V is the design covariance of the score totals (multistage Taylor linearisation of the
/// survey library, strata, clusters, fpc, lonely-PSU rule and calibration as declared in the design).
/// </summary>
public sealed class SurveyLogisticFit
{
    public required LogisticFit Fit { get; init; }
    /// <summary>Design-based covariance of the coefficients (p × p row-major; NaN for aliased) = <c>vcov(svyglm)</c>.</summary>
    public required double[] Covariance { get; init; }
    /// <summary>Residual degrees of freedom: design df (PSUs − strata with data) + 1 − rank, as <c>svyglm</c>.</summary>
    public required int DfResidual { get; init; }

    public string[] ColumnNames => Fit.ColumnNames;
    public double[] Coefficients => Fit.Coefficients;
    public double[] StandardErrors() => Fit.StandardErrors(Covariance);

    /// <summary>t statistics and two-sided p-values on <see cref="DfResidual"/> degrees of freedom (<c>summary.svyglm</c>).</summary>
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
}

public static class SurveyLogisticRegression
{
    /// <summary>
    /// Fits the model on the rows of <paramref name="x"/> (complete cases; <see cref="DesignMatrix.Rows"/> index the
    /// design's rows) with responses <paramref name="y"/> per design row. Rows of the design left out of the model
    /// (missing values) contribute zero to the score totals but keep their place in the design, as R's survey package
    /// does when it subsets a design.
    /// </summary>
    public static SurveyLogisticFit Fit(SurveyDesign design, DesignMatrix x, ReadOnlySpan<double> y, GlmControl? control = null)
    {
        if (design.HasReplicates)
            throw new ModelException("design-based logistic regression with replicate weights is not supported; declare the design with strata and clusters (Taylor linearisation)");
        int n = design.RowCount, m = x.RowCount;
        var dw = design.Weights;
        double meanW = 0;
        for (int i = 0; i < n; i++) meanW += dw[i];
        meanW /= n;
        var w = new double[m];
        for (int r = 0; r < m; r++)
        {
            int row = x.Rows[r];
            if ((uint)row >= (uint)n) throw new ArgumentException("design matrix rows do not belong to the survey design");
            w[r] = dw[row] / meanW; // svyglm's rescaled prior weights (mean 1); the sandwich does not depend on the scale
        }
        var fit = LogisticRegression.Fit(x, y, w, control);
        int p = fit.CoefficientCount;
        var infl = fit.InfluenceFunctions(); // m × p column-major
        var covariance = DesignCovariance(design, x.Rows, infl, m, p, fit.Aliased);

        // degrees of freedom of the design restricted to rows with data (R: degf of the subsetted design)
        var stage = design.Stages[0];
        var psuSeen = new bool[stage.UnitCount];
        var stratumSeen = new bool[stage.GroupCount];
        int psus = 0, strata = 0;
        for (int r = 0; r < m; r++)
        {
            if (fit.PriorWeights[r] <= 0) continue;
            int u = stage.UnitOfRow[x.Rows[r]];
            if (!psuSeen[u]) { psuSeen[u] = true; psus++; }
            int g = stage.GroupOfUnit[u];
            if (!stratumSeen[g]) { stratumSeen[g] = true; strata++; }
        }
        return new SurveyLogisticFit { Fit = fit, Covariance = covariance, DfResidual = psus - strata + 1 - fit.Rank };
    }

    /// <summary>
    /// Design covariance of the totals of influence columns (m × p column-major over the rows <paramref name="rows"/>
    /// of the design): the diagonal from the survey library's multistage Taylor variance, the off-diagonal by
    /// polarisation, Cov(a, b) = [V(a + b) − V(a) − V(b)] / 2, which is exact because the variance is a quadratic form.
    /// </summary>
    public static double[] DesignCovariance(SurveyDesign design, ReadOnlySpan<int> rows, ReadOnlySpan<double> influence, int m, int p, bool[]? skip = null)
    {
        int n = design.RowCount;
        var active = new List<int>(p);
        for (int j = 0; j < p; j++) if (skip is null || !skip[j]) active.Add(j);
        int a = active.Count;
        int pairs = a * (a - 1) / 2;
        int kk = a + pairs;
        var z = new double[(long)n * kk];
        for (int r = 0; r < m; r++)
        {
            int row = rows[r];
            int off = row * kk;
            for (int i = 0; i < a; i++) z[off + i] = influence[active[i] * m + r];
            int c = a;
            for (int i = 0; i < a; i++)
            for (int j = i + 1; j < a; j++, c++)
                z[off + c] = z[off + i] + z[off + j];
        }
        if (design.IsCalibrated) Calibrator.Residualize(design, z, kk);
        var v = TaylorVariance.Compute(design, null, 1, z, kk);
        var cov = new double[p * p];
        Array.Fill(cov, double.NaN);
        for (int i = 0; i < a; i++) cov[active[i] * p + active[i]] = v[i];
        int q = a;
        for (int i = 0; i < a; i++)
        for (int j = i + 1; j < a; j++, q++)
        {
            double cij = (v[q] - v[i] - v[j]) / 2;
            cov[active[i] * p + active[j]] = cij;
            cov[active[j] * p + active[i]] = cij;
        }
        return cov;
    }
}
