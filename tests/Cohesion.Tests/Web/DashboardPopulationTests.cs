using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Tests.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>The dashboard's population view uses the same edition as the report and the CLI, and says which.</summary>
public class DashboardPopulationTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task PopulationApiStatesItsEditionAndCalibration()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/population?scenario=arbeid&year=2050"));
        var root = doc.RootElement;
        Assert.Equal(ScenarioCatalog.DefaultEdition, root.GetProperty("edition").GetInt32());
        Assert.Equal(2024, root.GetProperty("edition").GetInt32());
        var engine = TestEngine.Engine.Run(ScenarioCatalog.Load("arbeid", 2024), 2051);
        Assert.Equal(engine.MigrationScale, root.GetProperty("calibration").GetProperty("migration_factor").GetDouble(), 12);
        Approx.Equal(20_757_000, root.GetProperty("total").GetDouble(), 1e-6, "published 2024 arbeid total");
    }
}
