using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Imputation;

/// <summary>
/// Estimates pooled over multiply imputed data sets by Rubin's rules, exactly as <c>mitools::MIcombine</c>: the mean of
/// the estimates, total variance W̄ + (1 + 1/m)B (B the between-imputation covariance with divisor m − 1), degrees of
/// freedom (m − 1)(1 + 1/r)² with r = (1 + 1/m)B/W̄ (elementwise, on the diagonal), optionally Barnard–Rubin adjusted
/// for finite complete-data degrees of freedom, and the fraction of missing information (r + 2/(df + 3))/(r + 1).
/// </summary>
/// <param name="Estimates">Pooled estimates (K).</param>
/// <param name="Covariance">Total covariance (K × K row-major).</param>
/// <param name="Df">Degrees of freedom per estimate (R's <c>$df</c>; +∞ when the imputations agree exactly).</param>
/// <param name="Fmi">Fraction of missing information per estimate (R's <c>$missinfo</c>).</param>
/// <param name="Imputations">m.</param>
public sealed record PooledEstimates(double[] Estimates, double[] Covariance, double[] Df, double[] Fmi, int Imputations)
{
    public int Count => Estimates.Length;
    public double StandardError(int k) => Math.Sqrt(Covariance[k * Count + k]);

    /// <summary>Interval estimate ± t(df)·se, as <c>summary(MIresult)</c> (normal quantile when df is infinite).</summary>
    public (double Lower, double Upper) Interval(int k, double level = 0.95)
    {
        double q = Quantile(Df[k], 1 - (1 - level) / 2), se = StandardError(k);
        return (Estimates[k] - q * se, Estimates[k] + q * se);
    }

    /// <summary>Two-sided p-value of estimate/se on the estimate's degrees of freedom.</summary>
    public double PValue(int k)
    {
        double t = Estimates[k] / StandardError(k), df = Df[k];
        if (double.IsNaN(t) || double.IsNaN(df)) return double.NaN;
        return 2 * (double.IsPositiveInfinity(df) ? Normal.CDF(0, 1, -Math.Abs(t)) : StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }

    private static double Quantile(double df, double p) =>
        double.IsPositiveInfinity(df) ? Normal.InvCDF(0, 1, p) : df > 0 ? StudentT.InvCDF(0, 1, df, p) : double.NaN;
}

public static class RubinsRules
{
    /// <summary>Pools per-imputation estimates (each of length K) with their covariances (K × K row-major each).
    /// <paramref name="completeDf"/> is MIcombine's <c>df.complete</c> (default +∞, as R).</summary>
    public static PooledEstimates Combine(IReadOnlyList<double[]> estimates, IReadOnlyList<double[]> covariances, double completeDf = double.PositiveInfinity)
    {
        int m = estimates.Count;
        if (m < 2) throw new CohesionException("pooling imputations needs at least two imputed data sets");
        if (covariances.Count != m) throw new ArgumentException("one covariance per imputation");
        int K = estimates[0].Length;
        foreach (var e in estimates) if (e.Length != K) throw new ArgumentException("every imputation must give the same number of estimates");
        foreach (var v in covariances) if (v.Length != K * K) throw new ArgumentException("covariances must be K × K");
        var cbar = new double[K];
        var vbar = new double[K * K];
        // R: cbar <- results[[1]]; for (i in 2:m) cbar <- cbar + results[[i]]; then / m (the same order of additions)
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < K; k++) cbar[k] += estimates[i][k];
            for (int k = 0; k < K * K; k++) vbar[k] += covariances[i][k];
        }
        for (int k = 0; k < K; k++) cbar[k] /= m;
        for (int k = 0; k < K * K; k++) vbar[k] /= m;
        // evar <- var(rbind(results)): sample covariance, each column centred at its mean
        var evar = new double[K * K];
        for (int a = 0; a < K; a++)
        for (int b = 0; b < K; b++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += (estimates[i][a] - cbar[a]) * (estimates[i][b] - cbar[b]);
            evar[a * K + b] = s / (m - 1);
        }
        var total = new double[K * K];
        for (int k = 0; k < K * K; k++) total[k] = vbar[k] + evar[k] * (m + 1) / m;
        var df = new double[K];
        var fmi = new double[K];
        for (int k = 0; k < K; k++)
        {
            double r = (1 + 1.0 / m) * evar[k * K + k] / vbar[k * K + k];
            double d = (m - 1) * (1 + 1 / r) * (1 + 1 / r);
            if (double.IsFinite(completeDf))
            {
                double dfObs = (completeDf + 1) / (completeDf + 3) * completeDf * vbar[k * K + k] / (vbar[k * K + k] + evar[k * K + k]);
                d = 1 / (1 / dfObs + 1 / d);
            }
            df[k] = d;
            fmi[k] = (r + 2 / (d + 3)) / (r + 1);
        }
        return new PooledEstimates(cbar, total, df, fmi, m);
    }

    /// <summary>Pools scalar estimates with their variances (K = 1).</summary>
    public static PooledEstimates Combine(IReadOnlyList<double> estimates, IReadOnlyList<double> variances, double completeDf = double.PositiveInfinity) =>
        Combine(estimates.Select(e => new[] { e }).ToList(), variances.Select(v => new[] { v }).ToList(), completeDf);
}
