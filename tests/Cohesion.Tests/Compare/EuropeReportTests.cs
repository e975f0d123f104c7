using System.Globalization;
using System.Text.Json;
using Cohesion.Compare;
using Cohesion.Reporting;
using Cohesion.Reporting.Stages;
using Cohesion.Statistics.Inference;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Compare;

/// <summary>The report's section "Nederland in Europa" (issue 11, item 3) and the intervals of the built-in
/// comparison: values equal the shipped source files, intervals equal R's prop.test, what is missing is said, and
/// every source is shown with its licence and caveat.</summary>
public class EuropeReportTests
{
    private static readonly Lazy<ReportSection> Section = new(() => Run("nl"));

    private static ReportSection Run(string lang)
    {
        var report = new Report { Title = ("t", "t"), Manifest = new RunManifest { Seed = 1, Language = lang } };
        new EuropeStage().Run(new ReportContext { Config = new ReportConfig { Language = lang }, Report = report });
        return Assert.Single(report.Sections);
    }

    private static ReportTable Table(ReportSection s, string id) => s.Blocks.OfType<TableBlock>().Select(b => b.Table).Single(t => t.Id == id);
    private static object? Cell(ReportTable t, object?[] row, string column) => row[t.Columns.ToList().FindIndex(c => c.Id == column)];

    [Fact]
    public void SectionComesRightAfterTheFourDimensions()
    {
        var ids = ReportStages.Default().Select(s => s.Id).ToList();
        Assert.Equal(ids.IndexOf("measure") + 1, ids.IndexOf("europe"));
        Assert.Equal("europe", Section.Value.Id);
        Assert.Equal("Nederland in Europa", Section.Value.Title.Nl);
    }

    [Fact]
    public void SummaryValuesAndRanksEqualTheShippedEss2018Table()
    {
        var src = TestCsv.Read(Path.Combine(Paths.RealData(), "ess-country-trust-cbs80518ned", "ess_2018_country_trust_cbs80518ned.csv"));
        var t = Table(Section.Value, "europe_summary");
        foreach (var (column, label) in new[] { ("mean_trust_politicians", "Vertrouwen in politici (ESS, gemiddelde 0-10)"), ("mean_trust_others", "Vertrouwen in andere mensen (ESS, gemiddelde 0-10)") })
        {
            var values = src.Where(r => r[column].Length > 0).Select(r => (Code: r["country_iso2"], V: double.Parse(r[column], CultureInfo.InvariantCulture))).ToList();
            var nl = values.Single(v => v.Code == "NL").V;
            var row = t.Rows.Single(r => (string)r[0]! == label && (string)Cell(t, r, "period")! == "2018*");
            Assert.Equal(nl, (double)Cell(t, row, "value")!, 12);
            Assert.Equal(1 + values.Count(v => v.V > nl), (int)Cell(t, row, "rank")!);
            Assert.Equal(values.Count, (int)Cell(t, row, "n_countries")!);
            var sorted = values.Select(v => v.V).OrderBy(v => v).ToArray();
            double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            Assert.Equal(median, (double)Cell(t, row, "european_median")!, 12);
            Assert.Null(Cell(t, row, "ci_lower"));   // CBS publishes no standard errors: no interval
        }
    }

    [Fact]
    public void MissingReferenceValuesAreSaidNotHidden()
    {
        var t = Table(Section.Value, "europe_summary");
        var ep = t.Rows.Single(r => (string)r[0]! == "Vertrouwen in het Europees Parlement (ESS, gemiddelde 0-10)" && (string)Cell(t, r, "period")! == "2018*");
        Assert.Null(Cell(t, ep, "value"));
        Assert.False(string.IsNullOrWhiteSpace((string?)Cell(t, ep, "missing")));
        var missing = Table(Section.Value, "europe_missing");
        Assert.Contains(missing.Rows, r => (string)r[0]! == "Vertrouwen in het Europees Parlement (ESS, gemiddelde 0-10)");
        Assert.Contains(missing.Rows, r => (string)r[0]! == "De meeste mensen zijn te vertrouwen (WVS, aandeel)" && ((string)r[1]!).Contains("2017"));
    }

    [Fact]
    public void SourcesShowLicenceCaveatAndProvenance()
    {
        var t = Table(Section.Value, "europe_sources");
        var trust = t.Rows.Single(r => ((string)r[0]!).StartsWith("trustsurveys", StringComparison.Ordinal));
        Assert.Contains("no licence file", (string)Cell(t, trust, "licence")!);
        Assert.Contains("Geen licentie", (string)Cell(t, trust, "caveat")!);
        Assert.Equal(Provenance.Real, t.Provenance);
        Assert.Equal(Provenance.Real, Table(Section.Value, "europe_countries").Provenance);
        Assert.Equal(Provenance.Derived, Table(Section.Value, "europe_summary").Provenance);   // medians and differences
        Assert.Contains(Section.Value.Blocks.OfType<ProvenanceNoticeBlock>(), p => p.Provenance == Provenance.Real && p.Text.En.Contains("provenance: real") && p.Text.Nl.Contains("herkomst: real"));
        Assert.All(new[] { "europe_summary", "europe_countries", "europe_changes" }, id => Assert.Contains("real", Table(Section.Value, id).Note!.En));
        Assert.All(Section.Value.Blocks.OfType<FigureBlock>().Where(f => f.TableId == "europe_countries"), f => Assert.Equal(Provenance.Real, f.Provenance));
    }

    [Fact]
    public void DotPlotsHighlightTheReferenceAndTrajectoriesFollowTheChanges()
    {
        var figures = Section.Value.Blocks.OfType<FigureBlock>().ToList();
        var wvs = figures.Single(f => f.Caption.En.StartsWith("Most people can be trusted (WVS, share), 2010-2014", StringComparison.Ordinal));
        Assert.Contains("1. Nederland", wvs.Svg);
        Assert.Contains("67% (65%–70%)", wvs.Svg);   // NL's value and Wilson interval, as the europe_countries table
        Assert.Contains("Geen licentie", wvs.Svg);   // the caveat travels with the chart
        var evs = figures.Single(f => f.Caption.En.StartsWith("Most people can be trusted (EVS, share): ", StringComparison.Ordinal));
        Assert.Contains("Nederland 2017: 60%", evs.Svg);
        var changes = Table(Section.Value, "europe_changes");
        var whole = changes.Rows.Single(r => (string)r[0]! == "De meeste mensen zijn te vertrouwen (EVS, aandeel) (hele periode)");
        Assert.Equal(0.595 - 0.436, (double)Cell(changes, whole, "change")!, 3);
    }

    [Fact]
    public void EnglishSectionHasEnglishLabels()
    {
        var s = Run("en");
        var t = Table(s, "europe_countries");
        Assert.Contains(t.Rows, r => (string)Cell(t, r, "country")! == "Netherlands");
        Assert.Contains(s.Blocks.OfType<FigureBlock>(), f => f.Svg.Contains("1. Netherlands"));
    }

    [Fact]
    public void IntervalsEqualRPropTest()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("compare", "compare_intervals.json")));
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count > 400);
        var data = CountryData.LoadDefault();
        int matched = 0;
        foreach (var row in rows)
        {
            var (lo, hi) = ProportionInterval.Wilson(row.GetProperty("trust").GetDouble(), row.GetProperty("n_answering").GetDouble());
            Assert.Equal(row.GetProperty("lower").GetDouble(), lo, 1e-10);
            Assert.Equal(row.GetProperty("upper").GetDouble(), hi, 1e-10);
            var country = data.Countries.Find(row.GetProperty("country").GetString()!)!;
            var v = data.Values.Single(x => x.Country == country.Code && x.Period == row.GetProperty("years").GetString()
                && x.Measure == (row.GetProperty("survey").GetString() == "EVS" ? "trust_most_people_evs" : "trust_most_people_wvs"));
            var iv = CountryIntervals.For(v, data.Measure(v.Measure))!;
            Assert.Equal(row.GetProperty("lower").GetDouble(), iv.Lower, 1e-10);
            Assert.Equal(row.GetProperty("n_answering").GetDouble(), iv.NAnswering, 1e-9);
            matched++;
        }
        Assert.Equal(rows.Count, matched);
        Assert.Null(CountryIntervals.For(data.Values.First(x => x.Measure == "trust_score_gps"), data.Measure("trust_score_gps")));
    }
}
