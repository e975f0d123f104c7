using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Glm;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Survey;

/// <summary>The interval methods of R's <c>svyciprop</c>.</summary>
public enum ProportionInterval
{
    /// <summary>Intercept-only quasibinomial <c>svyglm</c>: expit(logit p̂ ± t·SE) on the design df.</summary>
    Logit,
    /// <summary>Korn–Graubard: beta quantiles with the effective sample size adjusted by the design df.</summary>
    Beta,
    /// <summary>p̂ ± t·SE on the design df.</summary>
    Mean,
}

/// <summary>A proportion with its design-based SE (of the mean) and a <c>svyciprop</c> interval.</summary>
public sealed record SurveyProportionEstimate(double Estimate, double StandardError, double CiLower, double CiUpper, int N, double Df);

/// <summary>
/// Confidence intervals for proportions exactly as R's <c>svyciprop(~y, design, method, level)</c> (and
/// <c>svyby(~y, ~g, design, svyciprop, vartype="ci")</c> for domains): <see cref="ProportionInterval.Logit"/> fits the
/// intercept-only quasibinomial model (<see cref="SurveyGlm"/>, so replicate designs refit it per replicate),
/// <see cref="ProportionInterval.Beta"/> is Korn and Graubard's, <see cref="ProportionInterval.Mean"/> the t interval.
/// The degrees of freedom are R's default <c>degf(design)</c> of the (domain) design, missing values included; the SE
/// is that of <c>svymean</c>. <paramref name="y"/> holds 0/1 values (NaN = missing).
/// </summary>
public static class SurveyProportion
{
    public static SurveyProportionEstimate[] IntervalBy(SurveyDesign design, double[] y, ProportionInterval method, int[]? domains, int domainCount,
        double level = SurveyEstimator.DefaultLevel)
    {
        int n = design.RowCount;
        if (y.Length != n) throw new ArgumentException("variable length differs from the design");
        for (int i = 0; i < n; i++)
            if (!double.IsNaN(y[i]) && y[i] != 0 && y[i] != 1 && method != ProportionInterval.Mean)
                throw new CohesionException($"a proportion interval ({method.ToString().ToLowerInvariant()}) needs a 0/1 variable; got {y[i]}", row: i + 1);
        var means = SurveyEstimator.MeanBy(design, y, domains, domainCount, level);
        double alpha = 1 - level;
        var result = new SurveyProportionEstimate[domainCount];
        for (int d = 0; d < domainCount; d++)
        {
            var m = means[d];
            var rows = Enumerable.Range(0, n).Where(i => domains is null || domains[i] == d).ToArray();
            if (m.N == 0) { result[d] = new SurveyProportionEstimate(double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN); continue; }
            double df = DesignModelSupport.DegreesOfFreedom(design, rows);
            double p = m.Estimate, se = m.StandardError, lo, hi;
            switch (method)
            {
                case ProportionInterval.Mean:
                {
                    double t = SurveyQuantile.Critical(df, 1 - alpha / 2);
                    (lo, hi) = (p - t * se, p + t * se);
                    break;
                }
                case ProportionInterval.Beta:
                {
                    // nrow(design): the rows of the (domain) design — all rows of a calibrated Taylor design
                    int nrow = !design.HasReplicates && design.IsCalibrated ? n : rows.Length;
                    double nEff = p * (1 - p) / (se * se);
                    double ratio = StudentT.InvCDF(0, 1, nrow - 1, alpha / 2) / StudentT.InvCDF(0, 1, df, alpha / 2);
                    nEff *= ratio * ratio;
                    lo = BetaQuantile(alpha / 2, nEff * p, nEff * (1 - p) + 1);
                    hi = BetaQuantile(1 - alpha / 2, nEff * p + 1, nEff * (1 - p));
                    break;
                }
                default:
                {
                    bool[]? domain = domains is null ? null : domains.Select(c => c == d).ToArray();
                    var fit = InterceptOnly(design, y, domain);
                    double b = fit.Coefficients[0], sb = fit.StandardErrors()[0];
                    double t = SurveyQuantile.Critical(df, 1 - alpha / 2);
                    (lo, hi) = (Expit(b - t * sb), Expit(b + t * sb));
                    p = Expit(b);
                    break;
                }
            }
            result[d] = new SurveyProportionEstimate(p, se, lo, hi, m.N, df);
        }
        return result;
    }

    private static double Expit(double x) => 1 - 1 / (1 + Math.Exp(x));

    /// <summary><c>svyglm(y ~ 1, design, family = quasibinomial)</c> on the domain's rows with y present.</summary>
    private static SurveyGlmFit InterceptOnly(SurveyDesign design, double[] y, bool[]? domain)
    {
        var rows = Enumerable.Range(0, design.RowCount).Where(i => (domain is null || domain[i]) && !double.IsNaN(y[i])).ToArray();
        var ones = new double[rows.Length];
        Array.Fill(ones, 1.0);
        var x = new DesignMatrix { Values = ones, RowCount = rows.Length, ColumnNames = ["(Intercept)"], Rows = rows, TermIndex = [-1] };
        return SurveyGlm.Fit(design, x, rows.Select(i => y[i]).ToArray(), GlmFamily.QuasiBinomial, domain);
    }

    /// <summary>qbeta(p, a, b): MathNet's inverse refined by Newton steps on the regularised incomplete beta function,
    /// for R's precision.</summary>
    internal static double BetaQuantile(double p, double a, double b)
    {
        if (!(a > 0) || !(b > 0) || double.IsNaN(p)) return double.NaN;
        double x = Beta.InvCDF(a, b, p);
        for (int it = 0; it < 50; it++)
        {
            double f = MathNet.Numerics.SpecialFunctions.BetaRegularized(a, b, x) - p;
            double dens = Beta.PDF(a, b, x);
            if (!(dens > 0) || !double.IsFinite(dens)) break;
            double step = f / dens;
            double nx = Math.Clamp(x - step, x / 2, x + (1 - x) / 2);
            if (Math.Abs(nx - x) <= 1e-15 * Math.Max(1, Math.Abs(x))) { x = nx; break; }
            x = nx;
        }
        return x;
    }
}
