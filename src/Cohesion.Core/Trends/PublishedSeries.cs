using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Regression;

namespace Cohesion.Trends;

/// <summary>One published value: an indicator for a group in a year, in percent, with optional standard error (in
/// percentage points) or sample size, and its source (a table or page).</summary>
public sealed record SeriesPoint(string Indicator, string Group, double Year, double Value, double? Se, double? N, string Source,
    string? Dimension = null, string? Note = null, int Row = 0);

/// <summary>
/// The trend of one indicator × group over one segment of years: the slope of <c>lm(qlogis(value/100) ~ year,
/// weights)</c> (logit per year) with its SE (NaN with only two points), the intercept, and how it was weighted.
/// </summary>
public sealed record SeriesTrend(string Indicator, string Group, double From, double To, double Slope, double StandardError,
    double Intercept, int Points, string Weighting)
{
    public string Scale => "logit";
    /// <summary>The fitted percentage in <paramref name="year"/>.</summary>
    public double FittedPercent(double year) => 100 / (1 + Math.Exp(-(Intercept + Slope * year)));
}

/// <summary>The series of a file, their fitted trends (one row per segment), notes, and the years and breaks used.</summary>
public sealed record SeriesResult(IReadOnlyList<SeriesPoint> Points, IReadOnlyList<SeriesTrend> Trends, IReadOnlyList<string> Notes,
    IReadOnlyList<int> Breaks, string Source, double FirstYear, double LastYear);

/// <summary>
/// Published series (<c>cohesion trends --series FILE</c>): a tidy file with columns <c>indicator</c>, <c>group</c>
/// (optional; default "total"), <c>year</c>, <c>value</c> (percent), optional <c>se</c> (percentage points) or
/// <c>n</c>, and <c>source</c> (or <c>source_url</c> / <c>source_table</c>, as the CBS file shipped in
/// <c>data/real/cbs-ssw-national-trends</c>). Each indicator × group is fitted on the logit scale,
/// <c>lm(qlogis(value/100) ~ year, weights = w)</c> with w = n, else 1/se², else 1; with break years the series is split
/// into segments [first, b₁], [b₁, b₂], …, [b_k, last] — a break year ends one segment and starts the next — and each
/// segment with at least two years gets its own fit.
/// </summary>
public static class PublishedSeries
{
    public static IReadOnlyList<SeriesPoint> Read(string path)
    {
        var frame = DatasetLoader.Load(path);
        try { return Read(frame); }
        catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(frame.Source ?? path); }
    }

    public static IReadOnlyList<SeriesPoint> Read(DataFrame frame)
    {
        foreach (var required in new[] { "indicator", "year", "value" })
            if (!frame.Contains(required))
                throw new CohesionException(
                    $"a series file needs the columns indicator, year and value (optional: group, se or n, source); '{required}' is missing (columns: {string.Join(", ", frame.ColumnNames)})",
                    frame.Source, required);
        var indicator = frame.Categorical("indicator");
        var group = frame.Contains("group") ? frame.Categorical("group") : null;
        var year = Numeric(frame, "year");
        var value = Numeric(frame, "value");
        var se = frame.Contains("se") ? Numeric(frame, "se") : null;
        var n = frame.Contains("n") ? Numeric(frame, "n") : null;
        if (se is not null && n is not null) throw new CohesionException("give either an 'se' or an 'n' column to weight by, not both", frame.Source, "se");
        string? Text(string col, int row) => frame.Contains(col) && !frame[col].IsMissing(row) ? frame[col].Format(row) : null;
        var seen = new Dictionary<(string, string, double), int>();
        var points = new List<SeriesPoint>();
        for (int i = 0; i < frame.RowCount; i++)
        {
            if (indicator.Codes[i] < 0) throw new CohesionException("missing indicator", frame.Source, "indicator", i + 1);
            string ind = indicator.Levels[indicator.Codes[i]];
            string grp = group is null || group.Codes[i] < 0 ? "total" : group.Levels[group.Codes[i]];
            double y = year[i], v = value[i];
            if (!double.IsFinite(y) || y != Math.Floor(y)) throw new CohesionException($"year must be a whole number, not '{frame["year"].Format(i)}'", frame.Source, "year", i + 1);
            if (!double.IsFinite(v)) throw new CohesionException("missing value", frame.Source, "value", i + 1);
            if (!(v > 0 && v < 100))
                throw new CohesionException($"value {v.ToString(CultureInfo.InvariantCulture)} must be a percentage strictly between 0 and 100 (the fit is on the logit scale)", frame.Source, "value", i + 1);
            double? s = null, m = null;
            if (se is not null)
            {
                if (!(se[i] > 0)) throw new CohesionException("se must be a positive number (percentage points) on every row", frame.Source, "se", i + 1);
                s = se[i];
            }
            if (n is not null)
            {
                if (!(n[i] > 0)) throw new CohesionException("n must be a positive number on every row", frame.Source, "n", i + 1);
                m = n[i];
            }
            if (seen.TryGetValue((ind, grp, y), out int first))
                throw new CohesionException($"indicator '{ind}', group '{grp}', year {y} appears twice (rows {first} and {i + 1})", frame.Source, "year", i + 1);
            seen[(ind, grp, y)] = i + 1;
            string source = Text("source", i) ?? Join(Text("source_table", i), Text("source_url", i)) ?? frame.Source ?? "";
            points.Add(new SeriesPoint(ind, grp, y, v, s, m, source, Text("dimension", i), Text("note", i), i + 1));
        }
        if (points.Count == 0) throw new CohesionException("the series file has no rows", frame.Source);
        return points;
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}, {b}";

    private static double[] Numeric(DataFrame frame, string column)
    {
        if (frame[column] is NumericColumn num) return num.Values;
        var cat = frame.Categorical(column);
        int row = Enumerable.Range(0, cat.Length).First(i => cat.Codes[i] >= 0);
        throw new CohesionException($"must be numeric, not '{cat.Levels[cat.Codes[row]]}'", frame.Source, column, row + 1);
    }

    /// <summary>
    /// Fits every indicator × group (in file order). Errors: a file with a single year; a break year that is not
    /// strictly inside the file's years. A series with one year gets a note and no trend.
    /// </summary>
    public static SeriesResult Fit(IReadOnlyList<SeriesPoint> points, IReadOnlyList<int>? breaks = null, string source = "series")
    {
        breaks ??= [];
        var years = points.Select(p => p.Year).Distinct().Order().ToArray();
        if (years.Length < 2)
            throw new CohesionException($"the series has only one year ({WaveTrends.Fmt(years[0])}): a trend needs at least two years", source, "year");
        var cut = breaks.Distinct().Order().ToList();
        foreach (var b in cut)
            if (b <= years[0] || b >= years[^1])
                throw new CohesionException($"--break {b} is outside the data's years ({WaveTrends.Fmt(years[0])}–{WaveTrends.Fmt(years[^1])}); a break must lie strictly between the first and last year", source, "year");
        var notes = new List<string>();
        var trends = new List<SeriesTrend>();
        foreach (var key in points.Select(p => (p.Indicator, p.Group)).Distinct())
        {
            var s = points.Where(p => p.Indicator == key.Indicator && p.Group == key.Group).OrderBy(p => p.Year).ToList();
            if (s.Count < 2)
            {
                notes.Add($"{key.Indicator} ({key.Group}): one year only ({WaveTrends.Fmt(s[0].Year)}); no trend");
                continue;
            }
            var bounds = new List<double> { s[0].Year };
            bounds.AddRange(cut.Where(b => b > s[0].Year && b < s[^1].Year).Select(b => (double)b));
            bounds.Add(s[^1].Year);
            for (int j = 0; j + 1 < bounds.Count; j++)
            {
                var seg = s.Where(p => p.Year >= bounds[j] && p.Year <= bounds[j + 1]).ToList();
                if (seg.Count < 2)
                {
                    notes.Add($"{key.Indicator} ({key.Group}): segment {WaveTrends.Fmt(bounds[j])}–{WaveTrends.Fmt(bounds[j + 1])} has one year only; no trend there");
                    continue;
                }
                var (w, how) = Weights(seg);
                var fit = LineFit.Fit(seg.Select(p => p.Year).ToArray(), seg.Select(p => Logit(p.Value / 100)).ToArray(), w);
                trends.Add(new SeriesTrend(key.Indicator, key.Group, seg[0].Year, seg[^1].Year, fit.Slope, fit.SlopeSe, fit.Intercept, seg.Count, how));
                if (seg.Count == 2) notes.Add($"{key.Indicator} ({key.Group}) {WaveTrends.Fmt(seg[0].Year)}–{WaveTrends.Fmt(seg[^1].Year)}: two points only, so the slope has no standard error");
            }
        }
        return new SeriesResult(points, trends, notes, cut, source, years[0], years[^1]);
    }

    private static (double[]? Weights, string How) Weights(IReadOnlyList<SeriesPoint> seg)
    {
        if (seg.All(p => p.N is not null)) return (seg.Select(p => p.N!.Value).ToArray(), "n");
        if (seg.All(p => p.Se is not null)) return (seg.Select(p => 1 / (p.Se!.Value * p.Se!.Value)).ToArray(), "1/se^2");
        return (null, "unweighted");
    }

    public static double Logit(double p) => Math.Log(p / (1 - p));
}
