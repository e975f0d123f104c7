using System.Globalization;
using System.Text;
using Cohesion.Framework;
using Cohesion.Simulation;

namespace Cohesion.Presentation.Charts;

/// <summary>Charts of a cohesion projection: fan charts (a band and a mean line per run for each dimension; the report
/// draws all dimensions as panels of one figure, the dashboard one figure per dimension) and decomposition bars
/// (composition, within-group and interaction parts per run and dimension). Round ticks, one palette.</summary>
public static class SimulationCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string N(double v) => SvgDocument.Num(v);
    private static string E(string s) => SvgDocument.Escape(s);

    private static string RunLabel(ProjectionRunResult r) => $"{r.Scenario} · {r.Societal}{(r.Policy is null ? "" : " · " + r.Policy)}";

    /// <summary>The report's figure: every dimension as a panel, all runs, with bands (labels in the language of
    /// <paramref name="format"/>; Dutch and English side by side without one).</summary>
    public static string FanCharts(CohesionProjectionResult result, CohesionFramework framework, string? note = null, ChartFormat? format = null)
    {
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        const int panelW = 430, panelH = 300, cols = 2, legendH = 22;
        int dims = result.DimensionIds.Count;
        int rows = (dims + cols - 1) / cols;
        int runs = result.Runs.Count;
        int width = cols * panelW + 20, height = 50 + rows * panelH + legendH * ((runs + 2) / 3) + 30;
        var sb = Header(width, height, L("Sociale samenhang tot 2050 (% ja)", "Social cohesion to 2050 (% yes)"));
        for (int d = 0; d < dims; d++)
        {
            var dim = framework.Dimension(result.DimensionIds[d]);
            Panel(sb, result.Runs, d, 10 + (d % cols) * panelW, 40 + (d / cols) * panelH, panelW, panelH, L(dim.LabelNl, dim.LabelEn),
                (v, decimals) => format is null ? (100 * v).ToString("0.#", Inv) + "%" : format.Percent(v, decimals));
        }
        int ly = 40 + rows * panelH + 8;
        for (int i = 0; i < runs; i++)
        {
            int lx = 20 + (i % 3) * 290, yy = ly + (i / 3) * legendH;
            string c = ChartPalette.Color(i);
            sb.Append($"<rect x=\"{lx}\" y=\"{yy - 9}\" width=\"14\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.5\" stroke=\"{c}\"/>\n");
            sb.Append($"<text x=\"{lx + 20}\" y=\"{yy}\" font-size=\"11\">{E(RunLabel(result.Runs[i]))}</text>\n");
        }
        return Footer(sb, width, height, note);
    }

    /// <summary>One dimension as its own figure (the dashboard's projection view), in one language; the runs are
    /// labelled directly under the panel.</summary>
    public static string DimensionChart(CohesionProjectionResult result, CohesionFramework framework, string dimension, ChartFormat format) =>
        DimensionChart(result.Runs, result.DimensionIds, framework, dimension, format);

    /// <summary>One dimension of runs read back (e.g. an ensemble from the catalogue) as its own figure, the same
    /// panel as the report's fan charts; <paramref name="qualifier"/> (e.g. "incl. demografische onzekerheid") is
    /// added to the title, <paramref name="provenance"/> put on the root.</summary>
    public static string DimensionChart(IReadOnlyList<ProjectionRunResult> runs, IReadOnlyList<string> dimensionIds, CohesionFramework framework,
        string dimension, ChartFormat format, (string Nl, string En)? qualifier = null, Provenance? provenance = null)
    {
        int d = Array.IndexOf(dimensionIds.ToArray(), dimension);
        if (d < 0) throw new ArgumentException($"no dimension '{dimension}' in the projection", nameof(dimension));
        const int width = 520, panelH = 280;
        int height = panelH + 18 * runs.Count + 12;
        var dim = framework.Dimension(dimension);
        string title = format.Text(dim.LabelNl, dim.LabelEn) + (qualifier is { } q ? ", " + format.Text(q.Nl, q.En) : "");
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title, Provenance = provenance?.Code() });
        sb.Append("<title>").Append(E(title)).Append("</title>\n");
        sb.Append($"<rect width=\"100%\" height=\"100%\" fill=\"{ChartPalette.Background}\"/>\n");
        Panel(sb, runs, d, 0, 0, width, panelH, title, (v, _) => format.Percent(v, 1));
        for (int i = 0; i < runs.Count; i++)
            sb.Append($"<text x=\"50\" y=\"{panelH + 14 + 18 * i}\" font-size=\"11\" fill=\"{ChartPalette.Color(i)}\">{E(RunLabel(runs[i]))}</text>\n");
        return SvgDocument.End(sb);
    }

    /// <summary>A panel of dimension <paramref name="d"/> at (px, py): round y ticks, years every 5, a band and a mean
    /// line (a path carrying <c>data-series</c>) per run; the formatter is told the decimals the ticks need (in percent).</summary>
    private static void Panel(StringBuilder sb, IReadOnlyList<ProjectionRunResult> runs, int d, int px, int py, int panelW, int panelH, string title, Func<double, int, string> format)
    {
        const int left = 50, right = 15, top = 28, bottom = 30;
        double pw = panelW - left - right, ph = panelH - top - bottom;
        var all = runs.SelectMany(r => r.Years.SelectMany(y => new[] { y.Dimensions[d].Lower, y.Dimensions[d].Upper, y.Dimensions[d].Mean })).Where(double.IsFinite).ToArray();
        var ticks = Ticks.Nice(all.Min(), all.Max(), 4);
        int decimals = Ticks.Decimals(ticks, 100);
        double lo = ticks[0], hi = ticks[^1];
        int y0 = runs[0].Years[0].Year, y1 = runs[0].Years[^1].Year;
        double X(double y) => px + left + (y - y0) / Math.Max(1, y1 - y0) * pw;
        double Y(double v) => py + top + ph - (v - lo) / (hi - lo) * ph;
        sb.Append($"<text x=\"{N(px + panelW / 2.0)}\" y=\"{N(py + 16)}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{E(title)}</text>\n");
        foreach (var v in ticks)
        {
            sb.Append($"<line x1=\"{N(px + left)}\" y1=\"{N(Y(v))}\" x2=\"{N(px + left + pw)}\" y2=\"{N(Y(v))}\" stroke=\"{ChartPalette.Grid}\"/>\n");
            sb.Append($"<text x=\"{N(px + left - 5)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"10\">{E(format(v, decimals))}</text>\n");
        }
        for (int y = (y0 + 4) / 5 * 5; y <= y1; y += 5)
            sb.Append($"<text x=\"{N(X(y))}\" y=\"{N(py + top + ph + 16)}\" text-anchor=\"middle\" font-size=\"10\">{y}</text>\n");
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            string c = ChartPalette.Color(i);
            var upper = run.Years.Select(y => $"{N(X(y.Year))},{N(Y(y.Dimensions[d].Upper))}");
            var lower = run.Years.AsEnumerable().Reverse().Select(y => $"{N(X(y.Year))},{N(Y(y.Dimensions[d].Lower))}");
            sb.Append($"<polygon points=\"{string.Join(" ", upper.Concat(lower))}\" fill=\"{c}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
            var line = string.Concat(run.Years.Select((y, k) => $"{(k == 0 ? "M" : "L")}{N(X(y.Year))},{N(Y(y.Dimensions[d].Mean))}"));
            sb.Append($"<path data-series=\"{E(RunLabel(run))}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\" d=\"{line}\"/>\n");
        }
        sb.Append($"<line x1=\"{N(px + left)}\" y1=\"{N(py + top + ph)}\" x2=\"{N(px + left + pw)}\" y2=\"{N(py + top + ph)}\" stroke=\"{ChartPalette.Axis}\"/>\n");
    }

    /// <summary>Stacked bars of the Kitagawa parts per run and dimension, with a mark at the total change.</summary>
    public static string DecompositionBars(CohesionProjectionResult result, CohesionFramework framework, string? note = null, ChartFormat? format = null)
    {
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        var rows = result.Decomposition;
        const int left = 330, right = 40, rowH = 20, top = 70;
        int width = 900, height = top + rows.Count * rowH + 70;
        var sb = Header(width, height, L("Ontleding van de verandering (procentpunt)", "Decomposition of the change (percentage points)"));
        double neg = rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v < 0).Sum()).DefaultIfEmpty(0).Min();
        double pos = rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v > 0).Sum()).DefaultIfEmpty(0).Max();
        double totalLo = rows.Select(r => r.Parts.TotalChange).Where(double.IsFinite).DefaultIfEmpty(0).Min();
        double totalHi = rows.Select(r => r.Parts.TotalChange).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var ticks = Ticks.Nice(Math.Min(Math.Min(neg, totalLo), 0), Math.Max(Math.Max(pos, totalHi), 0), 5);
        double lo = ticks[0], hi = ticks[^1];
        double pw = width - left - right;
        double X(double v) => left + (v - lo) / (hi - lo) * pw;
        (string Name, string Color)[] parts = [(L("samenstelling", "composition"), ChartPalette.Color(0)), (L("binnen groepen", "within groups"), ChartPalette.Color(1)), (L("interactie", "interaction"), ChartPalette.Color(7))];
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append($"<rect x=\"{20 + i * 250}\" y=\"40\" width=\"14\" height=\"10\" fill=\"{parts[i].Color}\"/>\n");
            sb.Append($"<text x=\"{40 + i * 250}\" y=\"49\" font-size=\"11\">{E(parts[i].Name)}</text>\n");
        }
        foreach (var t in ticks)
            sb.Append($"<line x1=\"{N(X(t))}\" y1=\"{top - 5}\" x2=\"{N(X(t))}\" y2=\"{top + rows.Count * rowH}\" stroke=\"{(t == 0 ? ChartPalette.Axis : ChartPalette.Grid)}\"/>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double y = top + i * rowH;
            var dim = framework.Dimension(r.Dimension);
            sb.Append($"<text x=\"{left - 8}\" y=\"{N(y + 13)}\" text-anchor=\"end\" font-size=\"11\">{E($"{r.Scenario} · {r.Societal} · {(format is null ? dim.LabelEn : format.Text(dim.LabelNl, dim.LabelEn))}")}</text>\n");
            double posAt = 0, negAt = 0;
            double[] values = [r.Parts.Composition, r.Parts.Within, r.Parts.Interaction];
            for (int p = 0; p < 3; p++)
            {
                double v = values[p];
                if (!double.IsFinite(v) || v == 0) continue;
                double a = v > 0 ? posAt : negAt + v, b = v > 0 ? posAt + v : negAt;
                if (v > 0) posAt += v; else negAt += v;
                sb.Append($"<rect x=\"{N(X(a))}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(0.5, X(b) - X(a)))}\" height=\"{rowH - 6}\" fill=\"{parts[p].Color}\"/>\n");
            }
            sb.Append($"<line x1=\"{N(X(r.Parts.TotalChange))}\" y1=\"{N(y + 1)}\" x2=\"{N(X(r.Parts.TotalChange))}\" y2=\"{N(y + rowH - 1)}\" stroke=\"black\" stroke-width=\"2\"/>\n");
            sb.Append($"<text x=\"{N(width - right + 4)}\" y=\"{N(y + 13)}\" font-size=\"10\">{(format is null ? (100 * r.Parts.TotalChange).ToString("+0.0;-0.0", Inv) : (r.Parts.TotalChange > 0 ? "+" : "") + format.Number(100 * r.Parts.TotalChange, 1))}</text>\n");
        }
        foreach (var t in ticks)
            sb.Append($"<text x=\"{N(X(t))}\" y=\"{top + rows.Count * rowH + 16}\" text-anchor=\"middle\" font-size=\"10\">{(format is null ? (100 * t).ToString("+0.#;-0.#;0", Inv) : (t > 0 ? "+" : "") + format.Number(100 * t, Ticks.Decimals(ticks, 100)))}</text>\n");
        sb.Append($"<text x=\"{N(left + pw / 2)}\" y=\"{top + rows.Count * rowH + 32}\" text-anchor=\"middle\" font-size=\"11\">{E(L("zwarte streep: totale verandering", "black mark: total change"))}</text>\n");
        return Footer(sb, width, height, note);
    }

    /// <summary>A document with a white background and a centred title (the report's figure style).</summary>
    internal static StringBuilder Header(int width, int height, string title)
    {
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title });
        sb.Append($"<title>{E(title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"{ChartPalette.Background}\"/>\n");
        sb.Append($"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{E(title)}</text>\n");
        return sb;
    }

    /// <summary>The optional source note at the bottom, and the end of the document.</summary>
    internal static string Footer(StringBuilder sb, int width, int height, string? note)
    {
        if (note is not null) sb.Append($"<text x=\"{width / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{E(note)}</text>\n");
        return SvgDocument.End(sb);
    }
}
