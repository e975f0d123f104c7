using System.Globalization;
using Cohesion.Trends;

namespace Cohesion.Presentation.Charts;

/// <summary>One line of a trend chart: points (x = year, y = percent) and optional fitted segments.</summary>
public sealed record TrendLine(string Label, IReadOnlyList<(double X, double Y)> Points, IReadOnlyList<(double X0, double Y0, double X1, double Y1)> Fits);

/// <summary>One panel: a title and its lines.</summary>
public sealed record TrendPanel(string Title, IReadOnlyList<TrendLine> Lines);

/// <summary>
/// Self-contained SVG line charts in the style of CBS StatLine: one panel per indicator (small multiples), a line with
/// markers per group, the fitted logit-scale trends dashed, percentages on the y axis, a source line and the data's
/// provenance (real / synthetic / derived) under the chart.
/// </summary>
public static class TrendCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string F(double v) => SvgDocument.Num(v);
    private static string Esc(string s) => SvgDocument.Escape(s);

    /// <summary>The panels of a series result: one per indicator, each group a line, the segments' fits dashed.</summary>
    public static IReadOnlyList<TrendPanel> Panels(SeriesResult r, Func<string, string>? title = null, int minYears = 2)
    {
        var panels = new List<TrendPanel>();
        foreach (var ind in r.Points.Select(p => p.Indicator).Distinct())
        {
            var lines = new List<TrendLine>();
            foreach (var grp in r.Points.Where(p => p.Indicator == ind).Select(p => p.Group).Distinct())
            {
                var pts = r.Points.Where(p => p.Indicator == ind && p.Group == grp).OrderBy(p => p.Year).Select(p => (p.Year, p.Value)).ToList();
                if (pts.Count < minYears) continue;
                var fits = r.Trends.Where(t => t.Indicator == ind && t.Group == grp)
                    .Select(t => (t.From, t.FittedPercent(t.From), t.To, t.FittedPercent(t.To))).ToList();
                lines.Add(new TrendLine(grp, pts, fits));
            }
            if (lines.Count > 0) panels.Add(new TrendPanel(title?.Invoke(ind) ?? ind, lines));
        }
        return panels;
    }

    /// <param name="format">The output's number format (decimal comma in Dutch); null = invariant (CLI figure files).</param>
    public static string Render(string title, IReadOnlyList<TrendPanel> panels, string source, string provenance, int columns = 3,
        string yLabel = "%", double? xMin = null, double? xMax = null, ChartFormat? format = null)
    {
        string Tick(double v) => format is null ? v.ToString("0.##", Inv) : format.Number(v, Math.Abs(v - Math.Round(v)) < 1e-9 ? 0 : Math.Abs(v * 10 - Math.Round(v * 10)) < 1e-9 ? 1 : 2);
        string Value(double v) => format is null ? v.ToString("0.0", Inv) : format.Number(v, 1);
        // years (and quarters as fractional years) without a thousands separator, with the output's decimal mark
        string Year(double x) => format is { IsDutch: true } ? x.ToString("0.##", Inv).Replace('.', ',') : x.ToString("0.##", Inv);
        const int panelW = 300, panelH = 210, legendLine = 13;
        int cols = Math.Max(1, Math.Min(columns, panels.Count));
        int rows = (panels.Count + cols - 1) / cols;
        int maxLegend = panels.Count == 0 ? 0 : panels.Max(p => p.Lines.Count);
        int cellH = panelH + legendLine * maxLegend + 8;
        int width = cols * panelW + 20, height = 48 + rows * cellH + 40;
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title });
        sb.Append($"<title>{Esc(title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Esc(title)}</text>\n");
        double gx0 = xMin ?? panels.SelectMany(p => p.Lines).SelectMany(l => l.Points).Select(p => p.X).DefaultIfEmpty(0).Min();
        double gx1 = xMax ?? panels.SelectMany(p => p.Lines).SelectMany(l => l.Points).Select(p => p.X).DefaultIfEmpty(1).Max();
        if (gx1 <= gx0) gx1 = gx0 + 1;
        for (int i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            int px = 10 + (i % cols) * panelW, py = 40 + (i / cols) * cellH;
            const int left = 40, right = 12, top = 24, bottom = 26;
            double pw = panelW - left - right, ph = panelH - top - bottom;
            var ys = panel.Lines.SelectMany(l => l.Points.Select(p => p.Y).Concat(l.Fits.SelectMany(f => new[] { f.Y0, f.Y1 }))).Where(double.IsFinite).ToArray();
            var yTicks = Ticks.Nice(Math.Max(0, ys.Min() - 2), Math.Min(100, ys.Max() + 2), 4);
            double lo = yTicks[0], hi = yTicks[^1];
            double X(double x) => px + left + (x - gx0) / (gx1 - gx0) * pw;
            double Y(double v) => py + top + ph - (v - lo) / (hi - lo) * ph;
            sb.Append($"<g data-panel=\"{Esc(panel.Title)}\">\n");
            sb.Append($"<text x=\"{F(px + left)}\" y=\"{F(py + 14)}\" font-size=\"12\" font-weight=\"bold\">{Esc(panel.Title)}</text>\n");
            foreach (var v in yTicks)
            {
                sb.Append($"<line x1=\"{F(px + left)}\" y1=\"{F(Y(v))}\" x2=\"{F(px + left + pw)}\" y2=\"{F(Y(v))}\" stroke=\"{ChartPalette.Grid}\"/>\n");
                sb.Append($"<text x=\"{F(px + left - 4)}\" y=\"{F(Y(v) + 3)}\" text-anchor=\"end\" font-size=\"9\">{Tick(v)}{yLabel}</text>\n");
            }
            double step = Math.Max(1, Math.Ceiling(Ticks.NiceStep((gx1 - gx0) / 5)));
            for (double x = Math.Ceiling(gx0); x <= gx1 + 1e-9; x += step)
                sb.Append($"<text x=\"{F(X(x))}\" y=\"{F(py + top + ph + 14)}\" text-anchor=\"middle\" font-size=\"9\">{x.ToString("0", Inv)}</text>\n");
            sb.Append($"<line x1=\"{F(px + left)}\" y1=\"{F(py + top + ph)}\" x2=\"{F(px + left + pw)}\" y2=\"{F(py + top + ph)}\" stroke=\"{ChartPalette.Axis}\"/>\n");
            for (int l = 0; l < panel.Lines.Count; l++)
            {
                var line = panel.Lines[l];
                string c = ChartPalette.Color(l);
                if (line.Points.Count > 1)
                    sb.Append($"<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\" points=\"{string.Join(" ", line.Points.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"))}\"/>\n");
                foreach (var (x, y) in line.Points)
                    sb.Append($"<circle cx=\"{F(X(x))}\" cy=\"{F(Y(y))}\" r=\"2.6\" fill=\"{c}\"><title>{Esc(line.Label)} {Year(x)}: {Value(y)}{yLabel}</title></circle>\n");
                foreach (var f in line.Fits)
                    sb.Append($"<line x1=\"{F(X(f.X0))}\" y1=\"{F(Y(f.Y0))}\" x2=\"{F(X(f.X1))}\" y2=\"{F(Y(f.Y1))}\" stroke=\"{c}\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\" opacity=\"0.8\"/>\n");
                int ly = py + panelH + l * legendLine;
                sb.Append($"<rect x=\"{px + left}\" y=\"{ly - 8}\" width=\"10\" height=\"3\" fill=\"{c}\"/>\n");
                sb.Append($"<text x=\"{px + left + 14}\" y=\"{ly - 3}\" font-size=\"10\">{Esc(line.Label)}</text>\n");
            }
            sb.Append("</g>\n");
        }
        sb.Append($"<text x=\"10\" y=\"{height - 22}\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Esc("Bron / source: " + source)}</text>\n");
        sb.Append($"<text x=\"10\" y=\"{height - 8}\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Esc(provenance + " — dashed: fitted trend on the logit scale / gestippeld: trend op logitschaal")}</text>\n");
        return SvgDocument.End(sb);
    }
}
