using Cohesion.Statistics;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Survey;

namespace Cohesion.Trends;

/// <summary>The year coefficient of a design-based GLM <c>y ~ year</c> on a domain.</summary>
public sealed record SlopeFit(double Slope, double StandardError, double P, string Scale, int DfResidual);

/// <summary>
/// The linear trend of one variable in one domain: <c>svyglm(y ~ year, subset(design, by == g), family)</c> with
/// family quasibinomial for a 0/1 variable (slope on the logit scale) and gaussian otherwise; rows outside the domain
/// or with a missing value keep their place in the design (R's subset of a survey design), so the variance comes from
/// the full design. SE and p-value as R's <c>summary.svyglm</c> (t on the design's residual degrees of freedom).
/// </summary>
public static class TrendSlope
{
    public static (SlopeFit? Fit, string? Note) Fit(SurveyDesign design, double[] y, double[] year, int[]? groupCode, int group)
    {
        var rows = new List<int>();
        bool binary = true;
        for (int i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i])) continue;
            if (groupCode is not null && groupCode[i] != group) continue;
            rows.Add(i);
            if (y[i] != 0 && y[i] != 1) binary = false;
        }
        if (rows.Count < 3) return (null, "too few observations for a trend");
        int m = rows.Count;
        var values = new double[2 * m];
        var yy = new double[m];
        for (int r = 0; r < m; r++) { values[r] = 1; values[m + r] = year[rows[r]]; yy[r] = y[rows[r]]; }
        var x = new DesignMatrix { Values = values, RowCount = m, ColumnNames = ["(Intercept)", "year"], Rows = rows.ToArray(), TermIndex = [-1, 0] };
        try
        {
            bool[]? domain = null;
            if (groupCode is not null)
            {
                domain = new bool[y.Length];
                for (int i = 0; i < y.Length; i++) domain[i] = groupCode[i] == group;
            }
            var fit = SurveyGlm.Fit(design, x, yy, binary ? GlmFamily.QuasiBinomial : GlmFamily.Gaussian, domain);
            var se = fit.StandardErrors();
            var (_, p) = fit.TTests();
            if (fit.Fit.Aliased[1]) return (null, "the year is constant in this domain; no trend");
            return (new SlopeFit(fit.Coefficients[1], se[1], p[1], binary ? "logit" : "linear", fit.DfResidual), null);
        }
        catch (CohesionException ex)
        {
            return (null, $"no trend ({ex.Message})");
        }
    }
}
