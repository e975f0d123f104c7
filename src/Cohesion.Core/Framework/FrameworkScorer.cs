using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Framework;

/// <summary>Indicator values and dimension scores of every respondent (NaN = missing), in framework order.</summary>
public sealed record FrameworkScores(
    CohesionFramework Framework, IReadOnlyList<double[]> Indicators, IReadOnlyList<double[]> Dimensions, int RowCount)
{
    public double[] Indicator(string id) => Indicators[IndexOf(Framework.Indicators.Select(i => i.Id), id)];
    public double[] Dimension(string id) => Dimensions[IndexOf(Framework.Dimensions.Select(d => d.Id), id)];

    private static int IndexOf(IEnumerable<string> ids, string id)
    {
        int k = 0;
        foreach (var x in ids) { if (x == id) return k; k++; }
        throw new KeyNotFoundException($"no indicator or dimension '{id}'");
    }
}

/// <summary>
/// Applies a framework to microdata: recodes each indicator's source column (missing codes → missing, then the
/// recode rule) and computes each respondent's dimension scores by the framework's <see cref="ScoreRule"/>.
/// </summary>
public static class FrameworkScorer
{
    public static FrameworkScores Score(CohesionFramework framework, DataFrame data)
    {
        var indicators = new double[framework.Indicators.Count][];
        for (int j = 0; j < indicators.Length; j++) indicators[j] = Recode(framework.Indicators[j], data);

        var dimensions = new double[framework.Dimensions.Count][];
        for (int d = 0; d < dimensions.Length; d++)
        {
            var dimId = framework.Dimensions[d].Id;
            var members = new List<double[]>();
            for (int j = 0; j < indicators.Length; j++)
                if (framework.Indicators[j].Dimension == dimId) members.Add(indicators[j]);
            dimensions[d] = DimensionScore(members, framework.ScoreRule, data.RowCount);
        }
        return new FrameworkScores(framework, indicators, dimensions, data.RowCount);
    }

    /// <summary>The score rule: mean of the non-missing member values when at least ⌈min_share·k⌉ are present.</summary>
    public static double[] DimensionScore(IReadOnlyList<double[]> members, ScoreRule rule, int n)
    {
        int need = rule.MinPresent(members.Count);
        var sum = new double[n];
        var count = new int[n];
        foreach (var m in members)
        {
            for (int i = 0; i < n; i++)
            {
                double v = m[i];
                if (double.IsNaN(v)) continue;
                sum[i] += v;
                count[i]++;
            }
        }
        var score = new double[n];
        for (int i = 0; i < n; i++) score[i] = count[i] >= need ? sum[i] / count[i] : double.NaN;
        return score;
    }

    private static bool IsMissingCode(double v, double[] missing)
    {
        foreach (var m in missing) if (v == m) return true;
        return false;
    }

    private static void RecodeLoop(double[] x, double[] missing, double[] result, bool reverse, double k, Func<double, double, bool> test)
    {
        double one = reverse ? 0 : 1, zero = 1 - one;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (double.IsNaN(v) || IsMissingCode(v, missing)) { result[i] = double.NaN; continue; }
            result[i] = test(v, k) ? one : zero;
        }
    }

    /// <summary>Every value that is not missing (NaN or a declared missing code) must lie in the indicator's valid range.</summary>
    private static void CheckValid(IndicatorDefinition ind, double[] x, double[] missing, (double Min, double Max) valid, DataFrame data)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (double.IsNaN(v) || (v >= valid.Min && v <= valid.Max) || IsMissingCode(v, missing)) continue;
            throw InvalidValue(ind, RecodeRule.Num(v), valid, data, i + 1);
        }
    }

    private static CohesionException InvalidValue(IndicatorDefinition ind, string value, (double Min, double Max) valid, DataFrame data, long row)
    {
        var codes = ind.MissingCodes.Count == 0 ? "none" : string.Join(", ", ind.MissingCodes.Select(RecodeRule.Num));
        return new CohesionException(
            $"value {value} of indicator '{ind.Id}' is neither a valid answer [{RecodeRule.Num(valid.Min)}, {RecodeRule.Num(valid.Max)}] nor a declared missing code ({codes}); " +
            "recode it to missing (an empty cell) or declare it in the indicator's 'missing' codes", data.Source, ind.Column, row);
    }

    /// <summary>The indicator values of one indicator (NaN where missing).</summary>
    public static double[] Recode(IndicatorDefinition ind, DataFrame data)
    {
        if (!data.TryGet(ind.Column, out var col))
            throw new CohesionException(
                $"indicator '{ind.Id}' needs column '{ind.Column}', which the data does not have", data.Source, ind.Column);
        var rule = ind.Recode;
        var result = new double[col.Length];
        switch (col)
        {
            case NumericColumn num:
            {
                var missing = ind.MissingCodes.ToArray();
                var x = num.Values;
                if (ind.Valid is { } valid) CheckValid(ind, x, missing, valid, data);
                // the common rules get their own tight loops; anything else goes through Apply
                switch (rule)
                {
                    case ThresholdRule { Op: ThresholdOp.GreaterOrEqual } t:
                        RecodeLoop(x, missing, result, t.Reverse, t.Value, static (v, k) => v >= k);
                        break;
                    case ThresholdRule { Op: ThresholdOp.LessOrEqual } t:
                        RecodeLoop(x, missing, result, t.Reverse, t.Value, static (v, k) => v <= k);
                        break;
                    case CategorySetRule { Numbers.Length: <= 4 } c when c.Numbers.Length > 0:
                    {
                        var set = c.Numbers;
                        double one = c.Reverse ? 0 : 1, zero = 1 - one;
                        for (int i = 0; i < x.Length; i++)
                        {
                            double v = x[i];
                            if (double.IsNaN(v) || IsMissingCode(v, missing)) { result[i] = double.NaN; continue; }
                            bool hit = false;
                            foreach (var m in set) hit |= v == m;
                            result[i] = hit ? one : zero;
                        }
                        break;
                    }
                    default:
                        for (int i = 0; i < x.Length; i++)
                        {
                            double v = x[i];
                            if (double.IsNaN(v) || IsMissingCode(v, missing)) { result[i] = double.NaN; continue; }
                            if (rule is ScaleRule s && !s.InRange(v))
                                throw new CohesionException(
                                    $"value {RecodeRule.Num(v)} is outside the scale range [{RecodeRule.Num(s.Min)}, {RecodeRule.Num(s.Max)}] of indicator '{ind.Id}' " +
                                    "(declare it in the indicator's 'missing' codes if it means missing)", data.Source, ind.Column, i + 1);
                            result[i] = rule.Apply(v);
                        }
                        break;
                }
                break;
            }
            case CategoricalColumn cat:
            {
                // Per level: missing text code → NaN; otherwise the rule on the text (category sets) or on its number.
                var perLevel = new double[cat.LevelCount];
                var badLevel = new bool[cat.LevelCount];
                var missingNums = ind.MissingCodes.ToHashSet();
                for (int l = 0; l < perLevel.Length; l++)
                {
                    var level = cat.Levels[l].Trim();
                    bool isNumber = double.TryParse(level, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v);
                    if (ind.MissingTexts.Contains(level) || (isNumber && missingNums.Contains(v))) { perLevel[l] = double.NaN; continue; }
                    if (isNumber && ind.Valid is { } vr && (v < vr.Min || v > vr.Max))
                        throw InvalidValue(ind, level, vr, data, Array.IndexOf(cat.Codes, l) + 1);
                    var t = rule.ApplyText(level);
                    if (t is { } tv) { perLevel[l] = tv; continue; }
                    if (!isNumber || (rule is ScaleRule s && !s.InRange(v))) { badLevel[l] = true; continue; }
                    perLevel[l] = rule.Apply(v);
                }
                var codes = cat.Codes;
                for (int i = 0; i < codes.Length; i++)
                {
                    int c = codes[i];
                    if (c < 0) { result[i] = double.NaN; continue; }
                    if (badLevel[c])
                        throw new CohesionException(
                            $"value '{cat.Levels[c]}' cannot be recoded by rule '{rule.Describe()}' of indicator '{ind.Id}' " +
                            "(not a number in range; declare it in the indicator's 'missing' codes if it means missing)", data.Source, ind.Column, i + 1);
                    result[i] = perLevel[c];
                }
                break;
            }
            default:
                throw new CohesionException($"column type {col.GetType().Name} cannot be recoded", data.Source, ind.Column);
        }
        return result;
    }
}
