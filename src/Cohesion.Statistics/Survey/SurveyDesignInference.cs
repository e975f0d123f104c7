namespace Cohesion.Statistics.Survey;

/// <summary>
/// What a design knows about inference on it, in one place for every estimator and caller: its degrees of freedom
/// (R's <c>degf</c>), the design covariance of totals of influence values (the sandwich's meat, as
/// <c>svyrecvar</c>), replicate weights and the replicate covariance (<c>svrVar</c>), and the logit interval of a
/// proportion (<c>svyciprop(method = "logit")</c>). Estimators and callers outside <c>Survey/</c> use these and never
/// reach into the stage structure, <see cref="TaylorVariance"/>, the calibration or <see cref="DesignModelSupport"/>.
/// </summary>
public sealed partial class SurveyDesign
{
    /// <summary>R's <c>degf(design)</c>: first-stage PSUs minus strata (Taylor designs) or the rank of the replicate
    /// weights minus one (replicate designs), over all rows.</summary>
    public int DegreesOfFreedom() => DegreesOfFreedom(AllRows());

    /// <summary>R's <c>degf(design[rows, ])</c>: the degrees of freedom of the design restricted to
    /// <paramref name="rows"/> (design row indices, e.g. the rows a model uses or a domain's rows).</summary>
    public int DegreesOfFreedom(ReadOnlySpan<int> rows)
    {
        foreach (var row in rows)
            if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(rows), "a row does not belong to the survey design");
        return DesignModelSupport.DegreesOfFreedom(this, rows);
    }

    /// <summary>R's <c>degf</c> of the subset design of one domain (the rows with <c>domainOfRow[i] == domain</c>, as
    /// <c>svyby</c> gives each domain); <paramref name="domain"/> &lt; 0 or a null <paramref name="domainOfRow"/> = all rows.</summary>
    public int DegreesOfFreedom(int[]? domainOfRow, int domain) => DegreesOfFreedom(DomainRows(domainOfRow, domain));

    /// <summary>
    /// Taylor-linearised design covariance (p × p row-major; NaN for <paramref name="skip"/>ped columns) of the totals
    /// of influence columns given for the rows <paramref name="rows"/> (rows.Length × p column-major): R's
    /// <c>svyrecvar</c> on the design restricted to those rows, calibration accounted for.
    /// </summary>
    public double[] TotalsCovariance(ReadOnlySpan<int> rows, ReadOnlySpan<double> influence, int p, bool[]? skip = null) =>
        DesignModelSupport.TaylorCovariance(this, rows, influence, p, skip);

    /// <summary>Replicate <paramref name="replicate"/>'s analysis weights of the rows <paramref name="rows"/>.</summary>
    public double[] ReplicateWeightsOf(int replicate, ReadOnlySpan<int> rows) => DesignModelSupport.ReplicateWeightsOf(this, replicate, rows);

    /// <summary>R's <c>svrVar</c>: the replicate covariance (K × K row-major) of replicate estimates
    /// <paramref name="thetas"/> (null or NaN-holding replicates are dropped) around their mean, or around
    /// <paramref name="full"/> when the design says mse.</summary>
    public double[] ReplicateCovariance(IReadOnlyList<double[]?> thetas, ReadOnlySpan<double> full) =>
        DesignModelSupport.ReplicateCovariance(this, thetas, full);

    /// <summary>
    /// Logit interval of a share p with standard error se: expit(logit p ± t·se/(p(1−p))) with t the quantile of
    /// Student's t on <paramref name="df"/> degrees of freedom (normal when infinite) — what R's
    /// <c>svyciprop(method="logit")</c> gives (an intercept-only quasibinomial svyglm). A share of exactly 0 or 1 gives
    /// the degenerate interval [p, p]; df below 1 gives NaN limits.
    /// </summary>
    public static (double Lower, double Upper) LogitInterval(double p, double se, double level, double df = double.PositiveInfinity)
    {
        if (double.IsNaN(p) || double.IsNaN(se)) return (double.NaN, double.NaN);
        if (p <= 0 || p >= 1) return (p, p);
        double q = 0.5 + level / 2;
        double t = double.IsPositiveInfinity(df) ? Probability.NormalQuantile(q)
            : df >= 1 ? Probability.StudentTQuantile(df, q) : double.NaN;
        double l = Math.Log(p / (1 - p)), s = se / (p * (1 - p));
        return (1 / (1 + Math.Exp(-(l - t * s))), 1 / (1 + Math.Exp(-(l + t * s))));
    }

    /// <summary>
    /// The <c>svyciprop(method="logit")</c> interval of an estimated share on this design, on R's <c>degf</c> of the
    /// (domain's) subset design: PSUs minus strata among the domain's rows, missing values included (Taylor designs),
    /// or the rank of the replicate weights minus one (replicate designs).
    /// </summary>
    public (double Lower, double Upper) LogitInterval(SurveyEstimate estimate, double level, int[]? domainOfRow = null, int domain = -1) =>
        LogitInterval(estimate.Estimate, estimate.StandardError, level, DegreesOfFreedom(domainOfRow, domain));

    private int[] AllRows() => Enumerable.Range(0, RowCount).ToArray();

    private int[] DomainRows(int[]? domainOfRow, int domain)
    {
        if (domain < 0 || domainOfRow is null) return AllRows();
        var rows = new List<int>();
        for (int i = 0; i < RowCount; i++) if (domainOfRow[i] == domain) rows.Add(i);
        return rows.ToArray();
    }
}
