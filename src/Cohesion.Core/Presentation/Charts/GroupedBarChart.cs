namespace Cohesion.Presentation.Charts;

/// <summary>
/// A grouped horizontal bar chart: one block per category (e.g. a dimension), one bar per series (e.g. an education
/// level), with value labels and optional error bars. Missing (NaN) values leave a gap marked "✕". Round ticks.
/// Used by the report (measure by group) and the dashboard (groups view).
/// </summary>
public static class GroupedBarChart
{
    /// <param name="categories">Category labels (blocks).</param>
    /// <param name="series">Series labels (bars within a block, legend).</param>
    /// <param name="values">values[category][series], in [0, max].</param>
    /// <param name="lower">Optional lower ends of error bars, same shape.</param>
    /// <param name="upper">Optional upper ends.</param>
    /// <param name="format">Formats a value for its label (e.g. as a percentage).</param>
    public static string Render(string title, IReadOnlyList<string> categories, IReadOnlyList<string> series, double[][] values,
        Func<double, string> format, double[][]? lower = null, double[][]? upper = null, double? max = null)
    {
        const int width = 760, left = 210, right = 70, barH = 14, gap = 10, top = 34;
        int blockH = series.Count * barH + gap;
        int legendH = 22 * ((series.Count + 3) / 4);
        int height = top + categories.Count * blockH + legendH + 16;
        double dataMax = max ?? Math.Max(1e-9, values.SelectMany(v => v).Concat(upper?.SelectMany(u => u) ?? []).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        var ticks = Ticks.Nice(0, dataMax, 4);
        double vmax = ticks[^1];
        double X(double v) => left + v / vmax * (width - left - right);
        string E(string s) => SvgDocument.Escape(s);
        string N(double v) => SvgDocument.Num(v);
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title });
        sb.Append("<title>").Append(E(title)).Append("</title>\n");
        sb.Append($"<text x=\"{left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{E(title)}</text>\n");
        foreach (var v in ticks)
        {
            double x = X(v);
            sb.Append($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{top - 6}\" y2=\"{top + categories.Count * blockH - gap}\" stroke=\"{ChartPalette.Grid}\"/>\n");
            sb.Append($"<text x=\"{N(x)}\" y=\"{top - 8}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ChartPalette.Muted}\">{E(format(v))}</text>\n");
        }
        for (int c = 0; c < categories.Count; c++)
        {
            int y0 = top + c * blockH;
            sb.Append($"<text x=\"{left - 8}\" y=\"{N(y0 + series.Count * barH / 2.0 + 4)}\" font-size=\"12\" text-anchor=\"end\" fill=\"{ChartPalette.Text}\">{E(categories[c])}</text>\n");
            for (int s = 0; s < series.Count; s++)
            {
                double v = values[c][s];
                int y = y0 + s * barH;
                if (!double.IsFinite(v))
                {
                    sb.Append($"<text x=\"{left + 4}\" y=\"{y + barH - 3}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">✕</text>\n");
                    continue;
                }
                sb.Append($"<rect x=\"{left}\" y=\"{y + 1}\" width=\"{N(Math.Max(0.5, X(v) - left))}\" height=\"{barH - 2}\" fill=\"{ChartPalette.Color(s)}\"><title>{E(series[s])}: {E(format(v))}</title></rect>\n");
                double labelX = X(v) + 4;
                if (lower is not null && upper is not null && double.IsFinite(lower[c][s]) && double.IsFinite(upper[c][s]))
                {
                    sb.Append($"<line x1=\"{N(X(lower[c][s]))}\" x2=\"{N(X(upper[c][s]))}\" y1=\"{N(y + barH / 2.0)}\" y2=\"{N(y + barH / 2.0)}\" stroke=\"{ChartPalette.Text}\" stroke-width=\"1.2\"/>\n");
                    labelX = X(upper[c][s]) + 4;
                }
                sb.Append($"<text x=\"{N(labelX)}\" y=\"{y + barH - 3}\" font-size=\"10\" fill=\"{ChartPalette.Text}\">{E(format(v))}</text>\n");
            }
        }
        int ly = top + categories.Count * blockH + 8;
        for (int s = 0; s < series.Count; s++)
        {
            int lx = left + (s % 4) * 130, row = s / 4;
            sb.Append($"<rect x=\"{lx}\" y=\"{ly + row * 22}\" width=\"12\" height=\"12\" fill=\"{ChartPalette.Color(s)}\"/>\n");
            sb.Append($"<text x=\"{lx + 16}\" y=\"{ly + row * 22 + 10}\" font-size=\"11\" fill=\"{ChartPalette.Text}\">{E(series[s])}</text>\n");
        }
        return SvgDocument.End(sb);
    }
}
