using System.Net;
using System.Text.Json;
using Cohesion.Trends;
using Cohesion.Web;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Issue 10, the dashboard's trends view: /api/trends serves the real CBS series and their fitted trends from
/// the same <see cref="SeriesTrends.Run"/> as <c>cohesion trends</c>, with provenance real; the chart is the chart layer's.</summary>
public class DashboardTrendsTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task TrendsApiEqualsTheDomainSeriesAndFits()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/trends"));
        var root = doc.RootElement;
        Assert.Equal("real", root.GetProperty("provenance").GetString());
        var expected = SeriesTrends.Run(new SeriesTrendsRequest()).Series;
        var series = root.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(expected.Points.Count, series.Count);
        for (int i = 0; i < series.Count; i++)
        {
            Assert.Equal(expected.Points[i].Indicator, series[i].GetProperty("indicator").GetString());
            Assert.Equal(expected.Points[i].Year, series[i].GetProperty("year").GetDouble());
            Assert.Equal(expected.Points[i].Value, series[i].GetProperty("value").GetDouble());
        }
        var trends = root.GetProperty("trends").EnumerateArray().ToList();
        Assert.Equal(expected.Trends.Count, trends.Count);
        for (int i = 0; i < trends.Count; i++)
        {
            Assert.Equal(expected.Trends[i].Slope, trends[i].GetProperty("slope").GetDouble());
            Assert.Equal("logit", trends[i].GetProperty("scale").GetString());
        }
        Assert.Equal(CbsSeries.Quarterly().Count, root.GetProperty("quarterly").GetArrayLength());
    }

    [Fact]
    public async Task TrendsChartIsRealAndBadFormatIs400()
    {
        var r = await fx.Client.GetAsync("/api/trends?format=svg");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("real", r.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        Assert.Contains(CbsSeries.ChartProvenance, await r.Content.ReadAsStringAsync());
        var bad = await fx.Client.GetAsync("/api/trends?format=png");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("query parameter 'format'", await bad.Content.ReadAsStringAsync());
    }
}
