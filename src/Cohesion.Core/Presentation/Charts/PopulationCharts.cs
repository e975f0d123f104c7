using System.Globalization;
using System.Text;
using Cohesion.Demography;

namespace Cohesion.Presentation.Charts;

/// <summary>Clean, self-contained SVG charts of a projection: a population pyramid (single years, men left, women
/// right, stacked by origin: Dutch background, first generation, second generation) and a chart of totals by year.
/// Labels and numbers in the language of the <see cref="ChartFormat"/> given (Dutch and English side by side without one).</summary>
public static class PopulationCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string F(double v) => SvgDocument.Num(v);
    private static string Esc(string s) => SvgDocument.Escape(s);

    private static readonly (string Nl, string En, string Color)[] OriginBands =
    [
        ("Nederlandse achtergrond", "Dutch background", ChartPalette.Color(0)),
        ("eerste generatie", "first generation", ChartPalette.Color(1)),
        ("tweede generatie", "second generation", ChartPalette.Color(2)),
    ];

    private static int Band(int origin) => origin == PopulationIndex.Dutch ? 0 : PopulationIndex.IsFirstGeneration(origin) ? 1 : 2;

    /// <summary>Population pyramid of <paramref name="pop"/> (flat <see cref="PopulationIndex"/> array).</summary>
    public static string Pyramid(ReadOnlySpan<double> pop, string title, string? note = null, ChartFormat? format = null)
    {
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        const int width = 820, height = 640, top = 60, bottom = 60, mid = width / 2, gap = 30;
        double plotH = height - top - bottom;
        double rowH = plotH / PopulationIndex.Ages;
        var counts = new double[2, PopulationIndex.Ages, 3];
        double max = 0;
        for (int i = 0; i < pop.Length; i++)
        {
            var (s, a, o, _) = PopulationIndex.Decompose(i);
            counts[s, a, Band(o)] += pop[i];
        }
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
                max = Math.Max(max, counts[s, a, 0] + counts[s, a, 1] + counts[s, a, 2]);
        double step = Ticks.NiceStep(max / 4);
        int nTicks = Math.Max(1, (int)Math.Ceiling(max / step));
        double scaleMax = step * nTicks;
        double halfW = mid - gap - 40;
        var sb = Header(width, height, title);
        for (int s = 0; s < 2; s++)
        {
            for (int a = 0; a < PopulationIndex.Ages; a++)
            {
                double y = top + plotH - (a + 1) * rowH;
                double acc = 0;
                for (int b = 0; b < 3; b++)
                {
                    double v = counts[s, a, b];
                    if (v <= 0) continue;
                    double w0 = acc / scaleMax * halfW, w1 = (acc + v) / scaleMax * halfW;
                    double x = s == PopulationIndex.Male ? mid - gap - w1 : mid + gap + w0;
                    sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w1 - w0)}\" height=\"{F(rowH * 0.92)}\" fill=\"{OriginBands[b].Color}\"/>\n");
                    acc += v;
                }
            }
        }
        for (int a = 0; a <= 100; a += 10)
        {
            double y = top + plotH - (a + 0.5) * rowH;
            sb.Append($"<text x=\"{mid}\" y=\"{F(y + 4)}\" text-anchor=\"middle\" font-size=\"11\">{a}</text>\n");
        }
        for (int k = 0; k <= nTicks; k++)
        {
            double v = step * k;
            string lbl = FormatCount(v, format);
            double dx = halfW * k / nTicks;
            foreach (var x in new[] { mid - gap - dx, mid + gap + dx })
            {
                sb.Append($"<line x1=\"{F(x)}\" y1=\"{F(top + plotH)}\" x2=\"{F(x)}\" y2=\"{F(top + plotH + 5)}\" stroke=\"#333\"/>\n");
                sb.Append($"<text x=\"{F(x)}\" y=\"{F(top + plotH + 18)}\" text-anchor=\"middle\" font-size=\"10\">{lbl}</text>\n");
            }
        }
        sb.Append($"<text x=\"{mid - gap - halfW / 2}\" y=\"{top - 10}\" text-anchor=\"middle\" font-size=\"13\">{Esc(L("mannen", "men"))}</text>\n");
        sb.Append($"<text x=\"{mid + gap + halfW / 2}\" y=\"{top - 10}\" text-anchor=\"middle\" font-size=\"13\">{Esc(L("vrouwen", "women"))}</text>\n");
        for (int b = 0; b < 3; b++)
        {
            double x = 40 + b * 260;
            sb.Append($"<rect x=\"{x}\" y=\"{height - 28}\" width=\"12\" height=\"12\" fill=\"{OriginBands[b].Color}\"/>\n");
            sb.Append($"<text x=\"{x + 16}\" y=\"{height - 18}\" font-size=\"11\">{Esc(L(OriginBands[b].Nl, OriginBands[b].En))}</text>\n");
        }
        if (note is not null) sb.Append($"<text x=\"{width / 2}\" y=\"{height - 4}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Esc(note)}</text>\n");
        return SvgDocument.End(sb);
    }

    /// <summary>Line chart of total population by year, one line per series (name, years, totals).</summary>
    public static string Totals(IReadOnlyList<(string Name, int[] Years, double[] Totals)> series, string title, string? note = null, ChartFormat? format = null)
    {
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        const int width = 880, height = 480, left = 80, right = 230, top = 50, bottom = 60;
        int y0 = series.Min(s => s.Years[0]), y1 = series.Max(s => s.Years[^1]);
        double lo = series.Min(s => s.Totals.Min()), hi = series.Max(s => s.Totals.Max());
        var sb = Header(width, height, title);
        var (X, Y, pw, ph) = YearAxes(sb, width, height, left, right, top, bottom, y0, y1, lo, hi, v => FormatCount(v, format));
        for (int i = 0; i < series.Count; i++)
        {
            var (name, years, totals) = series[i];
            var pts = string.Join(" ", years.Select((y, k) => $"{F(X(y))},{F(Y(totals[k]))}"));
            string c = ChartPalette.Color(i);
            sb.Append($"<polyline data-series=\"{Esc(name)}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{pts}\"/>\n");
            sb.Append($"<text x=\"{F(left + pw + 8)}\" y=\"{F(top + 14 + i * 16)}\" font-size=\"11\" fill=\"{c}\">{Esc(name)} ({FormatCount(totals[^1], format)})</text>\n");
        }
        sb.Append($"<text x=\"{left + pw / 2}\" y=\"{height - 22}\" text-anchor=\"middle\" font-size=\"11\">{Esc(L("jaar (1 januari)", "year (1 January)"))}</text>\n");
        sb.Append($"<text x=\"16\" y=\"{top + ph / 2}\" font-size=\"11\" transform=\"rotate(-90 16 {F(top + ph / 2)})\" text-anchor=\"middle\">{Esc(L("bevolking", "population"))}</text>\n");
        if (note is not null) sb.Append($"<text x=\"{width / 2}\" y=\"{height - 4}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Esc(note)}</text>\n");
        return SvgDocument.End(sb);
    }

    /// <summary>Millions with up to two decimals ("19,68 mln"), thousands as "150 dzd" / "150 k".</summary>
    private static string CountLabel(double v, ChartFormat f)
    {
        if (Math.Abs(v) < 1e6) return f.Count(v);
        double m = v / 1e6;
        int decimals = Math.Abs(m - Math.Round(m)) < 1e-9 ? 0 : Math.Abs(10 * m - Math.Round(10 * m)) < 1e-9 ? 1 : 2;
        return f.Number(m, decimals) + f.Text(" mln", " M");
    }

    /// <summary>One variant's fan: per year the five quantiles 2.5%, 10%, 50%, 90%, 97.5% of the total.</summary>
    public sealed record FanSeries(string Name, int[] Years, double[][] Quantiles);

    /// <summary>Fan chart of the total population of stochastic trajectories: per series a 95% band, an 80% band and
    /// the median line, in the series' colour; numbers in the format's language.</summary>
    public static string Fan(IReadOnlyList<FanSeries> series, ChartFormat format, string title, string? note = null)
    {
        var noteLines = CompareCharts.Wrap(note ?? "", 170);
        const int width = 880, left = 80, right = 230, top = 50;
        int bottom = 48 + 12 * noteLines.Count, height = 420 + bottom;
        int y0 = series.Min(s => s.Years[0]), y1 = series.Max(s => s.Years[^1]);
        double lo = series.Min(s => s.Quantiles.Min(q => q[0])), hi = series.Max(s => s.Quantiles.Max(q => q[4]));
        var sb = Header(width, height, title);
        var (X, Y, pw, ph) = YearAxes(sb, width, height, left, right, top, bottom, y0, y1, lo, hi, v => Esc(format.Count(v)));
        for (int i = 0; i < series.Count; i++)
        {
            var (name, years, q) = (series[i].Name, series[i].Years, series[i].Quantiles);
            string c = ChartPalette.Color(i);
            string Band(int lower, int upper) =>
                string.Join(" ", years.Select((y, k) => $"{F(X(y))},{F(Y(q[k][upper]))}")) + " " +
                string.Join(" ", years.Select((y, k) => (y, k)).Reverse().Select(t => $"{F(X(t.y))},{F(Y(q[t.k][lower]))}"));
            sb.Append($"<polygon data-series=\"{Esc(name)}\" data-band=\"95\" fill=\"{c}\" fill-opacity=\"0.15\" stroke=\"none\" points=\"{Band(0, 4)}\"/>\n");
            sb.Append($"<polygon data-series=\"{Esc(name)}\" data-band=\"80\" fill=\"{c}\" fill-opacity=\"0.3\" stroke=\"none\" points=\"{Band(1, 3)}\"/>\n");
            var pts = string.Join(" ", years.Select((y, k) => $"{F(X(y))},{F(Y(q[k][2]))}"));
            sb.Append($"<polyline data-series=\"{Esc(name)}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{pts}\"/>\n");
            sb.Append($"<text x=\"{F(left + pw + 8)}\" y=\"{F(top + 14 + i * 16)}\" font-size=\"11\" fill=\"{c}\">{Esc(name)} ({Esc(format.Count(q[^1][2]))})</text>\n");
        }
        sb.Append($"<text x=\"{left + pw / 2}\" y=\"{top + ph + 36}\" text-anchor=\"middle\" font-size=\"11\">{Esc(format.Text("jaar (1 januari)", "year (1 January)"))}</text>\n");
        sb.Append($"<text x=\"16\" y=\"{top + ph / 2}\" font-size=\"11\" transform=\"rotate(-90 16 {F(top + ph / 2)})\" text-anchor=\"middle\">{Esc(format.Text("bevolking", "population"))}</text>\n");
        for (int k = 0; k < noteLines.Count; k++)
            sb.Append($"<text x=\"{width / 2}\" y=\"{height - 4 - 12 * (noteLines.Count - 1 - k)}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{ChartPalette.Muted}\">{Esc(noteLines[k])}</text>\n");
        return SvgDocument.End(sb);
    }

    /// <summary>The year × count frame shared by <see cref="Totals"/> and <see cref="Fan"/>: round count ticks covering
    /// lo..hi with grid lines and labels, year labels every 5 or 10 years, the x axis; returns the coordinate maps.</summary>
    private static (Func<double, double> X, Func<double, double> Y, double PlotWidth, double PlotHeight) YearAxes(StringBuilder sb,
        int width, int height, int left, int right, int top, int bottom, int y0, int y1, double lo, double hi, Func<double, string> label)
    {
        var yTicks = Ticks.Nice(lo, hi, 5);
        lo = yTicks[0]; hi = yTicks[^1];
        double pw = width - left - right, ph = height - top - bottom;
        double X(double y) => left + (y1 == y0 ? 0 : (y - y0) / (y1 - y0) * pw);
        double Y(double v) => top + ph - (v - lo) / (hi - lo) * ph;
        foreach (var v in yTicks)
        {
            sb.Append($"<line x1=\"{left}\" y1=\"{F(Y(v))}\" x2=\"{F(left + pw)}\" y2=\"{F(Y(v))}\" stroke=\"{ChartPalette.Grid}\"/>\n");
            sb.Append($"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{label(v)}</text>\n");
        }
        int step = y1 - y0 > 40 ? 10 : 5;
        for (int y = (y0 + step - 1) / step * step; y <= y1; y += step)
            sb.Append($"<text x=\"{F(X(y))}\" y=\"{F(top + ph + 18)}\" text-anchor=\"middle\" font-size=\"11\">{y.ToString(Inv)}</text>\n");
        sb.Append($"<line x1=\"{left}\" y1=\"{F(top + ph)}\" x2=\"{F(left + pw)}\" y2=\"{F(top + ph)}\" stroke=\"#333\"/>\n");
        return (X, Y, pw, ph);
    }

    private static StringBuilder Header(int width, int height, string title) => SimulationCharts.Header(width, height, title);

    /// <summary>A count in the output's format ("19,68 mln" / "19.68 M"); without a format the language-neutral legacy form.</summary>
    private static string FormatCount(double v, ChartFormat? format) => format is not null ? CountLabel(v, format) :
        Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.##", Inv) + " M" : Math.Abs(v) >= 1e3 ? (v / 1e3).ToString("0.#", Inv) + " k" : v.ToString("0", Inv);
}
