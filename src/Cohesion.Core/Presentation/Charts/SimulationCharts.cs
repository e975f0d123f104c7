using System.Globalization;
using System.Text;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Presentation;

namespace Cohesion.Presentation.Charts;

/// <summary>Charts of a cohesion projection: fan charts (a band and a mean line per run for each dimension; the report
/// draws all dimensions as panels of one figure, the dashboard one figure per dimension) and decomposition bars
/// (composition, within-group and interaction parts per run and dimension). Round ticks, one palette.</summary>
public static class SimulationCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string N(double v) => SvgDocument.Num(v);
    private static string E(string s) => SvgDocument.Escape(s);

    /// <summary>The most series one panel draws; with more runs, a panel shows the first run (the central scenario)
    /// with its band, the highest and lowest runs in the last year and the range of all of them as a grey area.</summary>
    public const int MaxSeries = 6;

    private static string Word(ChartFormat? format, (string Nl, string En) x) => ChartFormat.Label(format, x.Nl, x.En);

    /// <summary>A run's population scenario in words ("Lage migratie").</summary>
    private static string PopulationWord(ProjectionRunResult r, RunNames names, ChartFormat? format) => Word(format, names.Population(r.Scenario));

    /// <summary>A run's societal scenario (and policy) in words ("geen maatschappelijke verandering + beleid …").</summary>
    private static string SocietalWord(string societal, string? policy, RunNames names, ChartFormat? format) =>
        Word(format, names.Societal(societal)) + (policy is null ? "" : " + " + Word(format, names.Policy(policy)));

    private static string RunWord(ProjectionRunResult r, RunNames names, ChartFormat? format) =>
        PopulationWord(r, names, format) + ", " + SocietalWord(r.Societal, r.Policy, names, format);

    /// <summary>The report's figure: a row of panels per dimension, a column per societal scenario (and policy), the
    /// population scenarios inside a panel (at most <see cref="MaxSeries"/> series, labelled directly at their
    /// end); labels in words and in the language of <paramref name="format"/> (Dutch and English side by side without one).</summary>
    public static string FanCharts(CohesionProjectionResult result, CohesionFramework framework, string? note = null, ChartFormat? format = null, RunNames? names = null)
    {
        names ??= RunNames.Ids;
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        var groups = result.Runs.GroupBy(r => (r.Societal, r.Policy)).Select(g => g.ToList()).ToList();
        int dims = result.DimensionIds.Count;
        // one group: the dimensions two by two; more groups: a row per dimension (wrapped after three columns),
        // a column per group, so a column always holds the same societal scenario
        int cols = groups.Count == 1 ? Math.Min(2, dims) : Math.Min(groups.Count, 3);
        int rowsPerDim = groups.Count == 1 ? 1 : (groups.Count + cols - 1) / cols;
        int rows = groups.Count == 1 ? (dims + cols - 1) / cols : dims * rowsPerDim;
        int panelW = cols >= 3 ? 340 : 450, panelH = 260;
        int width = cols * panelW + 20, height = 50 + rows * panelH + 30;
        var sb = Header(width, height, L("Sociale samenhang tot 2050 (% ja)", "Social cohesion to 2050 (% yes)"));
        Func<double, int, string> pct = (v, decimals) => format is null ? (100 * v).ToString("0.#", Inv) + "%" : format.Percent(v, decimals);
        for (int d = 0; d < dims; d++)
        {
            var dim = framework.Dimension(result.DimensionIds[d]);
            var ticks = DimensionTicks(result.Runs, d);
            for (int gi = 0; gi < groups.Count; gi++)
            {
                var g = groups[gi];
                int cell = groups.Count == 1 ? d : d * rowsPerDim * cols + gi;
                string title = L(dim.LabelNl, dim.LabelEn), subtitle = groups.Count == 1 ? "" : SocietalWord(g[0].Societal, g[0].Policy, names, format);
                Panel(sb, g, d, 10 + (cell % cols) * panelW, 40 + (cell / cols) * panelH, panelW, panelH, title, pct, ticks, names, format, subtitle);
            }
        }
        return Footer(sb, width, height, note);
    }

    /// <summary>One dimension as its own figure (the dashboard's projection view), in one language; the runs are
    /// labelled directly at the end of their lines.</summary>
    public static string DimensionChart(CohesionProjectionResult result, CohesionFramework framework, string dimension, ChartFormat format, RunNames? names = null) =>
        DimensionChart(result.Runs, result.DimensionIds, framework, dimension, format, names: names);

    /// <summary>One dimension of runs read back (e.g. an ensemble from the catalogue) as its own figure, the same
    /// panel as the report's fan charts; <paramref name="qualifier"/> (e.g. "incl. demografische onzekerheid") is
    /// added to the title, <paramref name="provenance"/> put on the root.</summary>
    public static string DimensionChart(IReadOnlyList<ProjectionRunResult> runs, IReadOnlyList<string> dimensionIds, CohesionFramework framework,
        string dimension, ChartFormat format, (string Nl, string En)? qualifier = null, Provenance? provenance = null, RunNames? names = null)
    {
        names ??= RunNames.Ids;
        int d = Array.IndexOf(dimensionIds.ToArray(), dimension);
        if (d < 0) throw new ArgumentException($"no dimension '{dimension}' in the projection", nameof(dimension));
        const int width = 560, panelH = 300;
        var dim = framework.Dimension(dimension);
        string title = format.Text(dim.LabelNl, dim.LabelEn) + (qualifier is { } q ? ", " + format.Text(q.Nl, q.En) : "");
        var sb = SvgDocument.Begin(new SvgRoot(width, panelH + 10) { Label = title, Provenance = provenance?.Code() });
        sb.Append("<title>").Append(E(title)).Append("</title>\n");
        sb.Append($"<rect width=\"100%\" height=\"100%\" fill=\"{ChartPalette.Background}\"/>\n");
        Panel(sb, runs, d, 0, 0, width, panelH, title, (v, decimals) => format.Percent(v, Math.Max(1, decimals)), DimensionTicks(runs, d), names, format);
        return SvgDocument.End(sb);
    }

    /// <summary>Round y ticks covering every run's band of dimension <paramref name="d"/>.</summary>
    private static double[] DimensionTicks(IEnumerable<ProjectionRunResult> runs, int d)
    {
        var all = runs.SelectMany(r => r.Years.SelectMany(y => new[] { y.Dimensions[d].Lower, y.Dimensions[d].Upper, y.Dimensions[d].Mean })).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        return Ticks.Nice(all.Min(), all.Max(), 4);
    }

    /// <summary>A panel of dimension <paramref name="d"/> at (px, py): round y ticks, years every 5; up to
    /// <see cref="MaxSeries"/> runs a band and a mean line each (a path carrying <c>data-series</c>), labelled at
    /// the line's end; more runs: the first with its band, the highest and lowest in the last year, and the range of
    /// all means as a grey area.</summary>
    private static void Panel(StringBuilder sb, IReadOnlyList<ProjectionRunResult> runs, int d, int px, int py, int panelW, int panelH, string title,
        Func<double, int, string> format, double[] ticks, RunNames names, ChartFormat? chartFormat, string subtitle = "")
    {
        const int left = 50, bottom = 40, right = 118;
        int top = subtitle.Length > 0 ? 40 : 28;
        double pw = panelW - left - right, ph = panelH - top - bottom;
        int decimals = Ticks.Decimals(ticks, 100);
        double lo = ticks[0], hi = ticks[^1];
        int y0 = runs[0].Years[0].Year, y1 = runs[0].Years[^1].Year;
        double X(double y) => px + left + (y - y0) / Math.Max(1, y1 - y0) * pw;
        double Y(double v) => py + top + ph - (v - lo) / (hi - lo) * ph;
        sb.Append($"<text x=\"{N(px + left + pw / 2.0)}\" y=\"{N(py + 16)}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">{E(title)}</text>\n");
        if (subtitle.Length > 0) sb.Append($"<text x=\"{N(px + left + pw / 2.0)}\" y=\"{N(py + 30)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{ChartPalette.Muted}\">{E(subtitle)}</text>\n");
        foreach (var v in ticks)
        {
            sb.Append($"<line x1=\"{N(px + left)}\" y1=\"{N(Y(v))}\" x2=\"{N(px + left + pw)}\" y2=\"{N(Y(v))}\" stroke=\"{ChartPalette.Grid}\"/>\n");
            sb.Append($"<text x=\"{N(px + left - 5)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"10\">{E(format(v, decimals))}</text>\n");
        }
        for (int y = (y0 + 4) / 5 * 5; y <= y1; y += 5)
            sb.Append($"<text x=\"{N(X(y))}\" y=\"{N(py + top + ph + 16)}\" text-anchor=\"middle\" font-size=\"10\">{y}</text>\n");
        List<(ProjectionRunResult Run, string Color, bool Band)> drawn;
        if (runs.Count <= MaxSeries) drawn = runs.Select((r, i) => (r, ChartPalette.Color(i), true)).ToList();
        else
        {
            // the range of every run's mean, then the central run, the highest and the lowest in the last year
            var upper = runs[0].Years.Select((y, k) => $"{N(X(y.Year))},{N(Y(runs.Max(r => r.Years[k].Dimensions[d].Mean)))}");
            var lower = runs[0].Years.Select((y, k) => $"{N(X(y.Year))},{N(Y(runs.Min(r => r.Years[k].Dimensions[d].Mean)))}").Reverse();
            sb.Append($"<polygon points=\"{string.Join(" ", upper.Concat(lower))}\" fill=\"{ChartPalette.Muted}\" fill-opacity=\"0.22\" stroke=\"none\"/>\n");
            var byEnd = runs.Skip(1).OrderByDescending(r => r.Years[^1].Dimensions[d].Mean).ToList();
            drawn = [(runs[0], ChartPalette.Color(0), true), (byEnd[0], ChartPalette.Color(1), false), (byEnd[^1], ChartPalette.Color(2), false)];
            sb.Append($"<text x=\"{N(px + left)}\" y=\"{N(py + top + ph + 32)}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E(ChartFormat.Label(chartFormat, $"grijs: bereik van {runs.Count} bevolkingsscenario's", $"grey: range of {runs.Count} population scenarios"))}</text>\n");
        }
        foreach (var (run, c, band) in drawn)
        {
            if (band)
            {
                var upper = run.Years.Select(y => $"{N(X(y.Year))},{N(Y(y.Dimensions[d].Upper))}");
                var lower = run.Years.AsEnumerable().Reverse().Select(y => $"{N(X(y.Year))},{N(Y(y.Dimensions[d].Lower))}");
                sb.Append($"<polygon points=\"{string.Join(" ", upper.Concat(lower))}\" fill=\"{c}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
            }
            var line = string.Concat(run.Years.Select((y, k) => $"{(k == 0 ? "M" : "L")}{N(X(y.Year))},{N(Y(y.Dimensions[d].Mean))}"));
            sb.Append($"<path data-series=\"{E(RunWord(run, names, chartFormat))}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\" d=\"{line}\"/>\n");
        }
        // direct labels at the end of each line, pushed apart to at least 12 px
        var labels = drawn.Select(x => (Text: PopulationWord(x.Run, names, chartFormat), x.Color, Y: Y(x.Run.Years[^1].Dimensions[d].Mean))).OrderBy(x => x.Y).ToList();
        double prev = double.NegativeInfinity;
        foreach (var (text, c, y) in labels)
        {
            double at = Math.Max(y + 4, prev + 12);
            sb.Append($"<text x=\"{N(px + left + pw + 4)}\" y=\"{N(at)}\" font-size=\"10\" fill=\"{c}\">{E(text)}</text>\n");
            prev = at;
        }
        sb.Append($"<line x1=\"{N(px + left)}\" y1=\"{N(py + top + ph)}\" x2=\"{N(px + left + pw)}\" y2=\"{N(py + top + ph)}\" stroke=\"{ChartPalette.Axis}\"/>\n");
    }

    /// <summary>Stacked bars of the Kitagawa parts: a panel per dimension, a bar per run sorted by the total change
    /// (largest first), a mark at the total change; round ticks shared by the panels; labels in words.</summary>
    public static string DecompositionBars(CohesionProjectionResult result, CohesionFramework framework, string? note = null, ChartFormat? format = null, RunNames? names = null)
    {
        names ??= RunNames.Ids;
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        var rows = result.Decomposition;
        var dims = rows.Select(r => r.Dimension).Distinct().ToList();
        const int left = 300, right = 50, rowH = 18, subH = 18, panelGap = 34, top = 64;
        int subgroupRows = dims.Sum(d => rows.Where(r => r.Dimension == d).Select(r => (r.Societal, r.Policy)).Distinct().Count() is var k && k > 1 ? k : 0);
        int height = top + dims.Count * panelGap + (rows.Count + subgroupRows) * subH + 56;
        int width = 900;
        var sb = Header(width, height, L("Ontleding van de verandering tot 2050 (procentpunt)", "Decomposition of the change to 2050 (percentage points)"));
        double neg = rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v < 0).Sum()).DefaultIfEmpty(0).Min();
        double pos = rows.Select(r => new[] { r.Parts.Composition, r.Parts.Within, r.Parts.Interaction }.Where(v => v > 0).Sum()).DefaultIfEmpty(0).Max();
        double totalLo = rows.Select(r => r.Parts.TotalChange).Where(double.IsFinite).DefaultIfEmpty(0).Min();
        double totalHi = rows.Select(r => r.Parts.TotalChange).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var ticks = Ticks.Nice(Math.Min(Math.Min(neg, totalLo), 0), Math.Max(Math.Max(pos, totalHi), 0), 5);
        int tickDecimals = Ticks.Decimals(ticks, 100);
        double lo = ticks[0], hi = ticks[^1];
        double pw = width - left - right;
        double X(double v) => left + (v - lo) / (hi - lo) * pw;
        string Pp(double v, int decimals) => format is null ? (100 * v).ToString(decimals == 0 ? "+0;-0;0" : "+0.0;-0.0;0", Inv) : (v > 0 ? "+" : "") + format.Number(100 * v, decimals);
        (string Name, string Color)[] parts = [(L("samenstelling (demografie)", "composition (demographic)"), ChartPalette.Color(0)), (L("binnen groepen (maatschappij)", "within groups (societal)"), ChartPalette.Color(1)), (L("interactie", "interaction"), ChartPalette.Color(7))];
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append($"<rect x=\"{20 + i * 260}\" y=\"38\" width=\"14\" height=\"10\" fill=\"{parts[i].Color}\"/>\n");
            sb.Append($"<text x=\"{40 + i * 260}\" y=\"47\" font-size=\"11\">{E(parts[i].Name)}</text>\n");
        }
        double y = top;
        foreach (var dimId in dims)
        {
            var dim = framework.Dimension(dimId);
            sb.Append($"<text x=\"20\" y=\"{N(y + 14)}\" font-size=\"12\" font-weight=\"bold\">{E(L(dim.LabelNl, dim.LabelEn))}</text>\n");
            y += 22;
            var panel = rows.Where(r => r.Dimension == dimId).ToList();
            var subgroups = panel.GroupBy(r => (r.Societal, r.Policy)).ToList();
            double panelTop = y;
            double panelBottom = panelTop + panel.Count * rowH + (subgroups.Count > 1 ? subgroups.Count * subH : 0);
            foreach (var t in ticks)
                sb.Append($"<line x1=\"{N(X(t))}\" y1=\"{N(panelTop - 2)}\" x2=\"{N(X(t))}\" y2=\"{N(panelBottom)}\" stroke=\"{(t == 0 ? ChartPalette.Axis : ChartPalette.Grid)}\"/>\n");
            foreach (var sub in subgroups)
            {
                if (subgroups.Count > 1)
                {
                    sb.Append($"<text x=\"20\" y=\"{N(y + 13)}\" font-size=\"11\" font-style=\"italic\" fill=\"{ChartPalette.Muted}\">{E(SocietalWord(sub.Key.Societal, sub.Key.Policy, names, format))}</text>\n");
                    y += subH;
                }
                foreach (var r in sub.OrderByDescending(r => double.IsFinite(r.Parts.TotalChange) ? r.Parts.TotalChange : double.NegativeInfinity))
                {
                    sb.Append($"<text x=\"{left - 8}\" y=\"{N(y + 13)}\" text-anchor=\"end\" font-size=\"11\">{E(Word(format, names.Population(r.Scenario)))}</text>\n");
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
                    sb.Append($"<text x=\"{N(width - right + 6)}\" y=\"{N(y + 13)}\" font-size=\"10\">{E(Pp(r.Parts.TotalChange, 1))}</text>\n");
                    y += rowH;
                }
            }
            y += panelGap - 22;
        }
        foreach (var t in ticks)
            sb.Append($"<text x=\"{N(X(t))}\" y=\"{N(y + 4)}\" text-anchor=\"middle\" font-size=\"10\">{E(Pp(t, tickDecimals))}</text>\n");
        sb.Append($"<text x=\"{N(left + pw / 2)}\" y=\"{N(y + 22)}\" text-anchor=\"middle\" font-size=\"11\">{E(L("zwarte streep: totale verandering; per groep van groot naar klein", "black mark: total change; per scenario group from largest to smallest"))}</text>\n");
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
