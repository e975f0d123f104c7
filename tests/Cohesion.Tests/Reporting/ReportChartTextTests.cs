using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cohesion.Reporting;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>Issue 14 item 2 on the report: chart text in one language and its number format, p-values as the field
/// reads them, headings in words, intervals of shares inside 0–100%, legible text colours.</summary>
[Collection(InProcessReportCollection.Name)]
public class ReportChartTextTests(InProcessReportFixture fx)
{
    /// <summary>The text of every chart (SVG &lt;text&gt; and &lt;title&gt; content) of a rendered report.</summary>
    public static List<string> ChartText(string html) =>
        Regex.Matches(html, "<svg[\\s\\S]*?</svg>").SelectMany(svg => Regex.Matches(svg.Value, "<(text|title)[^>]*>([^<]*)<").Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(t => t.Length > 0).ToList();

    [Fact]
    public void DutchChartTextHasNoDecimalPointAndNoEnglish()
    {
        var text = ChartText(fx.HtmlNl);
        Assert.True(text.Count > 500, $"{text.Count} chart texts");
        Assert.Empty(text.Where(t => Regex.IsMatch(t, "\\d\\.\\d")));
        foreach (var english in new[] { "men", "women", "population", "year (1 January)", "composition", "within groups", "Study", "estimate", "no data", "black mark", "within-group", "trend of the group", "close_gap" })
            Assert.DoesNotContain(text, t => Regex.IsMatch(t, $"(^|[ /(]){Regex.Escape(english)}($|[ )])"));
        foreach (var pair in new[] { "mannen / men", "bevolking / population", "samenstelling / composition", "Studie / Study", "geen gegevens / no data", "SYNTHETISCH / SYNTHETIC", "echte gegevens / real data" })
            Assert.DoesNotContain(text, t => t.Contains(pair, StringComparison.Ordinal));
        Assert.Contains(text, t => Regex.IsMatch(t, "\\d,\\d"));
        Assert.Contains(text, t => t.Contains(" mln", StringComparison.Ordinal));
    }

    [Fact]
    public void ScenarioChartsNameRunsInWordsWithAtMostSixSeriesPerPanel()
    {
        var figures = fx.Report.Sections.SelectMany(s => s.Blocks).OfType<FigureBlock>().Where(f => f.TableId is "simulate_dimensions" or "simulate_decomposition").ToList();
        Assert.Equal(2, figures.Count);
        var config = fx.Config.Simulation;
        foreach (var f in figures)
        {
            var text = ChartText(f.Svg);
            Assert.DoesNotContain(text, t => t.Contains(" · ", StringComparison.Ordinal));
            foreach (var id in config.Scenarios.Concat(config.Societal))
                Assert.DoesNotContain(text, t => Regex.IsMatch(t, $"(^|[ ,]){Regex.Escape(id)}($|[ ,])"));
            Assert.Contains(text, t => t == "Lage migratie");
        }
        // the fan charts: one panel per dimension and societal scenario, each with at most MaxSeries lines
        var fan = figures.Single(f => f.TableId == "simulate_dimensions").Svg;
        int panels = 4 * config.Societal.Length;
        int series = Regex.Matches(fan, "data-series=").Count;
        Assert.True(series <= panels * Cohesion.Presentation.Charts.SimulationCharts.MaxSeries, $"{series} series in {panels} panels");
        Assert.True(config.Scenarios.Length > Cohesion.Presentation.Charts.SimulationCharts.MaxSeries); // so the summary of many runs is what is drawn
        Assert.Contains(ChartText(fan), t => t == "grijs: bereik van 8 bevolkingsscenario's");
    }

    [Fact]
    public void ForestPlotIsBackTransformedToCorrelationsAndSaysSo()
    {
        var meta = fx.Report.Sections.Single(s => s.Id == "meta");
        var sentence = Assert.Single(meta.Blocks.OfType<ParagraphBlock>(), p => p.Text.En.Contains("tanh", StringComparison.Ordinal));
        Assert.Contains("r = tanh(z)", sentence.Text.Nl);
        var forest = Assert.Single(meta.Blocks.OfType<FigureBlock>());
        Assert.Contains("correlatie r", forest.Caption.Nl);
        var text = ChartText(forest.Svg);
        Assert.Contains("correlatie r (terug getransformeerd uit Fisher z)", text);
        // the moderator's levels in words
        Assert.Contains("Model voor werk", text);
        Assert.Contains("domein: buurt", text);
        Assert.DoesNotContain(text, t => t.StartsWith("domain:", StringComparison.Ordinal) || t.EndsWith(" work", StringComparison.Ordinal));
        // every drawn estimate with its interval is a correlation: inside (−1, 1), the estimate inside its interval
        var intervals = text.Select(t => Regex.Match(t, "^(−?\\d+,\\d+) \\[(−?\\d+,\\d+); (−?\\d+,\\d+)\\]$")).Where(m => m.Success).ToList();
        Assert.True(intervals.Count > 20, $"{intervals.Count} intervals");
        foreach (var m in intervals)
        {
            double D(int g) => double.Parse(m.Groups[g].Value.Replace('−', '-').Replace(',', '.'), CultureInfo.InvariantCulture);
            Assert.InRange(D(1), D(2), D(3));
            Assert.InRange(D(2), -1, 1);
            Assert.InRange(D(3), -1, 1);
        }
    }

    [Fact]
    public void PValuesNeverPrintAsZero()
    {
        foreach (var lang in new[] { "nl", "en" })
        {
            string html = lang == "en" ? fx.HtmlEn : fx.HtmlNl;
            Assert.DoesNotMatch("(?<![\\d.,])-?0[.,]0000(?!\\d)", html);
            Assert.DoesNotContain(">-0%<", html);
            Assert.Contains(lang == "en" ? "&lt; 0.001" : "&lt; 0,001", html);
        }
        var pColumns = fx.Report.Tables.SelectMany(t => t.Columns.Select((c, i) => (t, c, i))).Where(x => x.c.Kind == ColumnKind.PValue).ToList();
        Assert.True(pColumns.Count >= 4);
        foreach (var (t, c, i) in pColumns)
            foreach (var row in t.Rows.Where(r => r[i] is double))
            {
                double p = (double)row[i]!;
                var cell = HtmlReportWriter.FormatCell(p, c, "nl");
                Assert.Equal(p < 0.001 ? "< 0,001" : p.ToString("0.000", CultureInfo.InvariantCulture).Replace('.', ','), cell);
            }
    }

    [Fact]
    public void HeadingsAndCaptionsNameGroupsInWords()
    {
        foreach (var html in new[] { fx.HtmlNl, fx.HtmlEn })
        {
            // the text a reader sees (a caption's download links name the table's files in their attributes)
            var headings = Regex.Matches(html, "<(h2|h3|caption|figcaption|summary)[^>]*>(.*?)</\\1>").Select(m => Regex.Replace(m.Groups[2].Value, "<[^>]*>", "")).ToList();
            foreach (var id in new[] { "origin7", "education3", "age_group" })
                Assert.DoesNotContain(headings, h => h.Contains(id, StringComparison.Ordinal));
        }
        Assert.Contains("Naar herkomst en generatie", fx.HtmlNl);
        Assert.Contains("By level of education", fx.HtmlEn);
    }

    [Fact]
    public void ShareIntervalsStayInsideZeroToOneAsTheLogitIntervalOfTheMeasureVerb()
    {
        foreach (var t in fx.Report.Tables.Where(t => t.Id.StartsWith("measure_", StringComparison.Ordinal)))
        {
            int lo = t.Columns.ToList().FindIndex(c => c.Id == "ci_lower"), hi = t.Columns.ToList().FindIndex(c => c.Id == "ci_upper");
            foreach (var row in t.Rows.Where(r => r[lo] is double))
            {
                Assert.InRange((double)row[lo]!, 0, 1);
                Assert.InRange((double)row[hi]!, 0, 1);
            }
        }
        // the same numbers as `cohesion measure --ci logit` (R's svyciprop(method = "logit"), tools/reference/framework.R)
        var verb = CliRunner.Run("measure", "--ci", "logit", "--format", "json");
        Assert.Equal(0, verb.ExitCode);
        using var doc = JsonDocument.Parse(verb.Out);
        var national = fx.Report.Results.MeasureNational!;
        int compared = 0;
        foreach (var e in doc.RootElement.GetProperty("estimates").EnumerateArray()
                     .Where(x => x.GetProperty("ci_lower").ValueKind == JsonValueKind.Number && x.GetProperty("group").ValueKind == JsonValueKind.Null))
        {
            var row = national.Rows.Single(r => r.Variable == e.GetProperty("variable").GetString() && r.Group is null);
            Approx.Equal(e.GetProperty("ci_lower").GetDouble(), row.CiLower, 1e-12, row.Variable);
            Approx.Equal(e.GetProperty("ci_upper").GetDouble(), row.CiUpper, 1e-12, row.Variable);
            compared++;
        }
        Assert.True(compared >= 20, $"{compared} compared");
    }

    /// <summary>WCAG 2.x relative luminance of "#rrggbb".</summary>
    private static double Luminance(string hex)
    {
        double C(int i)
        {
            double c = int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * C(0) + 0.7152 * C(1) + 0.0722 * C(2);
    }

    [Fact]
    public void ChartTextContrastsAtLeastFourAndAHalfToOneOnWhite()
    {
        var fills = Regex.Matches(fx.HtmlNl + fx.HtmlEn, "<text[^>]*\\sfill=\"(#[0-9a-fA-F]{6})\"").Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        Assert.NotEmpty(fills);
        foreach (var f in fills)
        {
            double ratio = (1.0 + 0.05) / (Luminance(f) + 0.05);
            Assert.True(ratio >= 4.5, $"text colour {f} has contrast {ratio:0.00}:1 on white");
        }
        Assert.DoesNotMatch("<text[^>]*fill-opacity", fx.HtmlNl);
    }
}

/// <summary>The English report (its charts are drawn in English when the report is built in English).</summary>
public class EnglishReportChartTextTests(ReportRunFixture fx) : IClassFixture<ReportRunFixture>
{
    [Fact]
    public void EnglishChartTextHasNoDecimalCommaAndNoDutch()
    {
        Assert.True(fx.Result.ExitCode == 0, fx.Result.Err);
        var text = ReportChartTextTests.ChartText(File.ReadAllText(Path.Combine(fx.Dir, "report.html")));
        Assert.True(text.Count > 500, $"{text.Count} chart texts");
        Assert.Empty(text.Where(t => Regex.IsMatch(t, "\\d,\\d{1,2}(?!\\d)")));
        // whole words (place names such as "De Poortmannen" may contain them)
        foreach (var dutch in new[] { "mannen", "vrouwen", "bevolking", "samenstelling", "binnen groepen", "Studie", "geen gegevens", "mln" })
            Assert.DoesNotContain(text, t => Regex.IsMatch(t, $"\\b{dutch}\\b"));
        Assert.Contains(text, t => t.Contains(" M", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("correlation r", StringComparison.Ordinal));
    }
}
