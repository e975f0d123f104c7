using Cohesion.Statistics.Data;

namespace Cohesion.Statistics.Survey;

/// <summary>Which columns of a data frame declare the design (the <c>estimate</c> and <c>measure</c> verbs' flags).</summary>
public sealed record SurveyColumns
{
    public required string Weight { get; init; }
    public string? Strata { get; init; }
    /// <summary>One column per stage (<c>id=~a+b</c>).</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];
    /// <summary>One column per stage: population sizes, or sampling fractions when every value is ≤ 1.</summary>
    public IReadOnlyList<string> Fpc { get; init; } = [];
    /// <summary>Cluster codes are unique only within strata (R's <c>nest=TRUE</c>, Stata's convention). Where cluster
    /// codes are unique over the whole file this gives the same results as <c>nest=FALSE</c>.</summary>
    public bool Nest { get; init; } = true;
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
}

/// <summary>Builds designs, domains and calibration margins from <see cref="DataFrame"/> columns, with errors that
/// name the column and row (the frame's <see cref="DataFrame.Source"/> is added by the caller).</summary>
public static class SurveyFrame
{
    public static SurveyDesign CreateDesign(DataFrame frame, SurveyColumns spec)
    {
        var w = frame.Numeric(spec.Weight).Values;
        int[]? strata = null;
        Func<int, string>? label = null;
        if (spec.Strata is { } sname) (strata, label) = Identifiers(frame, sname, "stratum");
        var clusters = spec.Clusters.Select(c => Identifiers(frame, c, "cluster").Codes).ToArray();
        var fpc = spec.Fpc.Select(c => frame.Numeric(c).Values).ToArray();
        return SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = w, Strata = strata, Clusters = clusters, Fpc = fpc, Nest = spec.Nest, LonelyPsu = spec.LonelyPsu,
            StratumLabel = label, WeightsName = spec.Weight, StrataName = spec.Strata, ClusterNames = spec.Clusters, FpcNames = spec.Fpc,
        });
    }

    /// <summary>Identifier codes of a stratum or cluster column. Integer-valued numeric columns are used as they are
    /// (design codes need not be dense, so no sorting); other columns through their categorical codes.</summary>
    private static (int[] Codes, Func<int, string> Label) Identifiers(DataFrame frame, string column, string what)
    {
        if (frame[column] is NumericColumn num && IntegerValues(num.Values) is { } ints)
        {
            for (int i = 0; i < ints.Length; i++)
                if (double.IsNaN(num.Values[i])) throw new CohesionException($"missing {what} identifier", column: column, row: i + 1);
            return (ints, c => c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var cat = frame.Categorical(column);
        return (RequireComplete(cat, what), i => cat.Levels[i]);
    }

    /// <summary>The values as ints when every non-missing value is an integer in int range (NaN → int.MinValue).</summary>
    private static int[]? IntegerValues(double[] v)
    {
        var o = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double x = v[i];
            if (double.IsNaN(x)) { o[i] = int.MinValue; continue; }
            if (x != Math.Floor(x) || x <= int.MinValue || x > int.MaxValue) return null;
            o[i] = (int)x;
        }
        return o;
    }

    /// <summary>Domain codes (−1 for a missing value) and level names of a grouping column.</summary>
    public static (int[] Codes, string[] Levels) Domains(DataFrame frame, string column)
    {
        // integer-valued numeric columns with a moderate range: levels by a presence table (same levels and order
        // as the categorical view, without sorting a million values)
        if (frame[column] is NumericColumn num && IntegerValues(num.Values) is { } ints)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (var x in ints) if (x != int.MinValue) { min = Math.Min(min, x); max = Math.Max(max, x); }
            if (min > max) return (Enumerable.Repeat(-1, ints.Length).ToArray(), []);
            if (max - min < 10_000_000)
            {
                var code = new int[max - min + 1];
                foreach (var x in ints) if (x != int.MinValue) code[x - min] = 1;
                var levels = new List<string>();
                for (int j = 0; j < code.Length; j++)
                    code[j] = code[j] == 0 ? -1 : Add(levels, ((double)(j + min)).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                var codes = new int[ints.Length];
                for (int i = 0; i < ints.Length; i++) codes[i] = ints[i] == int.MinValue ? -1 : code[ints[i] - min];
                return (codes, levels.ToArray());
            }
        }
        var c = frame.Categorical(column);
        return (c.Codes, c.Levels);
    }

    private static int Add(List<string> list, string s) { list.Add(s); return list.Count - 1; }

    /// <summary>A raking / post-stratification margin: population totals by level name of <paramref name="column"/>.
    /// Every level present in the sample needs a total; totals of levels absent from the sample must be 0.</summary>
    public static CalibrationMargin Margin(DataFrame frame, string column, IReadOnlyList<(string Level, double Total)> totals)
    {
        var c = frame.Categorical(column);
        var byLevel = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (level, total) in totals)
        {
            if (!byLevel.TryAdd(level, total))
                throw new CohesionException($"population total for level '{level}' given twice", column: column);
            if (!double.IsFinite(total) || total < 0)
                throw new CohesionException($"population total for level '{level}' must be a non-negative number", column: column);
        }
        var pop = new double[c.LevelCount];
        for (int l = 0; l < c.LevelCount; l++)
        {
            if (!byLevel.Remove(c.Levels[l], out var t))
                throw new CohesionException($"no population total for level '{c.Levels[l]}' (levels in the data: {string.Join(", ", c.Levels)})", column: column,
                    row: Array.IndexOf(c.Codes, l) + 1);
            pop[l] = t;
        }
        foreach (var (level, total) in byLevel)
            if (total > 0)
                throw new CohesionException($"level '{level}' has a population total but does not occur in the data (levels: {string.Join(", ", c.Levels)})", column: column);
        for (int i = 0; i < c.Codes.Length; i++)
            if (c.Codes[i] < 0) throw new CohesionException("missing value in a raking variable", column: column, row: i + 1);
        return new CalibrationMargin(c.Codes, pop, column, c.Levels);
    }

    private static int[] RequireComplete(CategoricalColumn c, string what)
    {
        for (int i = 0; i < c.Codes.Length; i++)
            if (c.Codes[i] < 0) throw new CohesionException($"missing {what} identifier", column: c.Name, row: i + 1);
        return c.Codes;
    }
}
