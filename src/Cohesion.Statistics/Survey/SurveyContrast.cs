using MathNet.Numerics.Distributions;
using static Cohesion.Statistics.Survey.SurveyEstimator;

namespace Cohesion.Statistics.Survey;

/// <summary>One linear contrast Σ c_d θ_d of domain estimates with its design-based standard error, normal
/// confidence interval, z statistic and two-sided normal p-value (R: <c>svycontrast</c>, then
/// <c>2·pnorm(−|z|)</c>).</summary>
public sealed record SurveyContrastEstimate(double Estimate, double StandardError, double CiLower, double CiUpper, double Z, double P)
{
    public double Variance => StandardError * StandardError;
}

/// <summary>
/// Linear contrasts of domain estimates, as R's <c>svycontrast(svyby(~y, ~domain, design, svymean, covmat=TRUE),
/// contrasts)</c>: the variance of Σ c_d θ_d is c′Vc with V the full design-based covariance of the domain
/// estimates (not only their variances), so contrasts between domains that share strata or PSUs (waves of a panel,
/// groups within strata) get the covariance right. Taylor designs linearise the contrast (its influence values are
/// Σ c_d z_d) and take its multistage variance from the full design; calibrated designs residualise it on the
/// calibration first; replicate designs take the variance of the replicate contrasts (R's <c>svrVar</c> on the
/// replicate matrix, dropping replicates in which any domain estimate is undefined, as R does). A contrast with a
/// non-zero coefficient on an empty domain is NaN. Estimates use <c>na.rm=TRUE</c> semantics, as
/// <see cref="SurveyEstimator"/>.
/// </summary>
public static class SurveyContrast
{
    /// <summary>Contrasts of domain means (<c>svyby(~y, ~domain, design, svymean, na.rm=TRUE, covmat=TRUE)</c>).
    /// Each contrast has one coefficient per domain code 0..domainCount-1.</summary>
    public static SurveyContrastEstimate[] MeanBy(SurveyDesign design, double[] y, int[] domains, int domainCount,
        IReadOnlyList<double[]> contrasts, double level = DefaultLevel) =>
        Run(design, RatioEngine.Problem.Numeric(y, null, Kind.Mean), domains, domainCount, contrasts, level);

    /// <summary>Contrasts of domain totals (<c>svyby(~y, ~domain, design, svytotal, covmat=TRUE)</c>).</summary>
    public static SurveyContrastEstimate[] TotalBy(SurveyDesign design, double[] y, int[] domains, int domainCount,
        IReadOnlyList<double[]> contrasts, double level = DefaultLevel) =>
        Run(design, RatioEngine.Problem.Numeric(y, null, Kind.Total), domains, domainCount, contrasts, level);

    /// <summary>Contrasts of domain ratios Σwy/Σwx (<c>svyby(~y, ~domain, design, svyratio, denominator=~x, covmat=TRUE)</c>).</summary>
    public static SurveyContrastEstimate[] RatioBy(SurveyDesign design, double[] numerator, double[] denominator, int[] domains, int domainCount,
        IReadOnlyList<double[]> contrasts, double level = DefaultLevel) =>
        Run(design, RatioEngine.Problem.Numeric(numerator, denominator, Kind.Ratio), domains, domainCount, contrasts, level);

    /// <summary>The contrasts "domain d minus domain <paramref name="reference"/>" for every d ≠ reference, in domain order.</summary>
    public static double[][] DifferencesFrom(int reference, int domainCount)
    {
        if (reference < 0 || reference >= domainCount) throw new ArgumentOutOfRangeException(nameof(reference));
        var list = new List<double[]>(domainCount - 1);
        for (int d = 0; d < domainCount; d++)
        {
            if (d == reference) continue;
            list.Add(Difference(d, reference, domainCount));
        }
        return list.ToArray();
    }

    /// <summary>The contrast θ_to − θ_from.</summary>
    public static double[] Difference(int to, int from, int domainCount)
    {
        if (to < 0 || to >= domainCount) throw new ArgumentOutOfRangeException(nameof(to));
        if (from < 0 || from >= domainCount) throw new ArgumentOutOfRangeException(nameof(from));
        var c = new double[domainCount];
        c[to] += 1;
        c[from] -= 1;
        return c;
    }

    /// <summary>A contrast (estimate and variance) of given estimates with a known covariance matrix (row-major
    /// D × D), for callers that hold estimates from elsewhere (R's <c>svycontrast</c> on any <c>svystat</c>).</summary>
    public static SurveyContrastEstimate FromCovariance(ReadOnlySpan<double> estimates, ReadOnlySpan<double> covariance, ReadOnlySpan<double> contrast,
        double level = DefaultLevel)
    {
        int D = estimates.Length;
        if (contrast.Length != D) throw new ArgumentException("the contrast needs one coefficient per estimate");
        if (covariance.Length != D * D) throw new ArgumentException("the covariance must be D × D");
        double est = 0, v = 0;
        for (int i = 0; i < D; i++)
        {
            if (contrast[i] == 0) continue;
            est += contrast[i] * estimates[i];
            for (int j = 0; j < D; j++) if (contrast[j] != 0) v += contrast[i] * covariance[i * D + j] * contrast[j];
        }
        return Make(est, v, level);
    }

    private static SurveyContrastEstimate[] Run(SurveyDesign design, RatioEngine.Problem p, int[] domains, int D,
        IReadOnlyList<double[]> contrasts, double level)
    {
        ArgumentNullException.ThrowIfNull(domains);
        if (level <= 0 || level >= 1) throw new ArgumentException("level must be in (0, 1)");
        int C = contrasts.Count;
        for (int c = 0; c < C; c++)
            if (contrasts[c] is null || contrasts[c].Length != D)
                throw new ArgumentException($"contrast {c + 1} needs {D} coefficients (one per domain)");
        var sums = RatioEngine.Sums(design, p, domains, D);
        var result = new SurveyContrastEstimate[C];
        if (C == 0) return result;

        // point estimates; a non-zero coefficient on an empty domain makes the contrast undefined
        var est = new double[C];
        var defined = new bool[C];
        for (int c = 0; c < C; c++)
        {
            double e = 0;
            bool ok = true;
            for (int d = 0; d < D; d++)
            {
                double k = contrasts[c][d];
                if (k == 0) continue;
                if (sums.Count[d] == 0) { ok = false; break; }
                e += k * sums.Theta[d];
            }
            est[c] = ok ? e : double.NaN;
            defined[c] = ok;
        }

        var variance = design.Replicates is { } reps
            ? ReplicateVariance(design, reps, p, sums, contrasts, est)
            : TaylorContrastVariance(design, p, sums, contrasts);
        for (int c = 0; c < C; c++)
            result[c] = defined[c] ? Make(est[c], variance[c], level)
                : new SurveyContrastEstimate(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        return result;
    }

    /// <summary>Linearised contrasts: influence Σ c_d z_d per row, one column per contrast, multistage variance
    /// over the rows of the domains involved (residualised on the calibration for calibrated designs).</summary>
    private static double[] TaylorContrastVariance(SurveyDesign design, RatioEngine.Problem p, RatioEngine.DomainSums sums,
        IReadOnlyList<double[]> contrasts)
    {
        int n = design.RowCount, C = contrasts.Count;
        var z = RatioEngine.Influence(design, p, sums);
        var zc = new double[(long)n * C];
        var active = new int[n];
        for (int r = 0; r < n; r++)
        {
            int d = sums.Dom[r];
            bool any = false;
            if (d >= 0)
                for (int c = 0; c < C; c++)
                {
                    double k = contrasts[c][d];
                    if (k == 0) continue;
                    zc[(long)r * C + c] = k * z[r];
                    any = true;
                }
            active[r] = any ? 0 : -1;
        }
        if (!design.IsCalibrated) return TaylorVariance.Compute(design, active, 1, zc, C);
        // R keeps every row of a calibrated design (zero weight outside a domain): residualise over all rows
        Calibrator.Residualize(design, zc, C);
        return TaylorVariance.Compute(design, null, 1, zc, C);
    }

    /// <summary>Variance of the replicate contrasts: R drops a replicate in which any (non-empty) domain's estimate
    /// is undefined, for the whole covariance matrix, and so for every contrast.</summary>
    private static double[] ReplicateVariance(SurveyDesign design, ReplicateWeights reps, RatioEngine.Problem p, RatioEngine.DomainSums sums,
        IReadOnlyList<double[]> contrasts, double[] full)
    {
        int D = sums.D, R = reps.Count, C = contrasts.Count;
        var t = reps.ReplicateEstimates(design, p, sums.Dom, D, sums.RatioLike);
        var use = new bool[R];
        for (int r = 0; r < R; r++)
        {
            bool ok = true;
            for (int d = 0; d < D && ok; d++) if (sums.Count[d] > 0 && double.IsNaN(t[r * D + d])) ok = false;
            use[r] = ok;
        }
        var v = new double[C];
        var values = new double[R];
        for (int c = 0; c < C; c++)
        {
            for (int r = 0; r < R; r++)
            {
                double s = 0;
                for (int d = 0; d < D; d++)
                {
                    double k = contrasts[c][d];
                    if (k != 0 && sums.Count[d] > 0) s += k * t[r * D + d];
                }
                values[r] = s;
            }
            v[c] = double.IsNaN(full[c]) ? double.NaN : reps.VarianceOf(values, use, full[c]);
        }
        return v;
    }

    private static SurveyContrastEstimate Make(double est, double variance, double level)
    {
        double se = Math.Sqrt(variance);
        double zq = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double z = est / se;
        double p = double.IsNaN(z) ? double.NaN : 2 * Normal.CDF(0, 1, -Math.Abs(z));
        return new SurveyContrastEstimate(est, se, est - zq * se, est + zq * se, z, p);
    }
}
