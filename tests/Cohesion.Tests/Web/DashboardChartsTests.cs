using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>The dashboard shows the charts of the one chart layer (no second drawing in the browser), compares
/// several population scenarios, and its charts follow the language asked for.</summary>
public class DashboardChartsTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task SeveralScenariosAreComparedInOneChartAndEqualTheVerb()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/projection?scenario=midden,groei&societal=estimated&policy=none"));
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["midden", "groei"], runs.Select(r => r.GetProperty("scenario").GetString()).ToArray());
        Assert.Equal("synthetic", doc.RootElement.GetProperty("provenance").GetString());
        var cli = CliRunner.Run("simulate", "--scenario", "groei", "--societal", "estimated", "--format", "json");
        Assert.True(cli.ExitCode == 0, cli.Err);
        var verb = JsonDocument.Parse(cli.Out).RootElement.GetProperty("runs")[0].GetProperty("years");
        var api = runs[1].GetProperty("years");
        for (int y = 0; y < verb.GetArrayLength(); y += 13)
            Assert.Equal(verb[y].GetProperty("dimensions").GetProperty("institutional_trust").GetProperty("mean").GetDouble(),
                api[y].GetProperty("dimensions")[2].GetProperty("mean").GetDouble());

        var svg = await fx.Client.GetStringAsync("/api/projection?scenario=midden,groei&societal=estimated&policy=none&format=svg&dimension=institutional_trust&lang=en");
        Assert.StartsWith("<svg", svg);
        Assert.Equal(2, svg.Split("data-series=").Length - 1);
        Assert.Contains("Institutional trust", svg);
        var nl = await fx.Client.GetStringAsync("/api/projection?scenario=midden&format=svg&dimension=institutional_trust&lang=nl");
        Assert.Contains("Institutioneel vertrouwen", nl);
        Assert.Matches(@"\d+,\d%", nl); // Dutch decimal comma in the ticks
        var bad = await fx.Client.GetAsync("/api/projection?scenario=midden,utopia&format=svg&dimension=social_trust");
        Assert.Equal(400, (int)bad.StatusCode);
    }

    [Fact]
    public async Task GroupAndPopulationChartsComeFromTheServerWithIntervals()
    {
        var groups = await fx.Client.GetStringAsync("/api/groups?by=education3&format=svg&lang=nl");
        Assert.Contains("opleiding", groups);
        Assert.Contains("betrouwbaarheidsinterval", groups);
        Assert.Contains("<line", groups); // the interval whiskers
        var pyramid = await fx.Client.GetStringAsync("/api/population?scenario=krimp&year=2030&format=svg&chart=pyramid");
        Assert.True(pyramid.Split("<rect").Length > 100);
        var totals = await fx.Client.GetStringAsync("/api/population?scenario=krimp&format=svg&chart=totals&lang=en");
        Assert.Contains("2024 edition", totals);
        Assert.Equal(400, (int)(await fx.Client.GetAsync("/api/population?format=svg&chart=bars")).StatusCode);
        Assert.Equal(404, (int)(await fx.Client.GetAsync("/charts.js")).StatusCode);
    }
}
