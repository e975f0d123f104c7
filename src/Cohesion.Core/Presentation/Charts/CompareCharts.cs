using System.Globalization;
using System.Text;
using Cohesion.Compare;

namespace Cohesion.Presentation.Charts;

/// <summary>
/// The charts of the comparison as clean SVG: a ranked dot plot of one measure in one year (European countries,
/// highest first, the reference highlighted, intervals where the source allows, the European median dashed) and the
/// reference's trajectory against the median of the other European countries. Each chart names its source and
/// provenance in its footer.
/// </summary>
public static class CompareCharts
{
    private static readonly string RefColour = ChartPalette.Color(1), OtherColour = ChartPalette.Color(0);
    private const string MedianColour = ChartPalette.Muted;
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The European countries with a value on <paramref name="measureId"/> in <paramref name="year"/>, ranked.</summary>
    public static IReadOnlyList<CountryRow> EuropeanRows(CountryComparisonResult r, string measureId, int year) =>
        r.Rows.Where(x => x.Measure.Id == measureId && x.Year == year && x.Country.Europe).OrderBy(x => x.RankEurope).ThenBy(x => x.Country.Code, StringComparer.Ordinal).ToList();

    public static string DotPlot(CountryComparisonResult r, string measureId, int year, string lang)
    {
        var rows = EuropeanRows(r, measureId, year);
        if (rows.Count == 0) throw new ArgumentException($"no European values for {measureId} in {year}");
        var m = rows[0].Measure;
        var summary = r.Summaries.First(s => s.Measure.Id == measureId && s.Year == year);
        bool en = lang == "en";
        var fmt = ChartFormat.For(lang);
        var intervals = rows.Select(CountryIntervals.For).ToList();
        var all = rows.Select(x => x.Value).Concat(intervals.Where(i => i is not null).SelectMany(i => new[] { i!.Lower, i.Upper })).ToList();
        var (lo, hi) = Axis(all.Min(), all.Max(), m.Scale.Unit);
        const int width = 760, left = 190, right = 90, rowH = 16, top = 46;
        var footer = FooterLines(r, m, rows.Select(x => x.Source.SourceId), lang);
        bool noRef = summary.ReferenceValue is null;
        int plotBottom = top + rows.Count * rowH + 22;
        int height = plotBottom + (noRef ? 16 : 0) + 13 * footer.Count + 10;
        double X(double v) => left + (v - lo) / (hi - lo) * (width - left - right);
        var title = $"{(en ? m.LabelEn : m.LabelNl)}, {summary.Period}";
        var sb = Open(width, height, title);
        sb.Append(Ci, $"<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{Enc(title)}</text>");
        sb.Append(Ci, $"<text x=\"10\" y=\"34\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{Enc(en
            ? $"{rows.Count} European countries, rank 1 = highest; {r.Reference.NameEn} highlighted; dashed: European median"
            : $"{rows.Count} Europese landen, rang 1 = hoogste; {r.Reference.NameNl} gemarkeerd; gestippeld: Europese mediaan")}</text>");
        foreach (var t in AxisTicks(lo, hi))
        {
            double x = X(t);
            sb.Append(Ci, $"<line x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{top - 4}\" y2=\"{top + rows.Count * rowH}\" stroke=\"{ChartPalette.Grid}\"/>");
            sb.Append(Ci, $"<text x=\"{x:F1}\" y=\"{top + rows.Count * rowH + 14}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ChartPalette.Muted}\">{Format(t, m.Scale.Unit, fmt)}</text>");
        }
        if (double.IsFinite(summary.EuropeanMedian))
        {
            double x = X(summary.EuropeanMedian);
            sb.Append(Ci, $"<line x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{top - 4}\" y2=\"{top + rows.Count * rowH}\" stroke=\"{MedianColour}\" stroke-dasharray=\"4 3\"><title>{Enc(en ? "European median" : "Europese mediaan")}: {Format(summary.EuropeanMedian, m.Scale.Unit, fmt)}</title></line>");
        }
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            double y = top + i * rowH + rowH / 2.0;
            var colour = row.IsReference ? RefColour : OtherColour;
            var weight = row.IsReference ? " font-weight=\"bold\"" : "";
            sb.Append(Ci, $"<text x=\"{left - 8}\" y=\"{y + 4:F1}\" font-size=\"11\" text-anchor=\"end\" fill=\"{ChartPalette.Text}\"{weight}>{row.RankEurope}. {Enc(en ? row.Country.NameEn : row.Country.NameNl)}</text>");
            var label = $"{Format(row.Value, m.Scale.Unit, fmt)}";
            double labelX = X(row.Value) + 7;
            if (intervals[i] is { } iv)
            {
                sb.Append(Ci, $"<line x1=\"{X(iv.Lower):F1}\" x2=\"{X(iv.Upper):F1}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"{colour}\" stroke-width=\"1.3\"/>");
                label += $" ({Format(iv.Lower, m.Scale.Unit, fmt)}–{Format(iv.Upper, m.Scale.Unit, fmt)})";
                labelX = X(iv.Upper) + 5;
            }
            sb.Append(Ci, $"<circle cx=\"{X(row.Value):F1}\" cy=\"{y:F1}\" r=\"{(row.IsReference ? 5 : 3.5)}\" fill=\"{colour}\"><title>{Enc(en ? row.Country.NameEn : row.Country.NameNl)}: {Enc(label)}</title></circle>");
            if (row.IsReference)
                sb.Append(Ci, $"<text x=\"{labelX:F1}\" y=\"{y + 4:F1}\" font-size=\"10\" fill=\"{RefColour}\" font-weight=\"bold\">{Enc(label)}</text>");
        }
        if (noRef)
            sb.Append(Ci, $"<text x=\"10\" y=\"{plotBottom + 10}\" font-size=\"10\" fill=\"{RefColour}\">{Enc(en ? $"{r.Reference.NameEn}: no value ({summary.MissingEn})" : $"{r.Reference.NameNl}: geen waarde ({summary.MissingNl})")}</text>");
        Footer(sb, footer, plotBottom + (noRef ? 16 : 0) + 10);
        return SvgDocument.End(sb);
    }

    /// <summary>The reference's values over the years of a measure against the median of the other European countries.</summary>
    public static string TrajectoryChart(CountryComparisonResult r, Trajectory t, string lang)
    {
        bool en = lang == "en";
        var fmt = ChartFormat.For(lang);
        var m = t.Measure;
        var vals = t.Points.SelectMany(p => new[] { p.Reference ?? double.NaN, p.MedianOther }).Where(double.IsFinite).ToList();
        var (lo, hi) = Axis(vals.Min(), vals.Max(), m.Scale.Unit);
        int y0 = t.Points.Min(p => p.Year), y1 = t.Points.Max(p => p.Year);
        if (y1 == y0) y1 = y0 + 1;
        var footer = FooterLines(r, m, r.Rows.Where(x => x.Measure.Id == m.Id).Select(x => x.Source.SourceId), lang);
        const int width = 760, left = 60, right = 40, top = 64, plotH = 220;
        int height = top + plotH + 30 + 13 * footer.Count + 8, bottom = height - top - plotH;
        double X(int year) => left + (year - y0) / (double)(y1 - y0) * (width - left - right);
        double Y(double v) => top + (hi - v) / (hi - lo) * (height - top - bottom);
        var title = en ? m.LabelEn : m.LabelNl;
        var sb = Open(width, height, title);
        sb.Append(Ci, $"<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{Enc(title)}</text>");
        foreach (var v in AxisTicks(lo, hi))
        {
            sb.Append(Ci, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(v):F1}\" y2=\"{Y(v):F1}\" stroke=\"{ChartPalette.Grid}\"/>");
            sb.Append(Ci, $"<text x=\"{left - 6}\" y=\"{Y(v) + 4:F1}\" font-size=\"10\" text-anchor=\"end\" fill=\"{ChartPalette.Muted}\">{Format(v, m.Scale.Unit, fmt)}</text>");
        }
        foreach (var p in t.Points)
            sb.Append(Ci, $"<text x=\"{X(p.Year):F1}\" y=\"{height - bottom + 16}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ChartPalette.Muted}\">{p.Year}</text>");
        Series(sb, t.Points.Select(p => (p.Year, p.Reference ?? double.NaN)).ToList(), X, Y, RefColour, "", en ? r.Reference.NameEn : r.Reference.NameNl, m.Scale.Unit, fmt);
        Series(sb, t.Points.Select(p => (p.Year, p.MedianOther)).ToList(), X, Y, OtherColour, " stroke-dasharray=\"5 3\"",
            en ? "median of the other European countries" : "mediaan andere Europese landen", m.Scale.Unit, fmt);
        int ly = 40;
        sb.Append(Ci, $"<line x1=\"{left}\" x2=\"{left + 22}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{RefColour}\" stroke-width=\"2.5\"/><text x=\"{left + 28}\" y=\"{ly + 4}\" font-size=\"11\">{Enc(en ? r.Reference.NameEn : r.Reference.NameNl)}</text>");
        sb.Append(Ci, $"<line x1=\"{left + 220}\" x2=\"{left + 242}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{OtherColour}\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/><text x=\"{left + 248}\" y=\"{ly + 4}\" font-size=\"11\">{Enc(en ? "median of the other European countries" : "mediaan van de andere Europese landen")}</text>");
        Footer(sb, footer, top + plotH + 34);
        return SvgDocument.End(sb);
    }

    private static void Series(StringBuilder sb, List<(int Year, double V)> pts, Func<int, double> X, Func<double, double> Y, string colour, string dash, string name, string unit, ChartFormat format)
    {
        var path = new StringBuilder();
        bool pen = false;
        foreach (var (year, v) in pts)
        {
            if (!double.IsFinite(v)) { pen = false; continue; }
            path.Append(Ci, $"{(pen ? "L" : "M")}{X(year):F1},{Y(v):F1} ");
            pen = true;
        }
        if (path.Length > 0) sb.Append(Ci, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>");
        foreach (var (year, v) in pts.Where(p => double.IsFinite(p.V)))
            sb.Append(Ci, $"<circle cx=\"{X(year):F1}\" cy=\"{Y(v):F1}\" r=\"3.5\" fill=\"{colour}\"><title>{Enc(name)} {year}: {Format(v, unit, format)}</title></circle>");
    }

    private static StringBuilder Open(int width, int height, string title)
    {
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title });
        sb.Append("<title>").Append(Enc(title)).Append("</title>");
        return sb;
    }

    /// <summary>The footer lines (source and provenance, then the sources' caveats), wrapped to the chart width.</summary>
    private static List<string> FooterLines(CountryComparisonResult r, CountryMeasure m, IEnumerable<string> sourceIds, string lang)
    {
        var ids = sourceIds.ToHashSet();
        var srcs = r.Sources.Where(s => ids.Contains(s.Id)).ToList();
        var labels = string.Join("; ", srcs.Select(s => s.Label));
        var text = lang == "en"
            ? $"Source: {labels} (real published figures; ranks and medians derived). {m.Survey}, {m.Scale.En}."
            : $"Bron: {labels} (echte gepubliceerde cijfers; rangen en medianen afgeleid). {m.Survey}, {m.Scale.Nl}.";
        var lines = Wrap(text, 125);
        foreach (var s in srcs) lines.AddRange(Wrap(lang == "en" ? s.CaveatEn : s.CaveatNl, 125));
        return lines;
    }

    /// <summary>Words of <paramref name="text"/> in lines of at most <paramref name="width"/> characters (a longer word stands alone).</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line.ToString()); line.Clear(); }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    private static void Footer(StringBuilder sb, IReadOnlyList<string> lines, int y)
    {
        foreach (var l in lines) { sb.Append(Ci, $"<text x=\"10\" y=\"{y}\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Enc(l)}</text>"); y += 13; }
    }

    /// <summary>Axis limits: 0-10 means on a padded sub-range, shares and percentages likewise, scores around their range.</summary>
    private static (double Lo, double Hi) Axis(double min, double max, string unit)
    {
        double pad = Math.Max((max - min) * 0.08, unit == "proportion" ? 0.02 : 0.2);
        double step = Step(max - min + 2 * pad);
        double lo = Math.Floor((min - pad) / step) * step, hi = Math.Ceiling((max + pad) / step) * step;
        if (unit == "proportion") { lo = Math.Max(0, lo); hi = Math.Min(1, hi); }
        if (hi <= lo) hi = lo + step;
        return (lo, hi);
    }

    private static double Step(double range) => Ticks.NiceStep(range / 5);

    private static IEnumerable<double> AxisTicks(double lo, double hi)
    {
        double step = Step(hi - lo);
        for (double t = Math.Ceiling(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) yield return Math.Round(t, 10);
    }

    /// <summary>A value as the chart labels it: shares as percentages, means with one decimal, scores with two.</summary>
    /// <remarks>Numbers in the format of the output's language (decimal comma in Dutch); English without one.</remarks>
    public static string Format(double v, string unit, ChartFormat? format = null)
    {
        var f = format ?? ChartFormat.English;
        return (Math.Abs(v) < 1e-12 ? 0.0 : v, unit) switch
        {
            (var x, "proportion") => f.Number(100 * x, 0) + "%",
            (var x, "standardised_score") => f.Number(x, 2),
            (var x, "percent") => f.Number(x, 0) + "%",
            (var x, _) => f.Number(x, 1),
        };
    }

    private static string Enc(string s) => SvgDocument.Escape(s);
}
