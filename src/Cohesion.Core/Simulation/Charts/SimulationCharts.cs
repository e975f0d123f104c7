using System.Globalization;
using System.Text;
using Cohesion.Framework;

namespace Cohesion.Simulation.Charts;

/// <summary>Self-contained SVG charts of a cohesion projection: fan charts (one panel per dimension, a band and a
/// mean line per run) and decomposition bars (composition, within-group and interaction parts per run and
/// dimension). Labels in Dutch and English.</summary>
public static class SimulationCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private static string F(double v) => v.ToString("0.##", Inv);
    private static string Esc(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    private static string RunLabel(ProjectionRunResult r) => $"{r.Scenario} · {r.Societal}{(r.Policy is null ? "" : " · " + r.Policy)}";

    public static string FanCharts(CohesionProjectionResult result, CohesionFramework framework, string? note = null)
    {
        const int panelW = 430, panelH = 300, cols = 2, legendH = 22;
        int dims = result.DimensionIds.Count;
        int rows = (dims + cols - 1) / cols;
        int runs = result.Runs.Count;
        int width = cols * panelW + 20, height = 50 + rows * panelH + legendH * ((runs + 2) / 3) + 30;
        var sb = Header(width, height, "Sociale samenhang tot 2050 / social cohesion to 2050 (% ja / % yes)");
        for (int d = 0; d < dims; d++)
        {
            int px = 10 + (d % cols) * panelW, py = 40 + (d / cols) * panelH;
            const int left = 50, right = 15, top = 28, bottom = 30;
            double pw = panelW - left - right, ph = panelH - top - bottom;
            var all = result.Runs.SelectMany(r => r.Years.SelectMany(y => new[] { y.Dimensions[d].Lower, y.Dimensions[d].Upper, y.Dimensions[d].Mean })).Where(double.IsFinite).ToArray();
            double lo = Math.Floor(all.Min() * 100 / 2) * 2 / 100, hi = Math.Ceiling(all.Max() * 100 / 2) * 2 / 100;
            if (hi - lo < 0.04) { lo -= 0.02; hi += 0.02; }
            int y0 = result.Runs[0].Years[0].Year, y1 = result.Runs[0].Years[^1].Year;
            double X(double y) => px + left + (y - y0) / Math.Max(1, y1 - y0) * pw;
            double Y(double v) => py + top + ph - (v - lo) / (hi - lo) * ph;
            var dim = framework.Dimension(result.DimensionIds[d]);
            sb.Append($"<text x=\"{F(px + panelW / 2.0)}\" y=\"{F(py + 16)}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Esc(dim.LabelNl + " / " + dim.LabelEn)}</text>\n");
            for (int t = 0; t <= 4; t++)
            {
                double v = lo + (hi - lo) * t / 4;
                sb.Append($"<line x1=\"{F(px + left)}\" y1=\"{F(Y(v))}\" x2=\"{F(px + left + pw)}\" y2=\"{F(Y(v))}\" stroke=\"#e5e5e5\"/>\n");
                sb.Append($"<text x=\"{F(px + left - 5)}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"10\">{(100 * v).ToString("0.#", Inv)}%</text>\n");
            }
            for (int y = (y0 + 4) / 5 * 5; y <= y1; y += 5)
                sb.Append($"<text x=\"{F(X(y))}\" y=\"{F(py + top + ph + 16)}\" text-anchor=\"middle\" font-size=\"10\">{y}</text>\n");
            for (int i = 0; i < runs; i++)
            {
                var run = result.Runs[i];
                string c = Colors[i % Colors.Length];
                var upper = run.Years.Select(y => $"{F(X(y.Year))},{F(Y(y.Dimensions[d].Upper))}");
                var lower = run.Years.AsEnumerable().Reverse().Select(y => $"{F(X(y.Year))},{F(Y(y.Dimensions[d].Lower))}");
                sb.Append($"<polygon points=\"{string.Join(" ", upper.Concat(lower))}\" fill=\"{c}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
                sb.Append($"<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\" points=\"{string.Join(" ", run.Years.Select(y => $"{F(X(y.Year))},{F(Y(y.Dimensions[d].Mean))}"))}\"/>\n");
            }
            sb.Append($"<line x1=\"{F(px + left)}\" y1=\"{F(py + top + ph)}\" x2=\"{F(px + left + pw)}\" y2=\"{F(py + top + ph)}\" stroke=\"#333\"/>\n");
        }
        int ly = 40 + rows * panelH + 8;
        for (int i = 0; i < runs; i++)
        {
            int lx = 20 + (i % 3) * 290, yy = ly + (i / 3) * legendH;
            string c = Colors[i % Colors.Length];
            sb.Append($"<rect x=\"{lx}\" y=\"{yy - 9}\" width=\"14\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.5\" stroke=\"{c}\"/>\n");
            sb.Append($"<text x=\"{lx + 20}\" y=\"{yy}\" font-size=\"11\">{Esc(RunLabel(result.Runs[i]))}</text>\n");
        }
        Footer(sb, width, height, note);
        return sb.ToString();
    }

    public static string DecompositionBars(CohesionProjectionResult result, CohesionFramework framework, string? note = null)
    {
        var rows = result.Decomposition;
        const int left = 330, right = 40, rowH = 20, top = 70;
        int width = 900, height = top + rows.Count * rowH + 70;
        var sb = Header(width, height, "Decompositie van de verandering / decomposition of the change (procentpunt / percentage points)");
        double max = rows.SelectMany(r => new[] { Math.Abs(r.Parts.Composition), Math.Abs(r.Parts.Within), Math.Abs(r.Parts.Interaction), Math.Abs(r.Parts.TotalChange) })
            .Where(double.IsFinite).DefaultIfEmpty(0.01).Max();
        double neg = rows.Sum(r => 0.0) + rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v < 0).Sum()).DefaultIfEmpty(0).Min();
        double pos = rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v > 0).Sum()).DefaultIfEmpty(0).Max();
        double lo = Math.Min(neg, -max * 0.1), hi = Math.Max(pos, max * 0.1);
        double pw = width - left - right;
        double X(double v) => left + (v - lo) / (hi - lo) * pw;
        (string Name, string Color)[] parts = [("compositie / composition", "#4e79a7"), ("binnen groepen / within groups", "#f28e2b"), ("interactie / interaction", "#bab0ac")];
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append($"<rect x=\"{20 + i * 250}\" y=\"40\" width=\"14\" height=\"10\" fill=\"{parts[i].Color}\"/>\n");
            sb.Append($"<text x=\"{40 + i * 250}\" y=\"49\" font-size=\"11\">{Esc(parts[i].Name)}</text>\n");
        }
        sb.Append($"<line x1=\"{F(X(0))}\" y1=\"{top - 5}\" x2=\"{F(X(0))}\" y2=\"{top + rows.Count * rowH}\" stroke=\"#333\"/>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double y = top + i * rowH;
            var dim = framework.Dimension(r.Dimension);
            sb.Append($"<text x=\"{left - 8}\" y=\"{F(y + 13)}\" text-anchor=\"end\" font-size=\"11\">{Esc($"{r.Scenario} · {r.Societal} · {dim.LabelEn}")}</text>\n");
            double posAt = 0, negAt = 0;
            double[] values = [r.Parts.Composition, r.Parts.Within, r.Parts.Interaction];
            for (int p = 0; p < 3; p++)
            {
                double v = values[p];
                if (!double.IsFinite(v) || v == 0) continue;
                double a = v > 0 ? posAt : negAt + v, b = v > 0 ? posAt + v : negAt;
                if (v > 0) posAt += v; else negAt += v;
                sb.Append($"<rect x=\"{F(X(a))}\" y=\"{F(y + 3)}\" width=\"{F(Math.Max(0.5, X(b) - X(a)))}\" height=\"{rowH - 6}\" fill=\"{parts[p].Color}\"/>\n");
            }
            sb.Append($"<line x1=\"{F(X(r.Parts.TotalChange))}\" y1=\"{F(y + 1)}\" x2=\"{F(X(r.Parts.TotalChange))}\" y2=\"{F(y + rowH - 1)}\" stroke=\"black\" stroke-width=\"2\"/>\n");
            sb.Append($"<text x=\"{F(width - right + 4)}\" y=\"{F(y + 13)}\" font-size=\"10\">{(100 * r.Parts.TotalChange).ToString("+0.0;-0.0", Inv)}</text>\n");
        }
        for (int t = 0; t <= 4; t++)
        {
            double v = lo + (hi - lo) * t / 4;
            sb.Append($"<text x=\"{F(X(v))}\" y=\"{top + rows.Count * rowH + 16}\" text-anchor=\"middle\" font-size=\"10\">{(100 * v).ToString("+0.0;-0.0;0", Inv)}</text>\n");
        }
        sb.Append($"<text x=\"{F(left + pw / 2)}\" y=\"{top + rows.Count * rowH + 32}\" text-anchor=\"middle\" font-size=\"11\">black mark: total change / zwarte streep: totale verandering</text>\n");
        Footer(sb, width, height, note);
        return sb.ToString();
    }

    private static StringBuilder Header(int width, int height, string title)
    {
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        sb.Append($"<title>{Esc(title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append($"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Esc(title)}</text>\n");
        return sb;
    }

    private static void Footer(StringBuilder sb, int width, int height, string? note)
    {
        if (note is not null) sb.Append($"<text x=\"{width / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#666\">{Esc(note)}</text>\n");
        sb.Append("</svg>\n");
    }
}
