using System.Globalization;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.Trends;

/// <summary>
/// What to estimate on stacked survey waves (repeated cross-sections, or a panel). Either raw numeric columns
/// (<see cref="Variables"/>) or, when that is empty, every dimension and indicator of <see cref="Framework"/>.
/// </summary>
public sealed record WaveTrendsRequest
{
    /// <summary>The stacked waves: one row per respondent and wave.</summary>
    public required DataFrame Data { get; init; }
    /// <summary>The numeric column saying which wave (year, or wave number) a row belongs to.</summary>
    public required string Year { get; init; }
    public IReadOnlyList<string> Variables { get; init; } = [];
    /// <summary>Used when <see cref="Variables"/> is empty: its dimensions and indicators are estimated.</summary>
    public CohesionFramework? Framework { get; init; }
    /// <summary>Grouping column (svyby's second factor); null = national only.</summary>
    public string? By { get; init; }
    /// <summary>Sampling weight column; null = equal weights.</summary>
    public string? Weight { get; init; }
    public string? Strata { get; init; }
    public IReadOnlyList<string> Clusters { get; init; } = [];
    /// <summary>The same people in several waves: the (first) cluster column is the person and is not nested in the
    /// wave, so the waves share PSUs and their differences are paired.</summary>
    public bool Panel { get; init; }
    public ReplicateType? Replicates { get; init; }
    public int BootstrapReplicates { get; init; } = 50;
    public int Seed { get; init; } = 1;
    public bool Mse { get; init; }
    /// <summary>Replicate weight columns shipped with the waves (R's <c>svrepdesign</c>); they carry the design, so no
    /// strata, clusters, panel flag or replicates made from the design.</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
    public double Level { get; init; } = SurveyEstimator.DefaultLevel;
    /// <summary>Cells on fewer respondents are suppressed (with their contrasts); <see cref="DisclosureRule.Off"/> = none.</summary>
    public DisclosureRule Disclosure { get; init; } = DisclosureRule.Off;
}

/// <summary>One wave estimate (svyby row). Suppressed cells carry NaN values and <see cref="Suppressed"/>.</summary>
public sealed record WaveEstimate(string Variable, string? Group, double Year, double Estimate, double StandardError,
    double CiLower, double CiUpper, int N, bool Suppressed);

/// <summary>The difference between two waves of one variable and group (svycontrast), with a normal p-value.</summary>
public sealed record WaveContrast(string Variable, string? Group, double From, double To, double Difference, double StandardError, double P);

/// <summary>The linear trend per wave unit of one variable and group: the coefficient of the year in a design-based
/// GLM on the group's domain; <see cref="Scale"/> is "logit" (quasibinomial, 0/1 variable) or "linear" (gaussian).</summary>
public sealed record WaveTrend(string Variable, string? Group, double Slope, double StandardError, double P, string Scale, int DfResidual);

/// <summary>The multi-wave result: estimates per wave, contrasts, trends, and notes (gaps, suppression, design).</summary>
public sealed record WaveTrendsResult(
    IReadOnlyList<WaveEstimate> Waves, IReadOnlyList<WaveContrast> Contrasts, IReadOnlyList<WaveTrend> Trends,
    IReadOnlyList<string> Notes, IReadOnlyList<double> Years, string DesignDescription, IReadOnlyDictionary<string, (string Nl, string En)> Labels);

/// <summary>
/// Design-based estimation on stacked survey waves (<c>cohesion trends --data</c>), equal to R's survey package:
/// <list type="bullet">
/// <item>independent samples per wave: <c>svydesign(ids=~C, strata=~interaction(year, S), weights=~W, nest=TRUE)</c>
/// (each year a stratum without S); a panel: <c>svydesign(ids=~C, strata=~S, weights=~W, nest=TRUE)</c> with C the person;</item>
/// <item>waves: <c>svyby(~y, ~year [+ by], design, svymean, na.rm=TRUE)</c>; a group without respondents in a wave gets
/// no row there, and a note;</item>
/// <item>contrasts of consecutive waves (of the waves the group has) and first → last: <c>svycontrast</c> on that svyby
/// with its covariance (<c>covmat=TRUE</c>), normal p-value;</item>
/// <item>trends: the coefficient of year in <c>svyglm(y ~ year, subset(design, by == g))</c>, quasibinomial for a 0/1
/// variable (logit scale), gaussian otherwise; SE and p as R's <c>summary()</c>.</item>
/// </list>
/// </summary>
public static class WaveTrends
{
    public static WaveTrendsResult Run(WaveTrendsRequest q)
    {
        try { return RunCore(q); }
        catch (CohesionException ex) when (ex.File is null && q.Data.Source is not null) { throw ex.WithFile(q.Data.Source); }
    }

    private static WaveTrendsResult RunCore(WaveTrendsRequest q)
    {
        var data = q.Data;
        int n = data.RowCount;
        var notes = new List<string>();
        var year = YearValues(data, q.Year);
        var years = year.Distinct().Order().ToArray();
        if (years.Length < 2)
            throw new CohesionException(
                $"the year column has only one value ({Fmt(years[0])}): trends need at least two waves", data.Source, q.Year);
        var yearCode = year.Select(y => Array.BinarySearch(years, y)).ToArray();

        // groups
        int[]? groupCode = null;
        string[] groupLevels = [];
        if (q.By is { } by)
        {
            if (by == q.Year) throw new CohesionException("--by must differ from the year column", data.Source, by);
            (groupCode, groupLevels) = SurveyFrame.Domains(data, by);
            if (q.Framework is not null && q.Framework.Groups.TryGetValue(by, out var display))
                groupLevels = Reorder(groupLevels, display, ref groupCode);
            if (groupLevels.Length == 0) throw new CohesionException("the grouping column has no non-missing values", data.Source, by);
        }
        int G = Math.Max(1, groupLevels.Length), T = years.Length, D = T * G;
        var domains = new int[n];
        for (int i = 0; i < n; i++)
            domains[i] = groupCode is null ? yearCode[i] : groupCode[i] < 0 ? -1 : yearCode[i] * G + groupCode[i];

        var (design, description) = BuildDesign(q, yearCode, years);
        var variables = Variables(q, notes);

        var waves = new List<WaveEstimate>();
        var contrasts = new List<WaveContrast>();
        var trends = new List<WaveTrend>();
        foreach (var (id, y) in variables)
        {
            var est = SurveyEstimator.MeanBy(design, y, domains, D, q.Level);
            var suppressed = new bool[D];
            for (int g = 0; g < G; g++)
            {
                string? group = groupCode is null ? null : groupLevels[g];
                var present = new List<int>();
                for (int t = 0; t < T; t++)
                {
                    var e = est[t * G + g];
                    if (e.N == 0)
                    {
                        notes.Add(group is null
                            ? $"{id}: no non-missing values in wave {Fmt(years[t])}; that wave has no row"
                            : $"{id}: group '{group}' has no respondents with a value in wave {Fmt(years[t])}; that wave has no row (as svyby)");
                        continue;
                    }
                    bool hide = q.Disclosure.IsTooSmall(e.N);
                    suppressed[t * G + g] = hide;
                    present.Add(t);
                    waves.Add(hide
                        ? new WaveEstimate(id, group, years[t], double.NaN, double.NaN, double.NaN, double.NaN, e.N, true)
                        : new WaveEstimate(id, group, years[t], e.Estimate, e.StandardError, e.CiLower, e.CiUpper, e.N, false));
                }
                // consecutive waves of this group, then first -> last
                var pairs = new List<(int A, int B)>();
                for (int k = 0; k + 1 < present.Count; k++) pairs.Add((present[k], present[k + 1]));
                if (present.Count >= 3) pairs.Add((present[0], present[^1]));
                pairs.RemoveAll(p => suppressed[p.A * G + g] || suppressed[p.B * G + g]);
                if (pairs.Count > 0)
                {
                    var coef = pairs.Select(p => { var c = new double[D]; c[p.A * G + g] = -1; c[p.B * G + g] = 1; return c; }).ToList();
                    var con = SurveyContrast.MeanBy(design, y, domains, D, coef, q.Level);
                    for (int k = 0; k < pairs.Count; k++)
                        contrasts.Add(new WaveContrast(id, group, years[pairs[k].A], years[pairs[k].B], con[k].Estimate, con[k].StandardError, con[k].P));
                }
                if (present.Count >= 2)
                {
                    var trend = TrendSlope.Fit(design, y, year, groupCode, groupCode is null ? -1 : g);
                    if (trend.Note is { } note) notes.Add($"{id}{(group is null ? "" : $" ({group})")}: {note}");
                    if (trend.Fit is { } f) trends.Add(new WaveTrend(id, group, f.Slope, f.StandardError, f.P, f.Scale, f.DfResidual));
                }
                else if (present.Count == 1)
                    notes.Add($"{id}{(group is null ? "" : $" ({group})")}: only one wave with data; no contrast or trend");
            }
        }
        if (q.Disclosure.MinCount > 0 && waves.Any(w => w.Suppressed))
            notes.Add(q.Disclosure.Footnote + "; contrasts involving a suppressed cell are left out");
        var labels = new Dictionary<string, (string, string)>();
        if (q.Variables.Count == 0 && q.Framework is { } fw)
        {
            foreach (var d in fw.Dimensions) labels[d.Id] = (d.LabelNl, d.LabelEn);
            foreach (var i in fw.Indicators) labels[i.Id] = (i.LabelNl, i.LabelEn);
        }
        return new WaveTrendsResult(waves, contrasts, trends, notes, years, description, labels);
    }

    /// <summary>The year (wave) of every row: a numeric column without missing values.</summary>
    private static double[] YearValues(DataFrame data, string column)
    {
        if (!data.Contains(column)) throw new CohesionException($"no column '{column}' (the --year column)", data.Source, column);
        if (data[column] is not NumericColumn num)
        {
            var cat = data.Categorical(column);
            int bad = Enumerable.Range(0, cat.Length).FirstOrDefault(i => cat.Codes[i] >= 0, -1);
            throw new CohesionException(
                $"the year column must be numeric (a year or wave number), not text such as '{(bad >= 0 ? cat.Levels[cat.Codes[bad]] : "")}'",
                data.Source, column, bad >= 0 ? bad + 1 : null);
        }
        var v = num.Values;
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new CohesionException("missing year (every row must belong to a wave)", data.Source, column, i + 1);
        return v;
    }

    private static string[] Reorder(string[] levels, GroupDisplay display, ref int[] codes)
    {
        var order = Enumerable.Range(0, levels.Length).OrderBy(l => display.Rank(levels[l])).ThenBy(l => l).ToArray();
        var rank = new int[levels.Length];
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
        var c = codes.Select(x => x < 0 ? -1 : rank[x]).ToArray();
        codes = c;
        return order.Select(l => levels[l]).ToArray();
    }

    /// <summary>The design: strata nested in year (each year a stratum without --strata), or the panel design.</summary>
    private static (SurveyDesign Design, string Description) BuildDesign(WaveTrendsRequest q, int[] yearCode, double[] years)
    {
        var data = q.Data;
        int n = data.RowCount;
        foreach (var col in new[] { q.Weight, q.Strata }.Concat(q.Clusters))
            if (col is not null && !data.Contains(col)) throw new CohesionException($"no column '{col}'", data.Source, col);
        if (q.SuppliedReplicates is { } sup)
        {
            if (q.Strata is not null || q.Clusters.Count > 0 || q.Panel || q.Replicates is not null)
                throw new CohesionException("supplied replicate weights replace strata, clusters, the panel flag and replicates made from the design (R's svrepdesign takes only weights and replicate weights)");
            if (q.Weight is null) throw new CohesionException("supplied replicate weights need the sampling weight column");
            var rd = ReplicateFrame.CreateDesign(data, q.Weight, q.Mse ? sup with { Mse = true } : sup);
            return (rd, $"weights '{q.Weight}'; {sup.Type} replicate weights /{sup.Pattern}/ supplied with the data (svrepdesign){(q.Mse ? ", mse" : "")}");
        }
        if (q.Panel && q.Clusters.Count == 0)
            throw new CohesionException("--panel needs --cluster naming the person followed across waves");
        double[] weights;
        if (q.Weight is { } wcol) weights = data.Numeric(wcol).Values;
        else { weights = new double[n]; Array.Fill(weights, 1.0); }

        int[]? sCodes = null;
        string[] sLevels = [];
        if (q.Strata is { } scol)
        {
            var c = data.Categorical(scol);
            int miss = Array.IndexOf(c.Codes, -1);
            if (miss >= 0) throw new CohesionException("missing stratum identifier", data.Source, scol, miss + 1);
            sCodes = c.Codes; sLevels = c.Levels;
        }
        int[]? strata;
        Func<int, string>? label;
        if (q.Panel)
        {
            strata = sCodes;
            label = sCodes is null ? null : code => sLevels[code];
        }
        else if (sCodes is null)
        {
            strata = yearCode;
            label = code => $"{q.Year} {Fmt(years[code])}";
        }
        else
        {
            int S = sLevels.Length;
            strata = new int[n];
            for (int i = 0; i < n; i++) strata[i] = yearCode[i] * S + sCodes[i];
            label = code => $"{q.Year} {Fmt(years[code / S])} × {q.Strata} {sLevels[code % S]}";
        }
        var clusters = q.Clusters.Select(c =>
        {
            var cat = data.Categorical(c);
            int miss = Array.IndexOf(cat.Codes, -1);
            if (miss >= 0) throw new CohesionException("missing cluster identifier", data.Source, c, miss + 1);
            return cat.Codes;
        }).ToArray();
        var design = SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = weights, Strata = strata, Clusters = clusters, Nest = true, LonelyPsu = q.LonelyPsu, StratumLabel = label,
            WeightsName = q.Weight, StrataName = q.Panel ? q.Strata : q.Strata is null ? q.Year : $"{q.Year} × {q.Strata}",
            ClusterNames = q.Clusters,
        });
        var parts = new List<string> { q.Weight is null ? "equal weights" : $"weights '{q.Weight}'" };
        if (q.Panel)
        {
            parts.Add($"panel: the cluster '{q.Clusters[0]}' is the person followed across waves (not nested in '{q.Year}'), so wave differences are paired");
            if (q.Strata is not null) parts.Add($"strata '{q.Strata}'");
        }
        else
        {
            parts.Add(q.Strata is null ? $"each wave of '{q.Year}' a stratum" : $"strata '{q.Strata}' nested in '{q.Year}'");
            parts.Add(q.Clusters.Count == 0 ? "no clusters" : $"clusters '{string.Join("' > '", q.Clusters)}' nested in the strata");
        }
        if (q.Replicates is { } rt)
        {
            design = design.WithReplicates(rt, q.BootstrapReplicates, q.Seed, q.Mse);
            parts.Add($"{rt} replicate weights (as.svrepdesign)");
        }
        else parts.Add("Taylor-linearised SEs");
        return (design, string.Join("; ", parts));
    }

    private static List<(string Id, double[] Y)> Variables(WaveTrendsRequest q, List<string> notes)
    {
        var data = q.Data;
        var list = new List<(string, double[])>();
        if (q.Variables.Count > 0)
        {
            foreach (var v in q.Variables)
            {
                if (!data.Contains(v)) throw new CohesionException($"no column '{v}' (--var)", data.Source, v);
                if (data[v] is not NumericColumn num)
                    throw new CohesionException("the variable must be numeric (a 0/1 indicator or a score)", data.Source, v);
                if (!num.Values.Any(double.IsFinite)) throw new CohesionException("the variable has no non-missing values", data.Source, v);
                list.Add((v, num.Values));
            }
            return list;
        }
        var fw = q.Framework ?? throw new CohesionException("give --var or a framework");
        var scores = FrameworkScorer.Score(fw, data);
        for (int d = 0; d < fw.Dimensions.Count; d++)
            if (scores.Dimensions[d].Any(double.IsFinite)) list.Add((fw.Dimensions[d].Id, scores.Dimensions[d]));
            else notes.Add($"dimension '{fw.Dimensions[d].Id}' has no scores in these data; left out");
        for (int k = 0; k < fw.Indicators.Count; k++)
            if (scores.Indicators[k].Any(double.IsFinite)) list.Add((fw.Indicators[k].Id, scores.Indicators[k]));
            else notes.Add($"indicator '{fw.Indicators[k].Id}' (column '{fw.Indicators[k].Column}') has no valid values; left out");
        if (list.Count == 0) throw new CohesionException("none of the framework's indicators has valid values in these data", data.Source);
        return list;
    }

    internal static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
