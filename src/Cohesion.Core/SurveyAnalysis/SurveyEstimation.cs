using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Imputation;
using Cohesion.Statistics.Survey;

namespace Cohesion.SurveyAnalysis;

public enum EstimateStatistic { Mean, Total, Ratio, Quantile }

/// <summary>Confidence intervals of <c>estimate</c>: Wald (estimate ± z·SE, R's <c>confint</c>) or one of
/// <c>svyciprop</c>'s methods.</summary>
public enum IntervalMethod { Wald, Logit, Beta, Mean }

/// <summary>What <c>cohesion estimate</c> computes (R's svymean/svytotal/svyratio/svyquantile/svyciprop/svychisq and
/// their svyby versions), on one data file, optionally stacked imputations pooled by Rubin's rules.</summary>
public sealed record EstimateRequest
{
    public required string Data { get; init; }
    public required IReadOnlyList<string> Variables { get; init; }
    public string? By { get; init; }
    public EstimateStatistic Stat { get; init; } = EstimateStatistic.Mean;
    public string? Denominator { get; init; }
    public IReadOnlyList<double> Quantiles { get; init; } = [0.5];
    public IntervalMethod Ci { get; init; } = IntervalMethod.Wald;
    /// <summary>Rao–Scott test of independence of the (single, categorical) variable and <see cref="By"/>.</summary>
    public bool ChiSquareTest { get; init; }
    public required SurveyDesignRequest Design { get; init; }
    public double Level { get; init; } = 0.95;
    /// <summary>Column numbering the imputations of stacked imputed data (each imputation analysed, then pooled).</summary>
    public string? Imputation { get; init; }
    /// <summary>MIcombine's <c>df.complete</c>: complete-data df for the Barnard–Rubin df of pooled rows (+∞: none, as R).</summary>
    public double CompleteDf { get; init; } = double.PositiveInfinity;
}

/// <summary>One estimate row (JSON: variable, level, group, estimate, se, ci_lower, ci_upper, n; quantile, df, fmi when
/// they apply).</summary>
public sealed record EstimateRow(string Variable, string? Level, string? Group, double Estimate, double StandardError,
    double CiLower, double CiUpper, double Deff, int N, double WeightedN)
{
    public double? Quantile { get; init; }
    /// <summary>Degrees of freedom: MIcombine's with imputations.</summary>
    public double? Df { get; init; }
    /// <summary>Fraction of missing information (MIcombine's missinfo), with imputations.</summary>
    public double? Fmi { get; init; }
}

public sealed record EstimateResult(IReadOnlyList<EstimateRow> Rows, SurveyChiSquareTest? ChiSquare, int? Imputations, string Source);

/// <summary>The computation behind <c>cohesion estimate</c>: builds the design from the request, estimates every
/// variable (per domain with <c>--by</c>) and pools stacked imputations exactly as <c>mitools::MIcombine</c>.</summary>
public static class SurveyEstimation
{
    public static EstimateResult Run(EstimateRequest q)
    {
        Validate(q);
        var frame = DatasetLoader.Load(q.Data);
        try { return Run(frame, q); }
        catch (CohesionException ce) { throw ce.WithFile(frame.Source ?? q.Data); }
    }

    public static EstimateResult Run(DataFrame frame, EstimateRequest q)
    {
        Validate(q);
        string source = frame.Source ?? q.Data;
        if (q.Imputation is null)
        {
            var (rows, chi) = Single(frame, q);
            return new EstimateResult(rows, chi, null, source);
        }
        if (q.ChiSquareTest)
            throw new CohesionException("the chi-square test is not pooled over imputations (Rubin's rules pool estimates and variances, not test statistics)");
        var sets = Imputations.Split(frame, q.Imputation);
        var runs = sets.Select(s => Single(s.Frame, q).Rows).ToList();
        var first = runs[0];
        for (int m = 1; m < runs.Count; m++)
            if (runs[m].Count != first.Count || runs[m].Where((r, i) => r.Variable != first[i].Variable || r.Level != first[i].Level || r.Group != first[i].Group || r.Quantile != first[i].Quantile).Any())
                throw new CohesionException($"imputation '{sets[m].Name}' gives other rows (levels or groups) than imputation '{sets[0].Name}'; every imputation needs the same categories",
                    source, q.Imputation);
        var pooled = new List<EstimateRow>(first.Count);
        for (int i = 0; i < first.Count; i++)
        {
            var est = runs.Select(r => r[i].Estimate).ToList();
            var var = runs.Select(r => r[i].StandardError * r[i].StandardError).ToList();
            var p = RubinsRules.Combine(est, var, q.CompleteDf);
            var (lo, hi) = p.Interval(0, q.Level);
            pooled.Add(first[i] with
            {
                Estimate = p.Estimates[0], StandardError = p.StandardError(0), CiLower = lo, CiUpper = hi, Deff = double.NaN,
                WeightedN = runs.Average(r => r[i].WeightedN), Df = p.Df[0], Fmi = p.Fmi[0],
            });
        }
        return new EstimateResult(pooled, null, sets.Count, source);
    }

    private static void Validate(EstimateRequest q)
    {
        if (q.Variables.Count == 0) throw new CohesionException("no variable to estimate");
        if (q.Stat == EstimateStatistic.Ratio && q.Denominator is null) throw new CohesionException("a ratio needs a denominator column");
        if (q.Stat != EstimateStatistic.Ratio && q.Denominator is not null) throw new CohesionException("a denominator is only used for ratios");
        if (!(q.Level > 0 && q.Level < 1)) throw new CohesionException("the confidence level must be between 0 and 1, e.g. 0.95");
        if (q.Ci != IntervalMethod.Wald && q.Stat != EstimateStatistic.Mean)
            throw new CohesionException($"the {q.Ci.ToString().ToLowerInvariant()} interval (svyciprop) applies to means and proportions, not to {q.Stat.ToString().ToLowerInvariant()}s");
        if (q.ChiSquareTest && (q.By is null || q.Variables.Count != 1))
            throw new CohesionException("the chi-square test needs one variable and a second one to cross it with (by)");
        if (q.Stat == EstimateStatistic.Quantile && q.Quantiles.Count == 0) throw new CohesionException("no quantile probabilities given");
        ValidateCompleteDf(q.CompleteDf, q.Imputation);
    }

    /// <summary>df.complete must be positive (or +∞) and only comes with stacked imputations.</summary>
    internal static void ValidateCompleteDf(double completeDf, string? imputation)
    {
        if (!(completeDf > 0)) throw new CohesionException("the complete-data degrees of freedom (df.complete) must be positive");
        if (double.IsFinite(completeDf) && imputation is null)
            throw new CohesionException("complete-data degrees of freedom (df.complete) only apply to estimates pooled over imputations");
    }

    private static (List<EstimateRow> Rows, SurveyChiSquareTest? Chi) Single(DataFrame frame, EstimateRequest q)
    {
        var design = q.Design.Build(frame);
        int[]? dom = null;
        string[] groups = [null!];
        if (q.By is { } byCol) (dom, groups) = SurveyFrame.Domains(frame, byCol);
        int D = dom is null ? 1 : groups.Length;
        if (dom is not null && D == 0) throw new CohesionException("the domain column has no values", column: q.By);
        string? G(int d) => dom is null ? null : groups[d];

        var rows = new List<EstimateRow>();
        foreach (var v in q.Variables)
        {
            var col = frame[v];
            if (q.Stat == EstimateStatistic.Ratio)
            {
                var y = frame.Numeric(v).Values;
                var x = frame.Numeric(q.Denominator!).Values;
                var est = SurveyEstimator.RatioBy(design, y, x, dom, D, q.Level);
                Check(est, frame, v, q.By, groups, y, x);
                for (int d = 0; d < D; d++) rows.Add(Row($"{v}/{q.Denominator}", null, G(d), est[d]));
            }
            else if (q.Stat == EstimateStatistic.Quantile)
            {
                if (col is CategoricalColumn)
                    throw new CohesionException("quantiles need a numeric variable", frame.Source, v);
                var y = frame.Numeric(v).Values;
                var est = SurveyQuantile.QuantilesBy(design, y, q.Quantiles, dom, D, q.Level);
                Check(est.Select(e => e.Length == 0 ? null : new SurveyEstimate(0, 0, 0, 0, 0, 0, e[0].N, 0)).ToArray(), frame, v, q.By, groups, y, null);
                for (int d = 0; d < D; d++)
                    foreach (var e in est[d])
                        rows.Add(new EstimateRow(v, null, G(d), e.Estimate, e.StandardError, e.CiLower, e.CiUpper, double.NaN, e.N, double.NaN) { Quantile = e.Probability });
            }
            else if (col is CategoricalColumn cat)
            {
                RejectMixed(cat);
                var est = q.Stat == EstimateStatistic.Total
                    ? SurveyEstimator.CategoryTotalsBy(design, cat.Codes, cat.LevelCount, dom, D, q.Level)
                    : SurveyEstimator.ProportionsBy(design, cat.Codes, cat.LevelCount, dom, D, q.Level);
                Check(est.Select(e => e.Length > 0 ? e[0] : null).ToArray(), frame, v, q.By, groups, null, null, cat);
                SurveyProportionEstimate[][]? ci = null;
                if (q.Ci != IntervalMethod.Wald)
                {
                    ci = new SurveyProportionEstimate[cat.LevelCount][];
                    for (int k = 0; k < cat.LevelCount; k++)
                    {
                        var ind = cat.Codes.Select(c => c < 0 ? double.NaN : c == k ? 1.0 : 0.0).ToArray();
                        ci[k] = SurveyProportion.IntervalBy(design, ind, Method(q.Ci), dom, D, q.Level);
                    }
                }
                for (int d = 0; d < D; d++)
                    for (int k = 0; k < cat.LevelCount; k++)
                        rows.Add(ci is null ? Row(v, cat.Levels[k], G(d), est[d][k]) : Row(v, cat.Levels[k], G(d), est[d][k], ci[k][d]));
            }
            else
            {
                var y = frame.Numeric(v).Values;
                var est = q.Stat == EstimateStatistic.Total ? SurveyEstimator.TotalBy(design, y, dom, D, q.Level) : SurveyEstimator.MeanBy(design, y, dom, D, q.Level);
                Check(est, frame, v, q.By, groups, y, null);
                if (q.Ci is IntervalMethod.Logit or IntervalMethod.Beta)
                    for (int i = 0; i < y.Length; i++)
                        if (!double.IsNaN(y[i]) && y[i] != 0 && y[i] != 1)
                            throw new CohesionException($"the {q.Ci.ToString().ToLowerInvariant()} interval (svyciprop) needs a 0/1 variable; value {y[i].ToString("R", CultureInfo.InvariantCulture)}",
                                frame.Source, v, i + 1);
                var ci = q.Ci == IntervalMethod.Wald ? null : SurveyProportion.IntervalBy(design, y, Method(q.Ci), dom, D, q.Level);
                for (int d = 0; d < D; d++) rows.Add(ci is null ? Row(v, null, G(d), est[d]) : Row(v, null, G(d), est[d], ci[d]));
            }
        }
        SurveyChiSquareTest? chi = null;
        if (q.ChiSquareTest)
        {
            var a = frame.Categorical(q.Variables[0]);
            var b = frame.Categorical(q.By!);
            chi = SurveyChiSquare.Test(design, a.Codes, a.LevelCount, b.Codes, b.LevelCount);
        }
        return (rows, chi);
    }

    private static ProportionInterval Method(IntervalMethod m) => m switch
    {
        IntervalMethod.Logit => ProportionInterval.Logit,
        IntervalMethod.Beta => ProportionInterval.Beta,
        _ => ProportionInterval.Mean,
    };

    private static EstimateRow Row(string variable, string? level, string? group, SurveyEstimate e) =>
        new(variable, level, group, e.Estimate, e.StandardError, e.CiLower, e.CiUpper, e.Deff, e.N, e.WeightedN);

    private static EstimateRow Row(string variable, string? level, string? group, SurveyEstimate e, SurveyProportionEstimate ci) =>
        new(variable, level, group, ci.Estimate, e.StandardError, ci.CiLower, ci.CiUpper, e.Deff, e.N, e.WeightedN);

    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    /// <summary>A column holding numbers and a few text values is a numeric variable with bad values, not a
    /// categorical one: name the first offending value and row instead of estimating proportions of it.</summary>
    private static void RejectMixed(CategoricalColumn c)
    {
        bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                                   || double.TryParse(s, NumberStyles.Float, DecimalComma, out _);
        var numeric = c.Levels.Select(IsNumber).ToArray();
        int nNum = numeric.Count(b => b);
        if (nNum == 0 || nNum == numeric.Length) return;
        for (int i = 0; i < c.Codes.Length; i++)
            if (c.Codes[i] >= 0 && !numeric[c.Codes[i]])
                throw new CohesionException(
                    $"non-numeric value '{c.Levels[c.Codes[i]]}' in a column of numbers (a categorical variable needs text categories only)",
                    column: c.Name, row: i + 1);
    }

    /// <summary>An all-missing variable or an empty domain is the user's to fix: say which.</summary>
    private static void Check(SurveyEstimate?[] est, DataFrame frame, string v, string? by, string[] groups, double[]? y, double[]? x, CategoricalColumn? cat = null)
    {
        bool anyValue = false;
        int n = frame.RowCount;
        for (int i = 0; i < n && !anyValue; i++)
            anyValue = cat is not null ? cat.Codes[i] >= 0 : !double.IsNaN(y![i]) && (x is null || !double.IsNaN(x[i]));
        if (!anyValue)
            throw new CohesionException(x is null ? "the variable has no non-missing values" : "no row has both the variable and the denominator non-missing", column: v);
        for (int d = 0; d < est.Length; d++)
            if (est[d] is null || est[d]!.N == 0)
                throw new CohesionException(
                    by is null ? "no usable observations" : $"domain '{groups[d]}' of column '{by}' has no non-missing values of '{v}' (empty domain)",
                    column: v);
    }
}
