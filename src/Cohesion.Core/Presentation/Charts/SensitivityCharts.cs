using Cohesion.Framework;
using Cohesion.Simulation;

namespace Cohesion.Presentation.Charts;

/// <summary>The tornado chart of <c>cohesion sensitivity</c>: per dimension, the inputs sorted by how much they move
/// the target-year share, a bar from zero to the effect at the input's low end and one to its high end.</summary>
public static class SensitivityCharts
{
    /// <param name="maxInputs">Inputs shown per dimension (the widest bars); the rest are summarised in a line.</param>
    public static string Tornado(SensitivityResult result, CohesionFramework framework, ChartFormat format, Provenance provenance, int maxInputs = 8)
    {
        const int width = 860, left = 380, right = 60, barH = 16, panelGap = 40, top = 64;
        // Inputs that do not move a dimension at all (a rule on another dimension's indicators) are left out of its panel.
        var panels = result.Dimensions.Select(d => result.Rows.Where(r => r.Dimension == d && r.Width > 1e-12).OrderByDescending(r => r.Width).ThenBy(r => r.Input, StringComparer.Ordinal).ToList()).ToList();
        int shown(int p) => Math.Min(maxInputs, panels[p].Count);
        int height = top + Enumerable.Range(0, panels.Count).Sum(p => 24 + Math.Max(1, shown(p)) * barH + panelGap) + 30;
        double lo = result.Rows.Select(r => Math.Min(r.EffectLow, r.EffectHigh)).DefaultIfEmpty(0).Min();
        double hi = result.Rows.Select(r => Math.Max(r.EffectLow, r.EffectHigh)).DefaultIfEmpty(0).Max();
        var ticks = Ticks.Nice(Math.Min(lo, 0) * 100, Math.Max(hi, 0) * 100, 6);
        double t0 = ticks[0] / 100, t1 = ticks[^1] / 100;
        double X(double v) => left + (v - t0) / (t1 - t0) * (width - left - right);
        string E(string s) => SvgDocument.Escape(s);
        string N(double v) => SvgDocument.Num(v);
        var labels = result.Inputs.ToDictionary(i => i.Id, i => format.Text(i.LabelNl, i.LabelEn));

        string title = format.Text($"Gevoeligheid van de uitkomst in {result.Year}: verandering in procentpunt bij het lage en hoge eind van elke aanname",
                                   $"Sensitivity of the {result.Year} outcome: change in percentage points at the low and high end of each assumption");
        var sb = SvgDocument.Begin(new SvgRoot(width, height) { Label = title, Provenance = provenance.Code() });
        sb.Append("<title>").Append(E(title)).Append("</title>\n");
        sb.Append($"<text x=\"20\" y=\"20\" font-size=\"13\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{E(title)}</text>\n");
        (string Name, string Color)[] legend = [(format.Text("laag eind", "low end"), ChartPalette.Color(0)), (format.Text("hoog eind", "high end"), ChartPalette.Color(1))];
        for (int i = 0; i < legend.Length; i++)
        {
            sb.Append($"<rect x=\"{20 + i * 160}\" y=\"32\" width=\"14\" height=\"10\" fill=\"{legend[i].Color}\"/>\n");
            sb.Append($"<text x=\"{40 + i * 160}\" y=\"41\" font-size=\"11\" fill=\"{ChartPalette.Text}\">{E(legend[i].Name)}</text>\n");
        }
        var prov = provenance.Label();
        sb.Append($"<text x=\"{width - 20}\" y=\"41\" font-size=\"11\" text-anchor=\"end\" fill=\"{(provenance == Provenance.Synthetic ? ChartPalette.Synthetic : ChartPalette.Real)}\">{E(format.Text(prov.Nl, prov.En))}</text>\n");

        double y = top;
        for (int p = 0; p < panels.Count; p++)
        {
            var dim = framework.Dimension(result.Dimensions[p]);
            sb.Append($"<text x=\"20\" y=\"{N(y + 12)}\" font-size=\"12\" font-weight=\"bold\" fill=\"{ChartPalette.Text}\">{E(format.Text(dim.LabelNl, dim.LabelEn))} ({E(format.Text("centraal", "central"))} {E(format.Percent(result.Central[p]))})</text>\n");
            y += 24;
            int n = shown(p);
            if (n == 0)
                sb.Append($"<text x=\"{left}\" y=\"{N(y + 12)}\" font-size=\"11\" fill=\"{ChartPalette.Muted}\">{E(format.Text("geen van de aannames verandert deze dimensie", "none of the assumptions changes this dimension"))}</text>\n");
            foreach (var t in ticks)
                sb.Append($"<line x1=\"{N(X(t / 100))}\" y1=\"{N(y - 4)}\" x2=\"{N(X(t / 100))}\" y2=\"{N(y + n * barH)}\" stroke=\"{(t == 0 ? ChartPalette.Axis : ChartPalette.Grid)}\"/>\n");
            for (int i = 0; i < n; i++)
            {
                var r = panels[p][i];
                double yy = y + i * barH;
                string label = labels[r.Input];
                if (label.Length > 60) label = label[..59] + "…";
                sb.Append($"<text x=\"{left - 8}\" y=\"{N(yy + 12)}\" font-size=\"11\" text-anchor=\"end\" fill=\"{ChartPalette.Text}\">{E(label)}</text>\n");
                foreach (var (effect, colour, end) in new[] { (r.EffectLow, legend[0].Color, legend[0].Name), (r.EffectHigh, legend[1].Color, legend[1].Name) })
                {
                    if (!double.IsFinite(effect) || effect == 0) continue;
                    double a = X(Math.Min(0, effect)), b = X(Math.Max(0, effect));
                    sb.Append($"<rect x=\"{N(a)}\" y=\"{N(yy + 2)}\" width=\"{N(Math.Max(0.5, b - a))}\" height=\"{barH - 4}\" fill=\"{colour}\"><title>{E(labels[r.Input])}, {E(end)}: {E(format.PercentagePoints(effect, 2))}</title></rect>\n");
                }
            }
            y += Math.Max(1, n) * barH;
            foreach (var t in ticks)
                sb.Append($"<text x=\"{N(X(t / 100))}\" y=\"{N(y + 12)}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ChartPalette.Muted}\">{E(format.Number(t, Decimals(ticks)))}</text>\n");
            if (panels[p].Count > n)
                sb.Append($"<text x=\"{left}\" y=\"{N(y + 26)}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E(format.Text($"{panels[p].Count - n} kleinere aannames niet getoond", $"{panels[p].Count - n} smaller assumptions not shown"))}</text>\n");
            y += panelGap;
        }
        sb.Append($"<text x=\"20\" y=\"{N(height - 10)}\" font-size=\"10\" fill=\"{ChartPalette.Muted}\">{E(format.Text("procentpunt verschil met de centrale projectie", "percentage-point difference from the central projection"))}</text>\n");
        return SvgDocument.End(sb);
    }

    private static int Decimals(double[] ticks)
    {
        double step = ticks.Length > 1 ? ticks[1] - ticks[0] : 1;
        for (int d = 0; d < 4; d++)
        {
            double scaled = step * Math.Pow(10, d);
            if (Math.Abs(scaled - Math.Round(scaled)) < 1e-9) return d;
        }
        return 4;
    }
}
