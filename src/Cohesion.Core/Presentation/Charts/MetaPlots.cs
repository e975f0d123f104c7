using System.Globalization;
using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Meta;

namespace Cohesion.Presentation.Charts;

/// <summary>
/// Forest and contour-enhanced funnel plots as clean, self-contained SVG in metafor's style (no charting library
/// has these plot types). Labels are bilingual (Dutch / English). Deterministic output for the same input.
/// </summary>
public static class MetaPlots
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string F(double v) => SvgDocument.Num(v);
    private static string Esc(string s) => SvgDocument.Escape(s);

    /// <summary>Row of a forest plot.</summary>
    private sealed record Row(string Label, double Y, double Lo, double Hi, double Weight, string? Group);

    /// <summary>
    /// Forest plot: one row per effect size (or, above <paramref name="maxRows"/> rows in a multilevel model, one row
    /// per outer cluster with the inverse-variance average of its effect sizes), squares sized by model weight,
    /// confidence intervals, rows grouped by the first categorical moderator with a fitted diamond per group, the
    /// pooled diamond, the prediction interval (dotted) and a reference line at 0.
    /// </summary>
    /// <param name="format">The output's language and number format; without one, labels are bilingual and numbers invariant.</param>
    /// <param name="transform">Back-transform of every plotted value (metafor's <c>transf</c>, e.g. <c>tanh</c> for Fisher z → r);
    /// <paramref name="effectLabel"/> then names the transformed scale.</param>
    /// <param name="words">The moderator's name and levels in words in the output's language (ids without one stay).</param>
    public static string Forest(MetaFitSummary r, string effectLabel, string? title = null, int maxRows = 80, ChartFormat? format = null, Func<double, double>? transform = null,
        Func<string, string>? words = null)
    {
        string W(string id) => words?.Invoke(id) ?? id;
        string L(string nl, string en) => ChartFormat.Label(format, nl, en);
        string Num(double v) => format is null ? MetaPlots.Num(v) : format.Number(Math.Abs(v) < 0.0005 ? 0 : v, 3);
        string PText(double p) => format is null ? MetaPlots.PText(p) : p < 0.001 ? format.PValue(p) : "= " + format.PValue(p);
        double T(double v) => transform is null ? v : transform(v);
        // an interval's ends: "; " between numbers with a decimal comma
        string Sep = format is { IsDutch: true } ? "; " : ", ";
        double zc = Probability.Critical(r.Level);
        var rows = new List<Row>();
        string? aggregateNote = null;
        if (r.K > maxRows && r.Mv is not null)
        {
            // aggregate to the outer level of the multilevel model
            var blocks = new Dictionary<string, List<int>>();
            var order = new List<string>();
            var outer = r.Mv.OuterGroup;
            for (int i = 0; i < r.K; i++)
            {
                var key = outer[i].ToString(Inv);
                if (!blocks.TryGetValue(key, out var l)) { l = new List<int>(); blocks[key] = l; order.Add(key); }
                l.Add(i);
            }
            foreach (var key in order)
            {
                var idx = blocks[key];
                double sw = 0, swy = 0, w = 0;
                foreach (var i in idx) { sw += 1 / r.Vi[i]; swy += r.Yi[i] / r.Vi[i]; w += r.Weights[i]; }
                double y = swy / sw, se = Math.Sqrt(1 / sw);
                string label = r.Labels[idx[0]] + (idx.Count > 1 ? $" ({idx.Count})" : "");
                rows.Add(new Row(label, y, y - zc * se, y + zc * se, w, r.Groups?[idx[0]]));
            }
            aggregateNote = format is null
                ? $"Rijen: studiegemiddelden (inverse-variantie) van {r.K} effectgroottes / rows: study averages (inverse variance) of {r.K} effect sizes; (n) = aantal / number of effect sizes"
                : format.Text($"Rijen: studiegemiddelden (inverse-variantie) van {r.K} effectgroottes; (n) = aantal effectgroottes", $"Rows: study averages (inverse variance) of {r.K} effect sizes; (n) = number of effect sizes");
        }
        else
        {
            for (int i = 0; i < r.K; i++)
            {
                double se = Math.Sqrt(r.Vi[i]);
                rows.Add(new Row(r.Labels[i], r.Yi[i], r.Yi[i] - zc * se, r.Yi[i] + zc * se, r.Weights[i], r.Groups?[i]));
            }
        }

        // group order as first appearance in level order
        var groupNames = r.Groups is null ? new List<string?> { null } : rows.Select(x => x.Group).Distinct().OrderBy(g => g, StringComparer.Ordinal).ToList();
        var groupDiamonds = GroupPredictions(r, groupNames);
        if (transform is not null)
        {
            rows = rows.Select(x => x with { Y = T(x.Y), Lo = T(x.Lo), Hi = T(x.Hi) }).ToList();
            groupDiamonds = groupDiamonds.ToDictionary(kv => kv.Key, kv => (T(kv.Value.Est), T(kv.Value.Lo), T(kv.Value.Hi)));
        }
        var c0 = r.Coefficients[0];
        double cEst = T(c0.Estimate), cLo = T(c0.CiLower), cHi = T(c0.CiUpper), piLo = T(r.PiLower), piHi = T(r.PiUpper);

        double est = cEst;
        bool intOnly = r.Coefficients.Count == 1;
        double lo = rows.Min(x => x.Lo), hi = rows.Max(x => x.Hi);
        if (intOnly)
        {
            lo = Math.Min(lo, cLo);
            hi = Math.Max(hi, cHi);
            if (double.IsFinite(piLo)) { lo = Math.Min(lo, piLo); hi = Math.Max(hi, piHi); }
        }
        lo = Math.Min(lo, 0); hi = Math.Max(hi, 0);
        var ticks = Ticks.Nice(lo, hi, 6);
        lo = Math.Min(lo, ticks[0]); hi = Math.Max(hi, ticks[^1]);

        const int rowH = 16, left = 330, plotW = 380, right = 300, top = 50;
        int nLines = rows.Count + (r.Groups is null ? 0 : groupNames.Count * 3) + 4;
        int height = top + nLines * rowH + 70 + (aggregateNote is null ? 0 : 16);
        int width = left + plotW + right;
        double X(double v) => left + (v - lo) / (hi - lo) * plotW;

        var sb = new StringBuilder();
        sb.Append(SvgDocument.Open(new SvgRoot(width, height) { FontSize = 11 }));
        sb.Append(Inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        sb.Append(Inv, $"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Esc(title ?? L("Forestplot", "Forest plot"))}</text>\n");
        sb.Append(Inv, $"<text x=\"10\" y=\"{top - 8}\" font-weight=\"bold\">{Esc(L("Studie", "Study"))}</text>\n");
        sb.Append(Inv, $"<text x=\"{left + plotW + 72}\" y=\"{top - 8}\" text-anchor=\"end\" font-weight=\"bold\">{Esc(L("Gewicht", "weight"))}</text>\n");
        string level = (r.Level * 100).ToString("0", Inv);
        sb.Append(Inv, $"<text x=\"{width - 10}\" y=\"{top - 8}\" text-anchor=\"end\" font-weight=\"bold\">{Esc(format is null ? $"Schatting / estimate [{level}% CI]" : format.Text($"Schatting [{level}%-BI]", $"Estimate [{level}% CI]"))}</text>\n");
        double y0 = top + 6;
        int line = 0;
        double maxW = rows.Max(x => x.Weight);
        double YOf(int l) => y0 + l * rowH;
        foreach (var g in groupNames)
        {
            if (g is not null)
            {
                sb.Append(Inv, $"<text x=\"10\" y=\"{F(YOf(line) + 4)}\" font-weight=\"bold\" font-style=\"italic\">{Esc(r.GroupName is { } gn ? W(gn) : L("groep", "group"))}: {Esc(W(g))}</text>\n");
                line++;
            }
            foreach (var row in rows.Where(x => x.Group == g))
            {
                double yy = YOf(line);
                sb.Append(Inv, $"<text x=\"10\" y=\"{F(yy + 4)}\">{Esc(Truncate(row.Label, 48))}</text>\n");
                double x1 = X(row.Lo), x2 = X(row.Hi);
                sb.Append(Inv, $"<line x1=\"{F(x1)}\" y1=\"{F(yy)}\" x2=\"{F(x2)}\" y2=\"{F(yy)}\" stroke=\"black\" stroke-width=\"1\"/>\n");
                double s = 3 + 7 * Math.Sqrt(row.Weight / maxW);
                sb.Append(Inv, $"<rect x=\"{F(X(row.Y) - s / 2)}\" y=\"{F(yy - s / 2)}\" width=\"{F(s)}\" height=\"{F(s)}\" fill=\"black\"/>\n");
                sb.Append(Inv, $"<text x=\"{left + plotW + 72}\" y=\"{F(yy + 4)}\" text-anchor=\"end\">{(format is null ? row.Weight.ToString("0.00", Inv) : format.Number(row.Weight, 2))}%</text>\n");
                sb.Append(Inv, $"<text x=\"{width - 10}\" y=\"{F(yy + 4)}\" text-anchor=\"end\">{Num(row.Y)} [{Num(row.Lo)}{Sep}{Num(row.Hi)}]</text>\n");
                line++;
            }
            if (g is not null && groupDiamonds.TryGetValue(g, out var gd))
            {
                double yy = YOf(line);
                sb.Append(Diamond(X(gd.Lo), X(gd.Est), X(gd.Hi), yy, "#555555"));
                sb.Append(Inv, $"<text x=\"20\" y=\"{F(yy + 4)}\" font-style=\"italic\">{Esc(L("Model voor", "Model for"))} {Esc(W(g))}</text>\n");
                sb.Append(Inv, $"<text x=\"{width - 10}\" y=\"{F(yy + 4)}\" text-anchor=\"end\">{Num(gd.Est)} [{Num(gd.Lo)}{Sep}{Num(gd.Hi)}]</text>\n");
                line++;
            }
            if (g is not null) line++;
        }
        double yAxisTop = y0 - rowH / 2.0, yAxisBottom = YOf(line) - rowH / 2.0;
        // reference line at 0
        sb.Append(Inv, $"<line x1=\"{F(X(0))}\" y1=\"{F(yAxisTop)}\" x2=\"{F(X(0))}\" y2=\"{F(yAxisBottom)}\" stroke=\"black\" stroke-dasharray=\"4,3\" stroke-width=\"0.8\"/>\n");
        line++;
        if (intOnly)
        {
            double yy = YOf(line);
            if (double.IsFinite(piLo))
                sb.Append(Inv, $"<line x1=\"{F(X(piLo))}\" y1=\"{F(yy)}\" x2=\"{F(X(piHi))}\" y2=\"{F(yy)}\" stroke=\"black\" stroke-dasharray=\"2,2\" stroke-width=\"1.2\"/>\n");
            sb.Append(Diamond(X(cLo), X(cEst), X(cHi), yy, "black"));
            string model = r.Mv is not null ? $"Multilevel model ({r.Method})" : r.Method == "FE" ? "FE model" : $"RE model ({r.Method})";
            sb.Append(Inv, $"<text x=\"10\" y=\"{F(yy + 4)}\" font-weight=\"bold\">{model}</text>\n");
            sb.Append(Inv, $"<text x=\"{width - 10}\" y=\"{F(yy + 4)}\" text-anchor=\"end\" font-weight=\"bold\">{Num(cEst)} [{Num(cLo)}{Sep}{Num(cHi)}]</text>\n");
            line++;
            if (double.IsFinite(piLo))
            {
                sb.Append(Inv, $"<text x=\"10\" y=\"{F(YOf(line) + 4)}\" font-style=\"italic\">{Esc(L("Voorspellingsinterval (stippellijn)", "Prediction interval (dotted)"))}: [{Num(piLo)}{Sep}{Num(piHi)}]</text>\n");
                line++;
            }
        }
        // axis
        double ya = YOf(line) + 4;
        sb.Append(Inv, $"<line x1=\"{F(X(ticks[0]))}\" y1=\"{F(ya)}\" x2=\"{F(X(ticks[^1]))}\" y2=\"{F(ya)}\" stroke=\"black\"/>\n");
        foreach (var t in ticks)
        {
            sb.Append(Inv, $"<line x1=\"{F(X(t))}\" y1=\"{F(ya)}\" x2=\"{F(X(t))}\" y2=\"{F(ya + 5)}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<text x=\"{F(X(t))}\" y=\"{F(ya + 17)}\" text-anchor=\"middle\">{(format is null ? Tick(t) : format.Number(t, Ticks.Decimals(ticks)))}</text>\n");
        }
        sb.Append(Inv, $"<text x=\"{F(left + plotW / 2.0)}\" y=\"{F(ya + 33)}\" text-anchor=\"middle\">{Esc(effectLabel)}</text>\n");
        double yn = ya + 50;
        if (aggregateNote is not null) { sb.Append(Inv, $"<text x=\"10\" y=\"{F(yn)}\" font-size=\"10\">{Esc(aggregateNote)}</text>\n"); yn += 14; }
        // heterogeneity is on the model's own scale (not back-transformed)
        string Raw(double v) => format is null ? MetaPlots.Num(v) : format.Number(Math.Abs(v) < 0.00005 ? 0 : v, 4);
        string Q = format is null ? r.Q.ToString("0.00", Inv) : format.Plain(r.Q, 2);
        string het = r.Mv is not null
            ? $"σ² = {string.Join(format is null || !format.IsDutch ? ", " : "; ", r.Sigma2.Select(Raw))} ({string.Join(", ", r.Sigma2Names)}); Q({r.QDf}) = {Q}, p {PText(r.QP)}"
            : $"τ² = {Raw(r.Tau2)}; I² = {(format is null ? r.I2.ToString("0.0", Inv) : format.Number(r.I2, 1))}%; Q({r.QDf}) = {Q}, p {PText(r.QP)}";
        sb.Append(Inv, $"<text x=\"10\" y=\"{F(yn)}\" font-size=\"10\">{Esc(L("Heterogeniteit", "Heterogeneity"))}: {Esc(het)}</text>\n");
        return SvgDocument.End(sb);
    }

    private static string PText(double p) => p < 0.0001 ? "< .0001" : "= " + p.ToString("0.0000", Inv);

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static string Tick(double v) => (Math.Abs(v) < 1e-12 ? 0 : v).ToString("0.###", Inv).Replace("-", "−");

    private static string Num(double v) => (Math.Abs(v) < 0.00005 ? 0 : v).ToString("0.0000", Inv).Replace("-", "−");

    private static string Diamond(double xl, double xm, double xr, double y, string fill) =>
        string.Format(Inv, "<polygon points=\"{0},{1} {2},{3} {4},{1} {2},{5}\" fill=\"{6}\" stroke=\"black\" stroke-width=\"0.8\"/>\n",
            F(xl), F(y), F(xm), F(y - 6), F(xr), F(y + 6), fill);

    /// <summary>Fitted value (with CI) per level of the grouping moderator, when it is the only moderator: the
    /// model's own <see cref="MetaFit.Predict"/> at a row of that level (metafor's forest asks predict() too).</summary>
    private static Dictionary<string, (double Est, double Lo, double Hi)> GroupPredictions(MetaFitSummary r, List<string?> groups)
    {
        var res = new Dictionary<string, (double, double, double)>();
        if (r.Groups is null) return res;
        MetaFit? fit = (MetaFit?)r.Uni ?? r.Mv;
        if (fit is null) return res;
        var x = fit.ModelMatrix;
        int p = fit.P;
        // only when the design is a function of the group alone
        var rowOf = new Dictionary<string, int>();
        for (int i = 0; i < r.K; i++)
        {
            var g = r.Groups[i];
            if (!rowOf.TryGetValue(g, out var first)) { rowOf[g] = i; continue; }
            for (int j = 0; j < p; j++) if (x[i * p + j] != x[first * p + j]) return res;
        }
        foreach (var (g, i) in rowOf)
        {
            var pr = fit.PredictRow(i);
            res[g] = (pr.Estimate, pr.CiLower, pr.CiUpper);
        }
        return res;
    }

    /// <summary>
    /// Contour-enhanced funnel plot (Peters et al. 2008; metafor's <c>funnel(level = c(90, 95, 99), refline = 0)</c>):
    /// effect size against standard error (0 at the top), shaded regions where a study would be significant at
    /// p &lt; .10, .05, .01 (two-sided, around 0), the model estimate with its pseudo-confidence funnel, and the studies
    /// imputed by trim-and-fill as open circles.
    /// </summary>
    public static string Funnel(MetaFitSummary r, string effectLabel, string? title = null)
    {
        const int width = 640, height = 520, ml = 70, mr = 150, mt = 45, mb = 60;
        int pw = width - ml - mr, ph = height - mt - mb;
        var se = r.Vi.Select(Math.Sqrt).ToArray();
        double[] fy = r.TrimFill?.FilledYi ?? [];
        double[] fse = (r.TrimFill?.FilledVi ?? []).Select(Math.Sqrt).ToArray();
        double seMax = Math.Max(se.Max(), fse.Length > 0 ? fse.Max() : 0) * 1.05;
        var seTicks = Ticks.Nice(0, seMax, 5);
        seMax = seTicks[^1];
        double est = r.Coefficients[0].Estimate;
        double z99 = Probability.NormalQuantile(0.995);
        double lo = Math.Min(r.Yi.Min(), -z99 * seMax), hi = Math.Max(r.Yi.Max(), z99 * seMax);
        if (fy.Length > 0) { lo = Math.Min(lo, fy.Min()); hi = Math.Max(hi, fy.Max()); }
        var xt = Ticks.Nice(lo, hi, 6);
        lo = xt[0]; hi = xt[^1];
        double X(double v) => ml + (v - lo) / (hi - lo) * pw;
        double Y(double s) => mt + s / seMax * ph;
        var sb = new StringBuilder();
        sb.Append(SvgDocument.Open(new SvgRoot(width, height) { FontSize = 11 }));
        sb.Append(Inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        sb.Append(Inv, $"<text x=\"{ml + pw / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Esc(title ?? "Trechterplot / contour-enhanced funnel plot")}</text>\n");
        sb.Append(Inv, $"<defs><clipPath id=\"plot\"><rect x=\"{ml}\" y=\"{mt}\" width=\"{pw}\" height=\"{ph}\"/></clipPath></defs>\n");
        sb.Append(Inv, $"<rect x=\"{ml}\" y=\"{mt}\" width=\"{pw}\" height=\"{ph}\" fill=\"white\" stroke=\"black\"/>\n");
        // contours, outermost first: p < .01 region stays white, .01–.05 light, .05–.10 dark, > .10 white
        (double Level, string Fill)[] bands = [(0.99, "#bfbfbf"), (0.95, "#8c8c8c"), (0.90, "white")];
        sb.Append("<g clip-path=\"url(#plot)\">\n");
        foreach (var (lev, fill) in bands)
        {
            double z = Probability.Critical(lev);
            sb.Append(Inv, $"<polygon points=\"{F(X(0))},{F(Y(0))} {F(X(-z * seMax))},{F(Y(seMax))} {F(X(z * seMax))},{F(Y(seMax))}\" fill=\"{fill}\" stroke=\"none\"/>\n");
        }
        // pseudo confidence region around the estimate
        double zc = Probability.Critical(r.Level);
        sb.Append(Inv, $"<polyline points=\"{F(X(est - zc * seMax))},{F(Y(seMax))} {F(X(est))},{F(Y(0))} {F(X(est + zc * seMax))},{F(Y(seMax))}\" fill=\"none\" stroke=\"black\" stroke-dasharray=\"4,3\"/>\n");
        sb.Append(Inv, $"<line x1=\"{F(X(est))}\" y1=\"{F(Y(0))}\" x2=\"{F(X(est))}\" y2=\"{F(Y(seMax))}\" stroke=\"black\"/>\n");
        sb.Append(Inv, $"<line x1=\"{F(X(0))}\" y1=\"{F(Y(0))}\" x2=\"{F(X(0))}\" y2=\"{F(Y(seMax))}\" stroke=\"black\" stroke-dasharray=\"1,2\"/>\n");
        for (int i = 0; i < r.K; i++)
            sb.Append(Inv, $"<circle cx=\"{F(X(r.Yi[i]))}\" cy=\"{F(Y(se[i]))}\" r=\"3\" fill=\"black\"/>\n");
        for (int i = 0; i < fy.Length; i++)
            sb.Append(Inv, $"<circle cx=\"{F(X(fy[i]))}\" cy=\"{F(Y(fse[i]))}\" r=\"3\" fill=\"white\" stroke=\"black\"/>\n");
        sb.Append("</g>\n");
        foreach (var t in xt)
        {
            sb.Append(Inv, $"<line x1=\"{F(X(t))}\" y1=\"{F(Y(seMax))}\" x2=\"{F(X(t))}\" y2=\"{F(Y(seMax) + 5)}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<text x=\"{F(X(t))}\" y=\"{F(Y(seMax) + 18)}\" text-anchor=\"middle\">{Tick(t)}</text>\n");
        }
        foreach (var t in seTicks)
        {
            sb.Append(Inv, $"<line x1=\"{ml - 5}\" y1=\"{F(Y(t))}\" x2=\"{ml}\" y2=\"{F(Y(t))}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<text x=\"{ml - 8}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\">{t.ToString("0.###", Inv)}</text>\n");
        }
        sb.Append(Inv, $"<text x=\"{ml + pw / 2}\" y=\"{height - 18}\" text-anchor=\"middle\">{Esc(effectLabel)}</text>\n");
        sb.Append(Inv, $"<text transform=\"translate(18,{mt + ph / 2}) rotate(-90)\" text-anchor=\"middle\">Standaardfout / standard error</text>\n");
        // legend
        int lx = ml + pw + 12, ly = mt + 10;
        (string Fill, string Text)[] legend = [("white", "0.10 < p ≤ 1.00"), ("#8c8c8c", "0.05 < p ≤ 0.10"), ("#bfbfbf", "0.01 < p ≤ 0.05"), ("white", "0.00 < p ≤ 0.01")];
        for (int i = 0; i < legend.Length; i++)
        {
            sb.Append(Inv, $"<rect x=\"{lx}\" y=\"{ly + i * 18}\" width=\"12\" height=\"12\" fill=\"{legend[i].Fill}\" stroke=\"black\"/>\n");
            sb.Append(Inv, $"<text x=\"{lx + 18}\" y=\"{ly + i * 18 + 10}\">{Esc(legend[i].Text)}</text>\n");
        }
        int ly2 = ly + legend.Length * 18 + 12;
        sb.Append(Inv, $"<circle cx=\"{lx + 6}\" cy=\"{ly2}\" r=\"3\" fill=\"black\"/><text x=\"{lx + 18}\" y=\"{ly2 + 4}\">studie / study</text>\n");
        if (fy.Length > 0)
            sb.Append(Inv, $"<circle cx=\"{lx + 6}\" cy=\"{ly2 + 18}\" r=\"3\" fill=\"white\" stroke=\"black\"/><text x=\"{lx + 18}\" y=\"{ly2 + 22}\">aangevuld / filled ({fy.Length})</text>\n");
        sb.Append(Inv, $"<line x1=\"{lx}\" y1=\"{ly2 + 40}\" x2=\"{lx + 14}\" y2=\"{ly2 + 40}\" stroke=\"black\"/><text x=\"{lx + 18}\" y=\"{ly2 + 44}\">schatting / estimate</text>\n");
        return SvgDocument.End(sb);
    }
}
