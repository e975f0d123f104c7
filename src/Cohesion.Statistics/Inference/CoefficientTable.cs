using System.Collections;

namespace Cohesion.Statistics.Inference;

/// <summary>
/// One estimated coefficient with its test against zero and confidence interval — the one row type every model
/// reports (linear and fixed-effects models, GLMs, mixed models, meta-analysis). <see cref="Df"/> holds the degrees
/// of freedom of a t test (null for a z test or where the model gives none).
/// </summary>
public sealed record Coefficient(string Term, double Estimate, double StdError, double Statistic, double PValue, double CiLower, double CiUpper)
{
    /// <summary>Degrees of freedom of the t reference distribution; null for z (normal) tests.</summary>
    public double? Df { get; init; }

    /// <summary><see cref="StdError"/> under metafor's name (<c>se</c>).</summary>
    public double Se => StdError;
    /// <summary><see cref="PValue"/> under metafor's name (<c>pval</c>).</summary>
    public double P => PValue;
}

/// <summary>
/// A model's coefficient table under one choice of coefficient covariance (as fixest's <c>summary(fit, vcov =)</c>
/// or <c>coeftest(fit, vcov =)</c>): the rows, the covariance they rest on, its name, the reference distribution and
/// the confidence level. Models give a table for the covariance asked for after the fit, so one fit serves
/// classical, robust and clustered output.
/// </summary>
public sealed class CoefficientTable : IReadOnlyList<Coefficient>
{
    public CoefficientTable(IReadOnlyList<Coefficient> rows, double[] covariance, string vcov, double level, double df = double.PositiveInfinity)
    {
        if (covariance.Length != rows.Count * rows.Count) throw new ArgumentException("covariance must be K × K for K rows", nameof(covariance));
        Rows = rows;
        Covariance = covariance;
        Vcov = vcov;
        Level = level;
        Df = df;
    }

    public IReadOnlyList<Coefficient> Rows { get; }
    /// <summary>Covariance of the coefficients, row-major K × K in row order.</summary>
    public double[] Covariance { get; }
    /// <summary>Name of the covariance: "classical", "HC0", "HC1", "cluster", "design", "CR2", ...</summary>
    public string Vcov { get; }
    public double Level { get; }
    /// <summary>Degrees of freedom of the t tests; +∞ for z tests.</summary>
    public double Df { get; }
    /// <summary>"t" or "z".</summary>
    public string StatisticName => double.IsPositiveInfinity(Df) ? "z" : "t";

    public int Count => Rows.Count;
    public Coefficient this[int index] => Rows[index];
    public Coefficient this[string term] => Rows.FirstOrDefault(c => c.Term == term) ?? throw new KeyNotFoundException($"no coefficient '{term}'");
    public IEnumerator<Coefficient> GetEnumerator() => Rows.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(string term)
    {
        for (int i = 0; i < Rows.Count; i++) if (Rows[i].Term == term) return i;
        return -1;
    }

    /// <summary>
    /// Wald tests and intervals from estimates and their covariance: se = √diag, statistic = estimate / se, two-sided
    /// p from Student's t on <paramref name="df"/> degrees of freedom (the normal when infinite), interval
    /// estimate ± q·se with q the (1 + level)/2 quantile; without positive degrees of freedom p and the limits are NaN.
    /// Used by every model, so the rule lives here once.
    /// </summary>
    public static CoefficientTable Wald(IReadOnlyList<string> terms, IReadOnlyList<double> estimates, double[] covariance, double level,
        double df = double.PositiveInfinity, string vcov = "classical")
    {
        int k = terms.Count;
        bool t = !double.IsPositiveInfinity(df);
        bool noDf = t && !(df > 0);
        double q = noDf ? double.NaN : t ? Probability.StudentTQuantile(df, 1 - (1 - level) / 2) : Probability.NormalQuantile(1 - (1 - level) / 2);
        var rows = new Coefficient[k];
        for (int a = 0; a < k; a++)
        {
            double b = estimates[a];
            double se = Math.Sqrt(covariance[a * k + a]);
            double stat = b / se;
            double p = double.IsNaN(stat) || noDf ? double.NaN : 2 * (t ? Probability.StudentTCdf(df, -Math.Abs(stat)) : Probability.NormalCdf(-Math.Abs(stat)));
            rows[a] = new Coefficient(terms[a], b, se, stat, p, b - q * se, b + q * se) { Df = t ? df : null };
        }
        return new CoefficientTable(rows, covariance, vcov, level, df);
    }
}
