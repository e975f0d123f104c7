using System.Net;
using System.Text.Json;
using Cohesion.Pipeline;
using Cohesion.Presentation.Charts;
using Cohesion.Reporting.Stages;
using Cohesion.Web;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Issue 11 item 3, the dashboard's Europe view: /api/europe serves the built-in comparison of the same
/// <see cref="CompareStep.Run"/> as <c>cohesion compare</c> (values real per row, ranks derived), and its charts are the
/// report's <see cref="CompareCharts"/> dot plot and trajectory.</summary>
public class DashboardEuropeTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    private static readonly Cohesion.Compare.CountryComparisonResult Expected = CompareStep.Run(new CompareRequest()).BuiltIn!;

    [Fact]
    public async Task EuropeJsonEqualsTheComparisonWithProvenancePerRow()
    {
        var r = await fx.Client.GetAsync("/api/europe");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("real", r.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("NL", root.GetProperty("reference").GetString());
        var plotted = EuropeStage.Plotted(Expected);
        var measures = root.GetProperty("measures").EnumerateArray().ToList();
        Assert.Equal(plotted.Select(s => s.Measure.Id), measures.Select(m => m.GetProperty("id").GetString()));
        // the ESS 2018 mean trust in others: NL 6.2, rank 4 of 17 (the shipped CBS 80518NED file)
        var trust = measures.Single(m => m.GetProperty("id").GetString() == "mean_trust_others_ess");
        Assert.Equal(2018, trust.GetProperty("year").GetInt32());
        Assert.Equal(6.2, trust.GetProperty("value").GetDouble(), 6);
        Assert.Equal(4, trust.GetProperty("rank_europe").GetInt32());
        Assert.Equal(17, trust.GetProperty("n_europe").GetInt32());
        // a measure NL lacks says why
        var ep = measures.Single(m => m.GetProperty("id").GetString() == "mean_trust_european_parliament_ess");
        Assert.Equal(JsonValueKind.Null, ep.GetProperty("value").ValueKind);
        Assert.Contains("sixth value", ep.GetProperty("missing_en").GetString());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        var expectedRows = plotted.SelectMany(s => CompareCharts.EuropeanRows(Expected, s.Measure.Id, s.Year)).ToList();
        Assert.Equal(expectedRows.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expectedRows[i].Country.Code, rows[i].GetProperty("country").GetString());
            Assert.Equal(expectedRows[i].Value, rows[i].GetProperty("value").GetDouble());
            Assert.Equal(expectedRows[i].RankEurope, rows[i].GetProperty("rank_europe").GetInt32());
            Assert.Equal("real", rows[i].GetProperty("provenance").GetString());
        }
        var caveats = root.GetProperty("caveats").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains("scales", caveats);
        Assert.Contains("evs_wvs_third", caveats);
        Assert.Contains("missing", caveats);
        Assert.Contains(root.GetProperty("trajectories").EnumerateArray(), t => t.GetProperty("measure").GetString() == "trust_most_people_evs");
        using var one = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/europe?measure=trust_most_people_evs"));
        Assert.All(one.RootElement.GetProperty("rows").EnumerateArray(), x => Assert.Equal("trust_most_people_evs", x.GetProperty("measure").GetString()));
    }

    [Fact]
    public async Task EuropeChartsAreTheChartLayersInBothLanguages()
    {
        var s = EuropeStage.Plotted(Expected).Single(x => x.Measure.Id == "trust_most_people_evs");
        foreach (var lang in new[] { "nl", "en" })
        {
            var dot = await fx.Client.GetAsync($"/api/europe?format=svg&chart=dot&measure=trust_most_people_evs&lang={lang}");
            Assert.Equal("real", dot.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
            Assert.Equal("image/svg+xml", dot.Content.Headers.ContentType!.MediaType);
            Assert.Equal(CompareCharts.DotPlot(Expected, s.Measure.Id, s.Year, lang), await dot.Content.ReadAsStringAsync());
            var traj = await fx.Client.GetAsync($"/api/europe?format=svg&chart=trajectory&measure=trust_most_people_evs&lang={lang}");
            Assert.Equal("derived", traj.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
            var t = EuropeStage.Shown(Expected).Single(x => x.Measure.Id == "trust_most_people_evs");
            Assert.Equal(CompareCharts.TrajectoryChart(Expected, t, lang), await traj.Content.ReadAsStringAsync());
        }
        var bad = await fx.Client.GetAsync("/api/europe?format=svg&measure=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("query parameter 'measure'", await bad.Content.ReadAsStringAsync());
        var none = await fx.Client.GetAsync("/api/europe?format=svg&chart=trajectory&measure=mean_trust_police_ess");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var fmt = await fx.Client.GetAsync("/api/europe?format=png");
        Assert.Equal(HttpStatusCode.BadRequest, fmt.StatusCode);
    }
}
