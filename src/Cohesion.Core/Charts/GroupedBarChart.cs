using System.Globalization;
using System.Net;
using System.Text;

namespace Cohesion.Charts;

/// <summary>
/// A grouped horizontal bar chart as clean SVG: one block per category (e.g. a dimension), one bar per series
/// (e.g. an education level), with value labels and optional error bars. Missing (NaN) values leave a gap marked "✕".
/// </summary>
public static class GroupedBarChart
{
    public static readonly string[] Palette = ["#01689b", "#e17000", "#39870c", "#a90061", "#42145f", "#8fcae7", "#ca005d", "#673327"];

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
        double vmax = max ?? Math.Max(1e-9, values.SelectMany(v => v).Concat(upper?.SelectMany(u => u) ?? []).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        double X(double v) => left + v / vmax * (width - left - right);
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Enc(title)}\" font-family=\"Verdana, Arial, sans-serif\">");
        sb.Append("<title>").Append(Enc(title)).Append("</title>");
        sb.Append(ci, $"<text x=\"{left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"#154273\">{Enc(title)}</text>");
        for (int g = 0; g <= 4; g++)
        {
            double v = vmax * g / 4, x = X(v);
            sb.Append(ci, $"<line x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{top - 6}\" y2=\"{top + categories.Count * blockH - gap}\" stroke=\"#e6e6e6\"/>");
            sb.Append(ci, $"<text x=\"{x:F1}\" y=\"{top - 8}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#535353\">{Enc(format(v))}</text>");
        }
        for (int c = 0; c < categories.Count; c++)
        {
            int y0 = top + c * blockH;
            sb.Append(ci, $"<text x=\"{left - 8}\" y=\"{y0 + series.Count * barH / 2.0 + 4:F1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a1a1a\">{Enc(categories[c])}</text>");
            for (int s = 0; s < series.Count; s++)
            {
                double v = values[c][s];
                int y = y0 + s * barH;
                if (!double.IsFinite(v))
                {
                    sb.Append(ci, $"<text x=\"{left + 4}\" y=\"{y + barH - 3}\" font-size=\"10\" fill=\"#535353\">✕</text>");
                    continue;
                }
                sb.Append(ci, $"<rect x=\"{left}\" y=\"{y + 1}\" width=\"{Math.Max(0.5, X(v) - left):F1}\" height=\"{barH - 2}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Enc(series[s])}: {Enc(format(v))}</title></rect>");
                double labelX = X(v) + 4;
                if (lower is not null && upper is not null && double.IsFinite(lower[c][s]) && double.IsFinite(upper[c][s]))
                {
                    sb.Append(ci, $"<line x1=\"{X(lower[c][s]):F1}\" x2=\"{X(upper[c][s]):F1}\" y1=\"{y + barH / 2.0:F1}\" y2=\"{y + barH / 2.0:F1}\" stroke=\"#1a1a1a\" stroke-width=\"1.2\"/>");
                    labelX = X(upper[c][s]) + 4;
                }
                sb.Append(ci, $"<text x=\"{labelX:F1}\" y=\"{y + barH - 3}\" font-size=\"10\" fill=\"#1a1a1a\">{Enc(format(v))}</text>");
            }
        }
        int ly = top + categories.Count * blockH + 8;
        for (int s = 0; s < series.Count; s++)
        {
            int lx = left + (s % 4) * 130, row = s / 4;
            sb.Append(ci, $"<rect x=\"{lx}\" y=\"{ly + row * 22}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/>");
            sb.Append(ci, $"<text x=\"{lx + 16}\" y=\"{ly + row * 22 + 10}\" font-size=\"11\" fill=\"#1a1a1a\">{Enc(series[s])}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
