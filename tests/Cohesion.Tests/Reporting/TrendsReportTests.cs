using Cohesion.Framework;
using Cohesion.Reporting;
using Cohesion.Reporting.Stages;
using Cohesion.Scenarios;
using Cohesion.Tests.Infrastructure;
using Cohesion.Tests.Trends;
using Cohesion.Trends;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>The report's section "Trends 2012–2024" (issue 10, item 4): placed before the projection, its tables real
/// (the split derived), and its values those of the Trends domain code (and so of R's lm for the series fits); the
/// projection says which societal scenario it uses and that the estimated one was estimated, from what.</summary>
public class TrendsReportTests
{
    private static readonly Lazy<ReportSection> Section = new(() => Run("nl"));

    private static ReportSection Run(string lang)
    {
        var report = new Report { Title = ("t", "t"), Manifest = new RunManifest { Seed = 1, Language = lang } };
        new TrendsStage().Run(new ReportContext { Config = new ReportConfig { Language = lang }, Report = report });
        return Assert.Single(report.Sections);
    }

    private static ReportTable Table(string id) => Section.Value.Blocks.OfType<TableBlock>().Select(b => b.Table).Single(t => t.Id == id);
    private static object? Cell(ReportTable t, object?[] row, string column) => row[t.Columns.ToList().FindIndex(c => c.Id == column)];

    [Fact]
    public void SectionComesRightBeforeTheProjection()
    {
        var ids = ReportStages.Default().Select(s => s.Id).ToList();
        Assert.Equal(ids.IndexOf("simulate") - 1, ids.IndexOf("trends"));
        Assert.Equal("trends", Section.Value.Id);
        Assert.Equal("Trends 2012–2024", Section.Value.Title.Nl);
        Assert.Equal("Trends 2012–2024", Section.Value.Title.En);
    }

    [Fact]
    public void TablesAndFiguresCarryTheirProvenance()
    {
        foreach (var id in new[] { "trends_fits", "trends_series", "trends_quarterly", "trends_vu_panel" })
            Assert.Equal(Provenance.Real, Table(id).Provenance);
        Assert.Equal(Provenance.Derived, Table("trends_composition").Provenance);
        Assert.Equal(Provenance.Derived, Table("trends_societal_rules").Provenance);
        var figures = Section.Value.Blocks.OfType<FigureBlock>().ToList();
        Assert.True(figures.Count >= 7, $"{figures.Count} figures");   // four dimensions, education, quarters, VU panel
        Assert.All(figures, f => Assert.Equal(Provenance.Real, f.Provenance));
        Assert.All(figures, f => Assert.False(string.IsNullOrWhiteSpace(f.Caption.Nl) || string.IsNullOrWhiteSpace(f.Caption.En) || f.Caption.Nl == f.Caption.En));
        Assert.All(Section.Value.Blocks.OfType<TableBlock>(), b => Assert.NotEqual(b.Table.Title.Nl, b.Table.Title.En));
        Assert.Contains(Section.Value.Blocks.OfType<ProvenanceNoticeBlock>(), p => p.Provenance == Provenance.Real && p.Text.En.Contains("provenance: real"));
        // every dimension's national series is drawn, with its source (CBS SSW; turnout from the Kiesraad)
        foreach (var dim in new[] { "Sociaal vertrouwen", "Sociale participatie", "Institutioneel vertrouwen", "Politieke participatie" })
            Assert.Contains(figures, f => f.Caption.Nl.StartsWith(dim + ": landelijke reeksen", StringComparison.Ordinal) && f.Svg.Contains("Bron / source: ") && f.Svg.Contains("— pages: table trends_series"));
        // every series row names its source page
        var series = Table("trends_series");
        Assert.All(series.Rows, r => Assert.Contains("http", (string)Cell(series, r, "source")!));
    }

    [Fact]
    public void FitsEqualSeriesTrendsAndR()
    {
        var domain = SeriesTrends.Run(new SeriesTrendsRequest()).Series.Trends;
        var t = Table("trends_fits");
        Assert.Equal(domain.Count, t.Rows.Count);
        foreach (var d in domain)
        {
            var row = t.Rows.Single(r => (string)Cell(t, r, "series")! == d.Indicator && (string)Cell(t, r, "group")! == d.Group && (string)Cell(t, r, "from")! == d.From.ToString());
            Assert.Equal(d.Slope, (double)Cell(t, row, "slope")!);
            if (double.IsFinite(d.StandardError)) Assert.Equal(d.StandardError, (double)Cell(t, row, "se")!);
            else Assert.Null(Cell(t, row, "se"));
        }
        // and so R's coef(lm(qlogis(value/100) ~ year)) (tools/reference/trends.R)
        var r = WaveTrendsReferenceTests.Reference.Value.GetProperty("series_cbs");
        var ind = WaveTrendsReferenceTests.Vec(r, "indicator");
        var tk = ind.FindIndex(e => e.GetString() == "trust_tweede_kamer");
        var tkRow = t.Rows.Single(x => (string)Cell(t, x, "series")! == "trust_tweede_kamer");
        Approx.Equal(WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(r, "slope")[tk]), (double)Cell(t, tkRow, "slope")!, 1e-9, "trust_tweede_kamer slope");
        Approx.Equal(WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(r, "se")[tk]), (double)Cell(t, tkRow, "se")!, 1e-8, "trust_tweede_kamer se");
    }

    [Fact]
    public void CompositionSplitEqualsSocietalEstimationAndAddsUp()
    {
        var soc = SeriesTrends.Run(new SeriesTrendsRequest { Societal = true }).Societal!;
        var t = Table("trends_composition");
        Assert.Equal(soc.Splits.Count, t.Rows.Count);
        foreach (var x in soc.Splits)
        {
            var row = t.Rows.Single(r => (string)Cell(t, r, "series")! == x.SeriesIndicator);
            Approx.Equal(100 * x.Change, (double)Cell(t, row, "change")!, 1e-12, x.SeriesIndicator);
            Approx.Equal(100 * x.Composition, (double)Cell(t, row, "composition")!, 1e-12, x.SeriesIndicator + " composition");
            Approx.Equal(100 * x.Within, (double)Cell(t, row, "within")!, 1e-12, x.SeriesIndicator + " within");
            Approx.Equal((double)Cell(t, row, "change")!, (double)Cell(t, row, "composition")! + (double)Cell(t, row, "within")!, 1e-12, x.SeriesIndicator + " sum");
        }
        var text = Section.Value.Blocks.OfType<ParagraphBlock>().Single(p => p.Text.En.StartsWith("What does the change", StringComparison.Ordinal)).Text;
        Assert.Contains("samenstelling", text.Nl);
        Assert.Contains("'estimated'", text.En);
        Assert.Contains("'estimated'", text.Nl);
    }

    [Fact]
    public void EducationGapAndQuarterlyPeakAreStated()
    {
        var gaps = TrendsStage.EducationGap(PublishedSeries.Read(CbsSeries.DefaultPath), "trust_others");
        Assert.Equal([(2016, 47.0), (2018, 41.0), (2022, 49.0)], gaps.Select(g => (g.Year, g.Gap)).ToArray());
        var paragraphs = Section.Value.Blocks.OfType<ParagraphBlock>().Select(p => p.Text).ToList();
        Assert.Contains(paragraphs, p => p.Nl.StartsWith("Opleidingskloof", StringComparison.Ordinal) && p.Nl.Contains("47 in 2016") && p.En.Contains("49 in 2022"));
        var q = CbsSeries.Quarterly();
        Assert.Equal(q.Count, Table("trends_quarterly").Rows.Count);
        Assert.Contains(paragraphs, p => p.Nl.Contains("piek van 58,3% in 2020Q2 en 2020Q4") && p.Nl.Contains("25,0% in 2022Q4") && p.En.Contains("58.3% in 2020Q2 and 2020Q4"));
    }

    [Fact]
    public void VuPanelTableEqualsThePairedContrasts()
    {
        var r = VuPanel.Run();
        var t = Table("trends_vu_panel");
        var contrasts = r.Contrasts.Where(c => c.From == 0 && c.To == 4).ToList();
        Assert.Equal(contrasts.Count, t.Rows.Count);
        var dim = contrasts.Where(c => c.Variable == "institutional_trust").ToList();
        Assert.Equal(3, dim.Count);
        var labels = VuPanel.InstitutionalTrust().Groups["education3"];
        foreach (var c in dim)
        {
            var row = t.Rows.Single(x => (string)Cell(t, x, "variable")! == r.Labels["institutional_trust"].Nl && (string)Cell(t, x, "education")! == labels.LabelOf(c.Group!));
            Assert.Equal(c.Difference, (double)Cell(t, row, "difference")!);
            Assert.Equal(c.StandardError, (double)Cell(t, row, "se_difference")!);
            Assert.Equal(r.Waves.Single(w => w.Variable == c.Variable && w.Group == c.Group && w.Year == 4).Estimate, (double)Cell(t, row, "wave4")!);
        }
    }

    [Fact]
    public void ProjectionNamesTheEstimatedScenarioAndWhatItWasEstimatedFrom()
    {
        var fw = FrameworkLoader.LoadDefault();
        var estimated = CohesionScenarioCatalog.ResolveSocietal("estimated", fw).Single();
        Assert.Equal("derived", estimated.Provenance);
        var section = new ReportSection("simulate", ("s", "s"));
        SimulationStage.SocietalScenarios(section, [CohesionScenario.None(), estimated, CohesionScenarioCatalog.ResolveSocietal("trends", fw).Single()], trendsSection: true);
        var texts = section.Blocks.OfType<ParagraphBlock>().Select(p => p.Text).ToList();
        Assert.Contains(texts, p => p.Nl.Contains("'none'") && p.Nl.Contains("'estimated'") && p.En.Contains("'estimated'"));
        var est = Assert.Single(texts, p => p.En.StartsWith("The scenario 'estimated' is not typed in but estimated from real data", StringComparison.Ordinal));
        Assert.Contains(estimated.Assumptions[0], est.En);   // from what: the scenario's own assumptions
        Assert.Contains("cbs-ssw-national-trends", est.En);
        Assert.Contains("geschat uit echte gegevens", est.Nl);
        Assert.Contains("geen bevinding", est.Nl);
        Assert.Contains("not a finding", est.En);
        Assert.Contains(texts, p => p.En.StartsWith("The scenario 'trends' is a typed-in assumption", StringComparison.Ordinal));
    }
}
