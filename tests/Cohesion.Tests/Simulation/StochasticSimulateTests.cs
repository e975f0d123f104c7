using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary><c>cohesion simulate --stochastic N</c> (issue 16): one replication per demographic trajectory, bands that
/// include demographic uncertainty, the same trajectories as <c>cohesion population --stochastic</c>.</summary>
public class StochasticSimulateTests
{
    private static JsonElement Json(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    private static Dictionary<string, (double Mean, double Width)> Dimensions(JsonElement root, int year) =>
        root.GetProperty("runs")[0].GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == year)
            .GetProperty("dimensions").EnumerateObject().ToDictionary(p => p.Name,
                p => (p.Value.GetProperty("mean").GetDouble(), p.Value.GetProperty("upper").GetDouble() - p.Value.GetProperty("lower").GetDouble()));

    [Fact]
    public void DemographicTrajectoriesWidenTheBands()
    {
        string[] common = ["simulate", "--societal", "trends", "--reps", "0", "--to", "2040", "--seed", "5", "--format", "json"];
        var det = Json(CliRunner.Run(common));
        var stoch = Json(CliRunner.Run([.. common, "--stochastic", "40", "--calibrate", "wpp2022"]));
        Assert.False(det.TryGetProperty("stochastic", out _));
        Assert.True(stoch.GetProperty("demographic_uncertainty").GetBoolean());
        var st = stoch.GetProperty("stochastic");
        Assert.Equal(40, st.GetProperty("trajectories").GetInt32());
        Assert.Equal("wpp2022", st.GetProperty("calibration").GetString());
        Assert.False(st.GetProperty("coefficient_draws").GetBoolean());
        var d2040 = Dimensions(det, 2040);
        var s2040 = Dimensions(stoch, 2040);
        var s2025 = Dimensions(stoch, 2025);
        foreach (var (dim, (mean, width)) in d2040)
        {
            Assert.Equal(0, width);                                   // deterministic demography, point estimates: no band
            Assert.Equal(mean, s2040[dim].Mean);                      // the mean stays the deterministic projection's
            Assert.True(s2040[dim].Width > 1e-4, $"{dim}: {s2040[dim].Width}");
            Assert.True(s2040[dim].Width > s2025[dim].Width, $"{dim}: demographic uncertainty grows with the horizon");
        }
    }

    [Fact]
    public void CoefficientDrawsOnTrajectoriesAndSameSeedSameBytes()
    {
        string[] args = ["simulate", "--societal", "trends", "--stochastic", "30", "--to", "2035", "--seed", "9", "--format", "json"];
        var one = CliRunner.Run([.. args, "--threads", "1"]);
        var two = CliRunner.Run([.. args, "--threads", "2"]);
        Assert.True(one.ExitCode == 0, one.Err);
        Assert.Equal(one.Out, two.Out);
        var root = Json(one);
        Assert.True(root.GetProperty("stochastic").GetProperty("coefficient_draws").GetBoolean());
        var other = CliRunner.Run([.. args[..^3], "--seed", "10", "--format", "json"]);
        Assert.NotEqual(one.Out, other.Out);
        // coefficient draw r on trajectory r: the bands are at least as wide as the coefficient draws alone would
        // give up to sampling noise, and differ from them (the same draws, other populations)
        var coefOnly = Json(CliRunner.Run("simulate", "--societal", "trends", "--reps", "30", "--to", "2035", "--seed", "9", "--format", "json"));
        var a = Dimensions(root, 2035);
        var b = Dimensions(coefOnly, 2035);
        Assert.Equal(b.Keys, a.Keys);
        foreach (var k in a.Keys)
        {
            Assert.Equal(b[k].Mean, a[k].Mean);
            Assert.NotEqual(b[k].Width, a[k].Width);
            Assert.True(a[k].Width > 0.8 * b[k].Width, $"{k}: {a[k].Width} vs {b[k].Width}");
        }
    }

    [Fact]
    public void ReplicationsRunOnThePopulationCommandsTrajectories()
    {
        var sim = Json(CliRunner.Run("simulate", "--societal", "none", "--reps", "0", "--stochastic", "12", "--calibrate", "wpp2022", "--seed", "4", "--to", "2040", "--format", "json"));
        var pop = Json(CliRunner.Run("population", "--scenario", "midden", "--stochastic", "12", "--calibrate", "wpp2022", "--seed", "4", "--to", "2040", "--format", "json"));
        var popQ = pop.GetProperty("stochastic").GetProperty("quantiles").EnumerateArray()
            .ToDictionary(q => q.GetProperty("year").GetInt32(), q => q.GetProperty("total"));
        var simQ = sim.GetProperty("stochastic").GetProperty("quantiles").EnumerateArray().ToArray();
        Assert.Equal(17, simQ.Length);
        foreach (var q in simQ)
        {
            Assert.Equal("midden", q.GetProperty("scenario").GetString());
            // the same populations; the totals are summed in another order (by origin there), hence 1e-12
            var expected = popQ[q.GetProperty("year").GetInt32()];
            foreach (var name in TrajectoryQuantiles.Names)
                Approx.Equal(expected.GetProperty(name).GetDouble(), q.GetProperty("total").GetProperty(name).GetDouble(), 1e-12, name);
        }
    }

    [Fact]
    public void ReplicationRUsesTrajectoryR()
    {
        var settings = new StochasticSettings { Trajectories = 4, Seed = 21, Calibration = StochasticCalibration.None };
        var engine = SimulationFixture.Engine;
        var request = new ProjectionRequest
        {
            Scenarios = ["midden"], Societal = [CohesionScenario.None()], Reps = 0, LastYear = 2032, Seed = 21, Stochastic = settings,
        };
        var result = new CohesionProjection(SimulationFixture.Models, engine).Run(request);
        var totals = Assert.Single(result.Stochastic!.Totals);
        var det = engine.Run(ScenarioCatalog.Load("midden", ScenarioCatalog.DefaultEdition), 2032);
        var generator = new TrajectoryGenerator(settings);
        for (int r = 0; r < 4; r++)
        {
            // trajectory r drawn and projected here, independently of the simulation's own code path
            var traj = generator.Generate(det.Scenario, r, 2031);
            var p = engine.RunWithMigrationScale(traj.Apply(det.Scenario), det.MigrationScale, 2032);
            Assert.Equal(totals.Years.Select(p.Total).ToArray(), totals.Totals[r]);
        }
        Assert.NotEqual(totals.Totals[0], totals.Totals[1]);

        // microsimulation: replication r on the same trajectory r
        var micro = new CohesionProjection(SimulationFixture.Models, engine).Run(request with { Method = ProjectionMethod.Micro, Scale = 0.002, LastYear = 2027 });
        var mt = Assert.Single(micro.Stochastic!.Totals);
        Assert.Equal(4, mt.Totals.Length);
        for (int r = 0; r < 4; r++) Assert.Equal(totals.Totals[r][..mt.Years.Length], mt.Totals[r]);
    }

    [Fact]
    public void MicroWithStochasticDemographyIsReproducible()
    {
        string[] args = ["simulate", "--method", "micro", "--scale", "0.002", "--stochastic", "3", "--to", "2027", "--seed", "2", "--format", "json"];
        var one = CliRunner.Run(args);
        var two = CliRunner.Run([.. args, "--threads", "1"]);
        Assert.True(one.ExitCode == 0, one.Err);
        Assert.Equal(one.Out, two.Out);
        Assert.Equal(3, JsonDocument.Parse(one.Out).RootElement.GetProperty("stochastic").GetProperty("trajectories").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("100001")]
    public void BadTrajectoryCountsAreUsageErrors(string n)
    {
        var r = CliRunner.Run("simulate", "--stochastic", n, "--to", "2030", "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--stochastic", r.Err);
        Assert.Contains($"'{n}'", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void RepsThatDifferFromTheTrajectoriesAreUsageErrors()
    {
        var r = CliRunner.Run("simulate", "--stochastic", "10", "--reps", "5", "--to", "2030", "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--reps 5 with --stochastic 10", r.Err);
        var c = CliRunner.Run("simulate", "--calibrate", "wpp2022", "--to", "2030", "--format", "json");
        Assert.Equal(2, c.ExitCode);
        Assert.Contains("--calibrate wpp2022 needs --stochastic", c.Err);
        var m = CliRunner.Run("simulate", "--method", "micro", "--stochastic", "2", "--reps", "0", "--to", "2030", "--format", "json");
        Assert.Equal(2, m.ExitCode);
    }
}
