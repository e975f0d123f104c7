namespace Cohesion.Statistics.Survey;

/// <summary>
/// Design-based estimators taking a <see cref="SurveyDesign"/>, matching R's <c>survey</c> package:
/// <c>svymean</c>, <c>svytotal</c>, <c>svyratio</c>, <c>svymean(~factor)</c> (proportions) and their
/// <c>svyby</c> domain versions, all with <c>na.rm=TRUE</c> semantics (NaN values, and category code -1, are
/// missing: those rows leave the estimate but the variance still comes from the full design). Domains are given
/// as <c>int[]</c> codes 0..domainCount-1 (−1 = in no domain); a domain without usable rows yields NaN and N = 0.
/// Standard errors are Taylor-linearised (multistage, as <c>svyrecvar</c>), or from replicate weights when the
/// design has them; calibrated designs account for the calibration. Confidence intervals use the normal quantile
/// (R's <c>confint</c> default).
/// </summary>
public static class SurveyEstimator
{
    public const double DefaultLevel = 0.95;

    /// <summary>Weighted mean of <paramref name="y"/> (R: <c>svymean(~y, design, na.rm=TRUE, deff=TRUE)</c>).</summary>
    public static SurveyEstimate Mean(SurveyDesign design, double[] y, double level = DefaultLevel) =>
        MeanBy(design, y, null, 1, level)[0];

    /// <summary>Domain means (R: <c>svyby(~y, ~domain, design, svymean, na.rm=TRUE)</c>): one per domain code.</summary>
    public static SurveyEstimate[] MeanBy(SurveyDesign design, double[] y, int[]? domains, int domainCount, double level = DefaultLevel) =>
        RatioEngine.Run(design, RatioEngine.Problem.Numeric(y, null, Kind.Mean), domains, domainCount, level)[0];

    /// <summary>Weighted total of <paramref name="y"/> (R: <c>svytotal</c>).</summary>
    public static SurveyEstimate Total(SurveyDesign design, double[] y, double level = DefaultLevel) =>
        TotalBy(design, y, null, 1, level)[0];

    /// <summary>Domain totals (R: <c>svyby(~y, ~domain, design, svytotal, na.rm=TRUE)</c>).</summary>
    public static SurveyEstimate[] TotalBy(SurveyDesign design, double[] y, int[]? domains, int domainCount, double level = DefaultLevel) =>
        RatioEngine.Run(design, RatioEngine.Problem.Numeric(y, null, Kind.Total), domains, domainCount, level)[0];

    /// <summary>Ratio of totals Σwy / Σwx (R: <c>svyratio(~y, ~x, design, na.rm=TRUE)</c>).</summary>
    public static SurveyEstimate Ratio(SurveyDesign design, double[] numerator, double[] denominator, double level = DefaultLevel) =>
        RatioBy(design, numerator, denominator, null, 1, level)[0];

    /// <summary>Domain ratios (R: <c>svyby(~y, ~domain, design, svyratio, denominator=~x, na.rm=TRUE)</c>).</summary>
    public static SurveyEstimate[] RatioBy(SurveyDesign design, double[] numerator, double[] denominator, int[]? domains, int domainCount, double level = DefaultLevel) =>
        RatioEngine.Run(design, RatioEngine.Problem.Numeric(numerator, denominator, Kind.Ratio), domains, domainCount, level)[0];

    /// <summary>Proportion of each category (R: <c>svymean(~factor(x), design, na.rm=TRUE)</c>): one estimate per
    /// level 0..levelCount-1; code −1 = missing.</summary>
    public static SurveyEstimate[] Proportions(SurveyDesign design, int[] codes, int levelCount, double level = DefaultLevel) =>
        ProportionsBy(design, codes, levelCount, null, 1, level)[0];

    /// <summary>Category proportions per domain: result[domain][level] (R: <c>svyby(~factor(x), ~domain, design, svymean)</c>).</summary>
    public static SurveyEstimate[][] ProportionsBy(SurveyDesign design, int[] codes, int levelCount, int[]? domains, int domainCount, double level = DefaultLevel)
    {
        return ByDomain(RatioEngine.Run(design, RatioEngine.Problem.Categorical(codes, levelCount, Kind.Mean), domains, domainCount, level));
    }

    /// <summary>Category totals (R: <c>svytotal(~factor(x))</c>): estimated population count per level.</summary>
    public static SurveyEstimate[] CategoryTotals(SurveyDesign design, int[] codes, int levelCount, double level = DefaultLevel) =>
        CategoryTotalsBy(design, codes, levelCount, null, 1, level)[0];

    /// <summary>Category totals per domain: result[domain][level] (R: <c>svyby(~factor(x), ~domain, design, svytotal)</c>).</summary>
    public static SurveyEstimate[][] CategoryTotalsBy(SurveyDesign design, int[] codes, int levelCount, int[]? domains, int domainCount, double level = DefaultLevel)
    {
        return ByDomain(RatioEngine.Run(design, RatioEngine.Problem.Categorical(codes, levelCount, Kind.Total), domains, domainCount, level));
    }

    /// <summary>The engine returns [level][domain]; callers want [domain][level].</summary>
    private static SurveyEstimate[][] ByDomain(SurveyEstimate[][] r)
    {
        int levels = r.Length, domains = r[0].Length;
        var o = new SurveyEstimate[domains][];
        for (int d = 0; d < domains; d++)
        {
            o[d] = new SurveyEstimate[levels];
            for (int k = 0; k < levels; k++) o[d][k] = r[k][d];
        }
        return o;
    }

    internal enum Kind { Mean, Total, Ratio }
}
