using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>The dashboard's sensitivity view equals <c>cohesion sensitivity</c> and says where its numbers come from.</summary>
public class DashboardSensitivityTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task SensitivityApiEqualsTheVerbAndCarriesItsProvenance()
    {
        var text = await fx.Client.GetStringAsync("/api/sensitivity?scenario=midden&societal=estimated");
        using var api = JsonDocument.Parse(text);
        var root = api.RootElement;
        Assert.Equal("synthetic", root.GetProperty("provenance").GetString());
        Assert.Equal(2050, root.GetProperty("year").GetInt32());
        var cli = CliRunner.Run("sensitivity", "--scenario", "midden", "--societal", "estimated", "--format", "json");
        Assert.True(cli.ExitCode == 0, cli.Err);
        Assert.Equal(cli.Out, text); // one writer for both
        var verb = JsonDocument.Parse(cli.Out).RootElement.GetProperty("sensitivity").EnumerateArray().ToArray();
        var rows = root.GetProperty("sensitivity").EnumerateArray().ToArray();
        Assert.Equal(verb.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(verb[i].GetProperty("input").GetString(), rows[i].GetProperty("input").GetString());
            Assert.Equal(verb[i].GetProperty("effect_low").GetDouble(), rows[i].GetProperty("effect_low").GetDouble());
            Assert.Equal(verb[i].GetProperty("effect_high").GetDouble(), rows[i].GetProperty("effect_high").GetDouble());
        }
        var svg = await fx.Client.GetAsync("/api/sensitivity?format=svg&lang=en");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var chart = await svg.Content.ReadAsStringAsync();
        Assert.Contains("data-provenance=\"synthetic\"", chart);
        Assert.Contains("Sensitivity of the 2050 outcome", chart);
        var bad = await fx.Client.GetAsync("/api/sensitivity?scenario=nope");
        Assert.Equal(400, (int)bad.StatusCode);
    }
}
