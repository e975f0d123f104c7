namespace Cohesion.Presentation.Charts;

/// <summary>One row of a <see cref="GroupDotPlot"/>: a group's estimate and interval (NaN = no value, e.g. suppressed).</summary>
public sealed record GroupDot(string Group, double Estimate, double Lower, double Upper);

/// <summary>One panel of a <see cref="GroupDotPlot"/> (e.g. a dimension) with the overall value as a reference line.</summary>
public sealed record GroupDotPanel(string Title, IReadOnlyList<GroupDot> Rows, double Overall = double.NaN);

/// <summary>
/// Groups as dot plots with intervals, one small panel per dimension (at most one series per panel, so no legend):
/// a dot per group at its estimate, a line for its interval clipped to the possible range [<c>min</c>, <c>max</c>],
/// the value written beside it, the overall value dashed; a group without a value (suppressed) is said in words.
/// Used by the dashboard's groups view.
/// </summary>
public static class GroupDotPlot
{
    public static string Render(string title, IReadOnlyList<GroupDotPanel> panels, Func<double, string> format, string missingText,
        double min = 0, double max = 1, string? overallText = null, string? provenance = null, string? note = null)
    {
        const int width = 760, left = 220, right = 120, rowH = 18, panelTop = 24, panelGap = 18, top = 34;
        int height = top + panels.Sum(p => panelTop + p.Rows.Count * rowH + panelGap) + 22 + (note is null ? 0 : 16);
        var all = panels.SelectMany(p => p.Rows).SelectMany(r => new[] { r.Lower, r.Upper, r.Estimate }).Where(double.IsFinite).ToList();
        double lo = all.Count == 0 ? min : Math.Max(min, all.Min()), hi = all.Count == 0 ? max : Math.Min(max, all.Max());
        var ticks = Ticks.Nice(lo, hi, 5);
        double t0 = Math.Max(min, ticks[0]), t1 = Math.Min(max, ticks[^1]);
        if (!(t1 > t0)) { t0 = min; t1 = max; }
        double X(double v) => left + (Math.Clamp(v, t0, t1) - t0) / (t1 - t0) * (width - left - right);
        string E(string s) => SvgDocument.Escape(s);
        string N(double v) => SvgDocument.Num(v);
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title, Provenance = provenance });
        sb.Append("<title>").Append(E(title)).Append("</title>\n");
        sb.Append($"<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{E(title)}</text>\n");
        int y0 = top;
        foreach (var panel in panels)
        {
            int plotTop = y0 + panelTop, plotBottom = plotTop + panel.Rows.Count * rowH;
            sb.Append($"<g class=\"panel\" data-panel=\"{E(panel.Title)}\">\n");
            sb.Append($"<text x=\"10\" y=\"{y0 + 15}\" font-size=\"12\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{E(panel.Title)}</text>\n");
            foreach (var t in ticks.Where(t => t >= t0 - 1e-12 && t <= t1 + 1e-12))
            {
                double x = X(t);
                sb.Append($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{plotTop - 2}\" y2=\"{plotBottom}\" stroke=\"{ChartPalette.Grid}\"/>\n");
                sb.Append($"<text x=\"{N(x)}\" y=\"{plotTop - 6}\" font-size=\"9\" text-anchor=\"middle\" fill=\"{ChartPalette.Muted}\">{E(format(t))}</text>\n");
            }
            if (double.IsFinite(panel.Overall))
            {
                double x = X(panel.Overall);
                var what = overallText is null ? format(panel.Overall) : $"{overallText}: {format(panel.Overall)}";
                sb.Append($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{plotTop - 2}\" y2=\"{plotBottom}\" stroke=\"{ChartPalette.Muted}\" stroke-dasharray=\"4 3\"><title>{E(what)}</title></line>\n");
            }
            for (int i = 0; i < panel.Rows.Count; i++)
            {
                var r = panel.Rows[i];
                double y = plotTop + i * rowH + rowH / 2.0;
                sb.Append($"<text x=\"{left - 8}\" y=\"{N(y + 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"{ChartPalette.Text}\">{E(r.Group)}</text>\n");
                if (!double.IsFinite(r.Estimate))
                {
                    sb.Append($"<text x=\"{left + 4}\" y=\"{N(y + 4)}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E(missingText)}</text>\n");
                    continue;
                }
                var label = format(r.Estimate);
                double labelX = X(r.Estimate) + 7;
                if (double.IsFinite(r.Lower) && double.IsFinite(r.Upper))
                {
                    double l = Math.Max(min, r.Lower), u = Math.Min(max, r.Upper);
                    sb.Append($"<line x1=\"{N(X(l))}\" x2=\"{N(X(u))}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{ChartPalette.Color(0)}\" stroke-width=\"2\" class=\"interval\"/>\n");
                    label += $" ({format(l)}–{format(u)})";
                    labelX = X(u) + 6;
                }
                sb.Append($"<circle cx=\"{N(X(r.Estimate))}\" cy=\"{N(y)}\" r=\"4\" fill=\"{ChartPalette.Color(0)}\"><title>{E(panel.Title)}, {E(r.Group)}: {E(label)}</title></circle>\n");
                sb.Append($"<text x=\"{N(labelX)}\" y=\"{N(y + 4)}\" font-size=\"10\" fill=\"{ChartPalette.Text}\">{E(format(r.Estimate))}</text>\n");
            }
            sb.Append("</g>\n");
            y0 = plotBottom + panelGap;
        }
        if (overallText is not null)
            sb.Append($"<text x=\"10\" y=\"{y0 + 6}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E($"- - - {overallText}")}</text>\n");
        if (note is not null)
            sb.Append($"<text x=\"10\" y=\"{y0 + 22}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E(note)}</text>\n");
        return SvgDocument.End(sb);
    }
}
