using System.Text.RegularExpressions;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.Presentation.Charts;
using Cohesion.Reporting;
using Cohesion.Reporting.Stages;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>Builds the main job in process once (built-in default, fewer coefficient draws) and keeps the report.</summary>
public sealed class InProcessReportFixture
{
    public ReportConfig Config { get; } = new() { Simulation = new ReportConfig.SimulationSettings { Reps = 20 } };
    public Report Report { get; }
    public string HtmlNl { get; }
    public string HtmlEn { get; }

    public InProcessReportFixture()
    {
        Report = new ReportRunner(ReportStages.Default()).Build(Config);
        HtmlNl = HtmlReportWriter.Render(Report, "nl");
        HtmlEn = HtmlReportWriter.Render(Report, "en");
    }

    public IReadOnlyList<KeyFinding> Findings =>
        Report.Sections.Single(s => s.Id == KeyFindings.SectionId).Blocks.OfType<FindingsBlock>().Single().Findings;

    public KeyFinding Finding(string section, string startsWithEn) =>
        Findings.Single(f => f.SectionId == section && f.Text.En.StartsWith(startsWithEn, StringComparison.Ordinal));
}

[CollectionDefinition(Name)]
public sealed class InProcessReportCollection : ICollectionFixture<InProcessReportFixture>
{
    public const string Name = "in-process report";
}

/// <summary>The key findings: first, 5–8 sentences whose numbers are the stages' results, each linked and badged,
/// never a calibration target.</summary>
[Collection(InProcessReportCollection.Name)]
public class KeyFindingsTests(InProcessReportFixture fx)
{
    private static readonly ChartFormat Nl = ChartFormat.Dutch, En = ChartFormat.English;
    /// <summary>A decimal point (not a thousands point: not followed by exactly three digits).</summary>
    public const string DecimalPoint = "\\d\\.(\\d{1,2}|\\d{4,})(?!\\d)";
    public const string DecimalComma = "\\d,(\\d{1,2}|\\d{4,})(?!\\d)";

    [Fact]
    public void KeyFindingsAreTheFirstSectionWithFiveToEightLinkedFindings()
    {
        Assert.Equal(KeyFindings.SectionId, fx.Report.Sections[0].Id);
        Assert.InRange(fx.Findings.Count, 5, 8);
        var ids = fx.Report.Sections.Select(s => s.Id).ToHashSet();
        foreach (var html in new[] { fx.HtmlNl, fx.HtmlEn })
        {
            int first = html.IndexOf("<section", StringComparison.Ordinal);
            Assert.Equal(html.IndexOf("<section id=\"key-findings\">", StringComparison.Ordinal), first);
            var section = html[first..html.IndexOf("</section>", first, StringComparison.Ordinal)];
            var items = Regex.Matches(section, "<li data-provenance=\"(real|synthetic|derived)\">(.*?)</li>").ToList();
            Assert.Equal(fx.Findings.Count, items.Count);
            foreach (var li in items)
            {
                Assert.Matches("\\d", Regex.Replace(li.Groups[2].Value, "<[^>]+>", ""));
                var href = Regex.Match(li.Groups[2].Value, "href=\"#([^\"]+)\"");
                Assert.True(href.Success && ids.Contains(href.Groups[1].Value), li.Value);
                Assert.Contains("class=\"badge badge-" + li.Groups[1].Value + "\"", li.Value);
            }
        }
    }

    [Fact]
    public void EveryFindingStatesItsNumbersInBothLanguages()
    {
        foreach (var f in fx.Findings)
        {
            Assert.NotEmpty(f.Values);
            Assert.All(f.Values, v => Assert.True(double.IsFinite(v), f.Text.En));
            // Dutch sentences carry decimal commas (a point only groups thousands), English ones decimal points
            Assert.DoesNotMatch(DecimalPoint, f.Text.Nl);
            Assert.DoesNotMatch(DecimalComma, f.Text.En);
        }
    }

    [Fact]
    public void TheGroupGapIsTheLargestDimensionGapOfTheMeasurement()
    {
        var r = fx.Report.Results;
        double best = 0;
        foreach (var (_, m) in r.MeasureBy)
            foreach (var g in m.Rows.Where(x => x.Level == MeasureLevel.Dimension && x.Group is not null && !x.Suppressed).GroupBy(x => x.Variable))
                best = Math.Max(best, g.Max(x => x.Estimate) - g.Min(x => x.Estimate));
        var f = fx.Finding("measure", "The largest gap");
        Assert.Equal(best, f.Values[2], 12);
        Assert.Equal(f.Values[0] - f.Values[1], f.Values[2], 12);
        Assert.Contains(Nl.Percent(f.Values[0]), f.Text.Nl);
        Assert.Contains(Nl.Number(100 * f.Values[2], 1) + " procentpunt", f.Text.Nl);
        Assert.Contains(En.Percent(f.Values[1]), f.Text.En);
        Assert.Equal(Provenance.Synthetic, f.Provenance);
        Assert.DoesNotContain("education3", f.Text.En);
        Assert.DoesNotContain(" / ", f.Text.Nl);
    }

    [Fact]
    public void ProjectionFindingsAreTheDecompositionOfTheMainRun()
    {
        var sim = fx.Report.Results.Simulation!;
        var rows = sim.Decomposition.Where(d => d.Policy is null && d.Scenario == fx.Config.Simulation.Scenarios[0] && d.Societal == fx.Config.Simulation.Societal[^1]).ToList();
        var d = rows.MaxBy(x => Math.Abs(x.Parts.TotalChange))!;
        var f = fx.Finding("simulate", "In population scenario");
        Assert.Equal([d.Parts.Start, d.Parts.End, d.Parts.TotalChange, d.Parts.Composition, d.Parts.Within], f.Values);
        Assert.Contains(Nl.Percent(d.Parts.End), f.Text.Nl);
        Assert.Contains(Nl.Number(100 * d.Parts.Within, 1) + " procentpunt", f.Text.Nl);

        var c = fx.Finding("simulate", "The changing composition");
        double maxComposition = sim.Decomposition.Where(x => x.Policy is null).Max(x => Math.Abs(x.Parts.Composition));
        Assert.Equal(maxComposition, Math.Abs(c.Values[0]), 12);
        Assert.Contains(En.Number(100 * maxComposition, 1) + " percentage points", c.Text.En);
    }

    [Fact]
    public void PopulationFindingIsTheShareAgedSixtyFivePlusNeverTheCalibratedTotal()
    {
        var pops = fx.Report.Results.Population!;
        var midden = pops.Single(p => p.Scenario.Name == "midden");
        var f = fx.Finding("population", "In the midden scenario");
        Assert.Equal(Cohesion.Demography.PopulationProjection.Share65Plus(midden.PopulationAt(2050)), f.Values[0], 12);
        Assert.Equal(pops.Min(p => Cohesion.Demography.PopulationProjection.Share65Plus(p.PopulationAt(2050))), f.Values[2], 12);
        Assert.Contains(Nl.Percent(f.Values[0]), f.Text.Nl);
        // the calibrated totals (equal to CBS's published totals by construction) are not findings
        var calibratedTotals = pops.Where(p => PopulationStage.CalibratedTotalYear(p) is not null).Select(p => p.Total(2050)).ToList();
        Assert.NotEmpty(calibratedTotals);
        foreach (var finding in fx.Findings)
            foreach (var v in finding.Values)
                Assert.DoesNotContain(calibratedTotals, t => Math.Abs(t - v) < 1);
        foreach (var t in calibratedTotals)
        {
            Assert.DoesNotContain(Nl.Count(t), string.Concat(fx.Findings.Select(x => x.Text.Nl)));
            Assert.DoesNotContain(Nl.Number(t), string.Concat(fx.Findings.Select(x => x.Text.Nl)));
        }
    }

    [Fact]
    public void NoFindingIsASurveyCalibrationTarget()
    {
        var targets = Cohesion.Synthetic.SurveyCalibrationTargets.Published.Select(t => t.Value).ToList();
        foreach (var f in fx.Findings.Where(f => f.SectionId == "measure"))
            foreach (var v in f.Values)
                Assert.DoesNotContain(targets, t => Math.Abs(t - v) < 5e-4);
    }

    [Fact]
    public void TheGapSkipsCalibratedCells()
    {
        var framework = FrameworkLoader.LoadDefault();
        MeasureRow Row(string variable, string group, double estimate) => new(variable, MeasureLevel.Dimension, variable,
            framework.Dimensions.Single(d => d.Id == variable).LabelNl, framework.Dimensions.Single(d => d.Id == variable).LabelEn, group,
            [("education3", group)], estimate, 0.01, estimate - 0.02, estimate + 0.02, 500, 500, 1, SuppressionReason.None);
        var results = new ReportResults();
        results.MeasureBy["education3"] = new MeasureResult(framework, new MeasureDesign(null, null, [], []), ["education3"],
            [Row("social_trust", "low", 0.2), Row("social_trust", "high", 0.9), Row("social_participation", "low", 0.5), Row("social_participation", "high", 0.6)],
            new DisclosureRule(), 2000);
        Assert.Equal(0.7, KeyFindings.LargestGroupGap(results, framework)!.Values[2], 12);
        results.CalibratedCells.Add(("social_trust", "education3", "high"));
        var f = KeyFindings.LargestGroupGap(results, framework)!;
        Assert.Equal(0.1, f.Values[2], 12);
        Assert.Contains("social participation", f.Text.En);
        Assert.Contains("‘hoog’", f.Text.Nl);
        Assert.Contains("‘high’", f.Text.En);
    }

    [Fact]
    public void NeighbourhoodAndLiteratureFindingsAreTheirStagesResults()
    {
        var r = fx.Report.Results;
        var steps = r.Neighbourhoods!.StepTables[0].Steps;
        var n = fx.Finding("neighbourhoods", "In the synthetic national buurt panel");
        Assert.Equal(steps[0].Estimate, n.Values[0]);
        Assert.Equal(steps[^1].Estimate, n.Values[1]);
        Assert.Contains(Nl.Number(steps[^1].Estimate, 2), n.Text.Nl);
        Assert.Equal(Provenance.Synthetic, n.Provenance);

        var chain = r.Amsterdam!.Steps.Where(s => s.Diversity == "fractionalisation" && s.Outcome == "volunteering" && s.RivmYear == 2020).OrderBy(s => s.Step).ToList();
        var a = fx.Finding("neighbourhoods", "Amsterdam, real data");
        Assert.Equal(chain[0].Coefficient.Estimate, a.Values[0]);
        Assert.Equal(chain[^1].Coefficient.Estimate, a.Values[1]);
        Assert.Contains(Nl.Number(chain[0].Coefficient.Estimate, 1) + " procentpunt", a.Text.Nl);
        Assert.Equal(Provenance.Real, a.Provenance);
        var table = fx.Report.Tables.Single(t => t.Id == "neighbourhoods_amsterdam");
        Assert.Equal(Provenance.Real, table.Provenance);
        Assert.Equal(r.Amsterdam.Steps.Select(x => x.Coefficient.Estimate), table.Rows.Select(row => (double)row[4]!));

        var c = r.MetaOverall!.Coefficients[0];
        var m = fx.Finding("meta", "In the synthetic study set");
        Assert.Equal([Math.Tanh(c.Estimate), Math.Tanh(c.CiLower), Math.Tanh(c.CiUpper)], m.Values);
        Assert.Contains("r = " + En.Number(Math.Tanh(c.Estimate), 3), m.Text.En);
        Assert.Contains("r = " + Nl.Number(Math.Tanh(c.Estimate), 3), m.Text.Nl);

        var e = fx.Finding("europe", "The Netherlands ranks");
        Assert.Equal(Provenance.Derived, e.Provenance);
        var s = r.Europe!.Summaries.Single(x => x.ReferenceValue == e.Values[0] && x.EuropeanMedian == e.Values[1]);
        Assert.Equal(s.ReferenceRankEurope!.Value, (int)e.Values[2]);
        Assert.Contains($"ranks {s.ReferenceRankEurope} of {s.NEurope} European countries", e.Text.En);
    }
}
