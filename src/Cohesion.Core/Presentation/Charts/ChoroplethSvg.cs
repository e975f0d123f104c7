using System.Globalization;
using System.Text;
using Cohesion.Presentation.Charts;

// The map renderer lives with the other charts; it keeps its namespace (Cohesion.Maps, with Topology and
// Classification) so that map code and its tests read as before.
namespace Cohesion.Maps;

/// <summary>What to draw: titles (Dutch and English), the measure's label, classes, which areas, a source line.</summary>
public sealed record ChoroplethOptions
{
    public required string TitleNl { get; init; }
    public required string TitleEn { get; init; }
    public string MeasureLabel { get; init; } = "";
    /// <summary>Number of quantile classes (ignored when <see cref="Breaks"/> is given).</summary>
    public int Classes { get; init; } = 5;
    /// <summary>Inner class breaks chosen by the user (null = quantiles).</summary>
    public IReadOnlyList<double>? Breaks { get; init; }
    /// <summary>Which areas of the topology to draw (null = all). Areas drawn without a value are hatched.</summary>
    public Func<TopoFeature, bool>? Include { get; init; }
    /// <summary>A note at the bottom, e.g. the data source and whether the data are synthetic.</summary>
    public string? SourceNote { get; init; }
    /// <summary>Where the values come from: shown in the legend and in every area's hover text, so a value beside a
    /// real place name always says whether it is real, synthetic or derived (null = unlabelled, for tests).</summary>
    public Provenance? Provenance { get; init; }
    /// <summary>The unit of the values (e.g. "% volwassenen / % of adults"): in the legend and every hover text (null = none).</summary>
    public string? Unit { get; init; }
    /// <summary>Where an area lies (e.g. its gemeente): appended to its name in the hover text and written as
    /// <c>data-context</c> (null = nothing).</summary>
    public Func<TopoFeature, string?>? AreaContext { get; init; }
    public double Width { get; init; } = 900;
    public int ValueDigits { get; init; } = 3;
    /// <summary>The output's language and number format (one title, decimal comma in Dutch); null = both languages.</summary>
    public ChartFormat? Format { get; init; }
}

/// <summary>Counts of what a rendered map holds (for tests and for the command's report).</summary>
public sealed record ChoroplethSummary(int Areas, int WithValue, int Missing, int ValuesWithoutArea, Classification Classes);

/// <summary>
/// Renders a choropleth as standalone SVG: one <c>&lt;path&gt;</c> per area with <c>id</c>, <c>data-code</c>,
/// <c>data-name</c>, <c>data-value</c> and a <c>&lt;title&gt;</c> (hover text), filled by class from a colour-blind-safe
/// sequential palette; areas without a value are hatched (an SVG pattern). Equirectangular projection with
/// longitude scaled by cos(52°), fitted to the drawn areas. A legend, NL/EN titles and a source line.
/// </summary>
public static class ChoroplethSvg
{
    private static readonly double CosLat0 = Math.Cos(52.0 * Math.PI / 180.0);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static ChoroplethSummary Write(TextWriter w, Topology topology, IReadOnlyDictionary<string, double> values, ChoroplethOptions options)
    {
        var features = Drawn(topology, options);
        var drawnValues = features.Select(f => values.TryGetValue(f.Code, out var v) ? v : double.NaN).ToArray();
        var classes = Classes(topology, values, options);
        var colours = ChartPalette.Sequential(classes.ClassCount);

        // projected bounding box of the drawn areas
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var f in features)
            foreach (var poly in f.Polygons)
                foreach (var ring in poly)
                {
                    xs.Clear(); ys.Clear();
                    topology.RingPoints(ring, xs, ys);
                    for (int i = 0; i < xs.Count; i++)
                    {
                        double px = xs[i] * CosLat0, py = ys[i];
                        if (px < minX) minX = px; if (px > maxX) maxX = px;
                        if (py < minY) minY = py; if (py > maxY) maxY = py;
                    }
                }
        if (features.Count == 0) { minX = minY = 0; maxX = maxY = 1; }
        const double margin = 12, legendWidth = 230, titleHeight = 58, footHeight = 30;
        double mapWidth = options.Width - legendWidth - 2 * margin;
        double scale = mapWidth / Math.Max(maxX - minX, 1e-9);
        double mapHeight = (maxY - minY) * scale;
        double legendHeight = 40 + 22 * (classes.ClassCount + 1);
        double height = titleHeight + Math.Max(mapHeight, legendHeight) + footHeight + margin;

        string provenanceText = options.Provenance is { } pl ? $" — {ChartFormat.Label(options.Format, pl.Label().Nl, pl.Label().En)}" : "";
        w.Write(SvgDocument.Open(new SvgRoot(options.Width, height) { Provenance = options.Provenance?.Code() }));
        w.WriteLine($"<title>{X(options.TitleNl)} / {X(options.TitleEn)}</title>");
        w.WriteLine("<defs><pattern id=\"hatch-missing\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\" patternTransform=\"rotate(45)\">" +
                    "<rect width=\"5\" height=\"5\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"" + MissingHatch + "\" stroke-width=\"1.4\"/></pattern></defs>");
        w.WriteLine("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        var fmt = options.Format;
        string L(string nl, string en) => ChartFormat.Label(fmt, nl, en);
        string Fmt(double v, int digits) => ChoroplethSvg.Fmt(v, digits, fmt);
        w.WriteLine($"<text x=\"{F(margin)}\" y=\"24\" font-size=\"18\" font-weight=\"bold\">{X(fmt is null ? options.TitleNl : fmt.Text(options.TitleNl, options.TitleEn))}</text>");
        if (fmt is null) w.WriteLine($"<text x=\"{F(margin)}\" y=\"46\" font-size=\"15\" fill=\"#444444\">{X(options.TitleEn)}</text>");
        double strokeWidth = features.Count > 2000 ? 0.1 : features.Count > 300 ? 0.3 : 0.6;
        w.WriteLine($"<g id=\"areas\" stroke=\"#ffffff\" stroke-width=\"{F(strokeWidth)}\" stroke-linejoin=\"round\" fill-rule=\"evenodd\" transform=\"translate({F(margin)},{F(titleHeight)})\">");
        int withValue = 0, missing = 0;
        var path = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int fi = 0; fi < features.Count; fi++)
        {
            var f = features[fi];
            seen.Add(f.Code);
            double v = drawnValues[fi];
            path.Clear();
            foreach (var poly in f.Polygons)
                foreach (var ring in poly)
                {
                    xs.Clear(); ys.Clear();
                    topology.RingPoints(ring, xs, ys);
                    for (int i = 0; i < xs.Count; i++)
                    {
                        double px = (xs[i] * CosLat0 - minX) * scale, py = (maxY - ys[i]) * scale;
                        path.Append(i == 0 ? 'M' : 'L').Append(F1(px)).Append(',').Append(F1(py));
                    }
                    path.Append('Z');
                }
            string fill;
            string valueText;
            if (double.IsNaN(v)) { fill = "url(#hatch-missing)"; valueText = L("geen gegevens", "no data"); missing++; }
            else { fill = colours[classes.ClassOf(v)]; valueText = Fmt(v, options.ValueDigits); withValue++; }
            var name = f.Name is null ? f.Code : $"{f.Name} ({f.Code})";
            var context = options.AreaContext?.Invoke(f);
            if (context is not null) name += ", " + context;
            if (options.Unit is not null && !double.IsNaN(v)) valueText += " " + options.Unit;
            w.Write($"<path id=\"{X(IdOf(f.Code))}\" data-code=\"{X(f.Code)}\"");
            if (f.Name is not null) w.Write($" data-name=\"{X(f.Name)}\"");
            if (context is not null) w.Write($" data-context=\"{X(context)}\"");
            if (!double.IsNaN(v)) w.Write($" data-value=\"{v.ToString("R", Inv)}\"");
            w.Write($" fill=\"{fill}\" d=\"{path}\"><title>{X(name)}: {X(valueText)}{(double.IsNaN(v) ? "" : X(provenanceText))}</title></path>\n");
        }
        w.WriteLine("</g>");

        // legend
        double lx = options.Width - legendWidth + 4, ly = titleHeight + 8;
        w.WriteLine($"<g id=\"legend\" font-size=\"12\" transform=\"translate({F(lx)},{F(ly)})\">");
        w.WriteLine($"<text x=\"0\" y=\"0\" font-weight=\"bold\">{X(options.MeasureLabel)}</text>");
        w.WriteLine($"<text x=\"0\" y=\"15\" fill=\"#555555\" font-size=\"10\">{X(options.Breaks is null ? $"{L("kwantielen", "quantiles")} ({classes.ClassCount})" : L("gekozen grenzen", "chosen breaks"))}</text>");
        if (options.Unit is not null)
            w.WriteLine($"<text x=\"0\" y=\"{F(legendHeight + 26)}\" font-size=\"11\" class=\"unit\">{X(options.Unit)}</text>");
        if (options.Provenance is { } lp)
            w.WriteLine($"<text x=\"0\" y=\"{F(legendHeight + 8)}\" font-weight=\"bold\" fill=\"{(lp == Cohesion.Provenance.Synthetic ? ChartPalette.Synthetic : ChartPalette.Real)}\" class=\"provenance\">{X(L(lp.Label().Nl, lp.Label().En))}</text>");
        for (int c = 0; c < classes.ClassCount; c++)
        {
            double y = 26 + 22 * c;
            w.WriteLine($"<rect x=\"0\" y=\"{F(y)}\" width=\"22\" height=\"16\" fill=\"{colours[c]}\" stroke=\"#999999\" stroke-width=\"0.5\"/>" +
                        $"<text x=\"30\" y=\"{F(y + 12)}\">{X(Fmt(classes.Breaks[c], options.ValueDigits))} – {X(Fmt(classes.Breaks[c + 1], options.ValueDigits))}</text>");
        }
        double my = 26 + 22 * classes.ClassCount;
        w.WriteLine($"<rect x=\"0\" y=\"{F(my)}\" width=\"22\" height=\"16\" fill=\"url(#hatch-missing)\" stroke=\"#999999\" stroke-width=\"0.5\"/>" +
                    $"<text x=\"30\" y=\"{F(my + 12)}\">{X(L("geen gegevens", "no data"))} ({missing})</text>");
        w.WriteLine("</g>");
        if (options.SourceNote is not null)
            w.WriteLine($"<text x=\"{F(margin)}\" y=\"{F(height - 10)}\" font-size=\"10\" fill=\"#555555\">{X(options.SourceNote)}</text>");
        w.Write(SvgDocument.Close);
        int orphan = values.Keys.Count(k => !seen.Contains(k));
        return new ChoroplethSummary(features.Count, withValue, missing, orphan, classes);
    }

    /// <summary>The areas a map draws: those <see cref="ChoroplethOptions.Include"/> keeps that have a shape.</summary>
    public static List<TopoFeature> Drawn(Topology topology, ChoroplethOptions options) =>
        topology.Features.Where(f => options.Include?.Invoke(f) ?? true).Where(f => f.Polygons.Length > 0).ToList();

    /// <summary>The classes of a map (the user's breaks, else quantiles of the drawn areas' values) and their colours:
    /// one definition for the SVG map and for a map drawn in the browser from its values.</summary>
    public static Classification Classes(Topology topology, IReadOnlyDictionary<string, double> values, ChoroplethOptions options)
    {
        var drawn = Drawn(topology, options).Select(f => values.TryGetValue(f.Code, out var v) ? v : double.NaN).ToArray();
        return options.Breaks is { Count: > 0 } ? Classification.Fixed(drawn, options.Breaks) : Classification.Quantile(drawn, options.Classes);
    }

    /// <summary>The hatching of areas without a value.</summary>
    public const string MissingHatch = "#8c8c8c";

    /// <summary>A valid XML id for an area code (codes starting with a digit get the prefix "a").</summary>
    public static string IdOf(string code)
    {
        var sb = new StringBuilder(code.Length + 1);
        if (code.Length == 0 || !(char.IsLetter(code[0]) || code[0] == '_')) sb.Append('a');
        foreach (var ch in code) sb.Append(char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        return sb.ToString();
    }

    private static string Fmt(double v, int digits, ChartFormat? format)
    {
        var s = v.ToString("G" + Math.Max(digits, 1), Inv);
        return format is { IsDutch: true } ? s.Replace('.', ',') : s;
    }
    private static string F(double v) => SvgDocument.Num(v);
    private static string F1(double v) => SvgDocument.Num1(v);
    private static string X(string s) => SvgDocument.Escape(s);
}
