using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Survey;

/// <summary>One design-based quantile: R's <c>svyquantile(~y, design, q, ci=TRUE)</c> (qrule "math",
/// interval.type "mean"): the estimate, Woodruff's interval and the SE derived from its width.</summary>
/// <param name="Probability">The quantile's probability q.</param>
/// <param name="Df">Design degrees of freedom used for the interval (R's <c>degf</c>).</param>
public sealed record SurveyQuantileEstimate(double Probability, double Estimate, double StandardError, double CiLower, double CiUpper, int N, double Df);

/// <summary>
/// Design-based quantiles exactly as R survey 4.x's <c>svyquantile</c> with its defaults: the quantile by
/// <c>qrule="math"</c> (the smallest value whose weighted cumulative share reaches q), Woodruff's confidence interval
/// with <c>interval.type="mean"</c> (the design-based interval of the share of values ≤ the estimate, on the design's
/// degrees of freedom, mapped back through the same quantile rule), and SE = interval width / (2·t). Missing values are
/// dropped (<c>na.rm=TRUE</c>); domains are subsets of the design (R's <c>svyby(..., svyquantile)</c>) with the
/// share's variance from the full design. Taylor and replicate designs, calibrated or not.
/// </summary>
public static class SurveyQuantile
{
    public static SurveyQuantileEstimate[] Quantiles(SurveyDesign design, double[] y, IReadOnlyList<double> probabilities, double level = SurveyEstimator.DefaultLevel) =>
        QuantilesBy(design, y, probabilities, null, 1, level)[0];

    /// <summary>Quantiles per domain: result[domain][quantile].</summary>
    public static SurveyQuantileEstimate[][] QuantilesBy(SurveyDesign design, double[] y, IReadOnlyList<double> probabilities, int[]? domains, int domainCount, double level = SurveyEstimator.DefaultLevel)
    {
        int n = design.RowCount;
        if (y.Length != n) throw new ArgumentException("variable length differs from the design");
        foreach (var p in probabilities)
            if (!(p >= 0 && p <= 1)) throw new CohesionException($"quantile probabilities must be between 0 and 1, got {p}");
        if (!(level > 0 && level < 1)) throw new ArgumentException("level must be in (0, 1)");
        var w = design.Weights.ToArray();
        double alpha = 1 - level;
        var result = new SurveyQuantileEstimate[domainCount][];
        for (int d = 0; d < domainCount; d++)
        {
            var rows = new List<int>();
            for (int i = 0; i < n; i++)
                if ((domains is null || domains[i] == d) && !double.IsNaN(y[i])) rows.Add(i);
            result[d] = new SurveyQuantileEstimate[probabilities.Count];
            if (rows.Count == 0)
            {
                for (int k = 0; k < probabilities.Count; k++)
                    result[d][k] = new SurveyQuantileEstimate(probabilities[k], double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN);
                continue;
            }
            var rowArray = rows.ToArray();
            // the variable sorted once (R's order(): ties keep row order); zero weights are dropped by the rule
            var sorted = rowArray.Where(i => w[i] != 0).OrderBy(i => y[i]).ToArray();
            var xs = sorted.Select(i => y[i]).ToArray();
            // cumulative weights as R forms them (cumsum and sum accumulate in long double): a compensated (double-double)
            // sum, rounded once, so that a cumulative share that hits q exactly is recognised as R recognises it
            var cum = new double[sorted.Length];
            double accHi = 0, accLo = 0;
            for (int j = 0; j < sorted.Length; j++)
            {
                double v = w[sorted[j]], sum = accHi + v;
                double bp = sum - accHi, err = (accHi - (sum - bp)) + (v - bp);
                accLo += err;
                accHi = sum + accLo;
                accLo -= accHi - sum;
                cum[j] = accHi;
            }
            double df = DesignModelSupport.DegreesOfFreedom(design, rowArray);
            double t = Critical(df, 1 - alpha / 2);
            var dom = new int[n];
            Array.Fill(dom, -1);
            foreach (var i in rowArray) dom[i] = 0;
            for (int k = 0; k < probabilities.Count; k++)
            {
                double p = probabilities[k];
                double q = MathRule(xs, cum, p);
                // share of values at or below the estimate, with its design-based SE (svymean(x <= qhat, design))
                var below = new double[n];
                for (int i = 0; i < n; i++) below[i] = dom[i] >= 0 ? (y[i] <= q ? 1 : 0) : double.NaN;
                var m = SurveyEstimator.MeanBy(design, below, dom, 1, level)[0];
                double lo = m.Estimate - t * m.StandardError, hi = m.Estimate + t * m.StandardError;
                double qlo = double.IsNaN(lo) || lo < 0 ? double.NaN : MathRule(xs, cum, lo);
                double qhi = double.IsNaN(hi) || hi > 1 ? double.NaN : MathRule(xs, cum, hi);
                double se = (qhi - qlo) / (2 * t);
                result[d][k] = new SurveyQuantileEstimate(p, q, se, qlo, qhi, rowArray.Length, df);
            }
        }
        return result;
    }

    /// <summary>R's <c>qrule_math</c> on values sorted ascending with cumulative weights: the value at the last position
    /// whose cumulative weight is ≤ p·Σw when it hits p exactly, otherwise the next value.</summary>
    internal static double MathRule(double[] sortedValues, double[] cumulativeWeights, double p)
    {
        int n = sortedValues.Length;
        double total = cumulativeWeights[n - 1];
        int pos = -1;
        for (int j = 0; j < n; j++) if (cumulativeWeights[j] <= p * total) pos = j;
        if (pos < 0) pos = 0; // R's last(): 1 when no position qualifies
        int next = pos == n - 1 ? pos : pos + 1;
        double wlow = p - cumulativeWeights[pos] / total;
        return wlow == 0 ? sortedValues[pos] : sortedValues[next];
    }

    internal static double Critical(double df, double p) =>
        double.IsPositiveInfinity(df) ? Normal.InvCDF(0, 1, p) : df > 0 ? StudentT.InvCDF(0, 1, df, p) : double.NaN;
}
