using Cohesion.Pipeline;
using Cohesion.Simulation;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>The ensemble seam: units run anywhere, in any order, rebuilt from the spec alone, aggregate to the local result.</summary>
public class EnsembleExecutorTests
{
    /// <summary>Runs the units backwards, each from the serialised spec and unit (as a remote worker does), and
    /// hands the results back in unit order.</summary>
    private sealed class RemoteLike : IEnsembleExecutor
    {
        public int Units;
        public IReadOnlyList<EnsembleUnitResult> Run(EnsembleJob job, IReadOnlyList<EnsembleUnit> units)
        {
            Units = units.Count;
            Assert.NotNull(job.Spec);
            var results = new EnsembleUnitResult[units.Count];
            foreach (var u in units.Reverse())
            {
                var json = EnsembleSpec.SerializeResult(SimulateStep.RunUnit(job.Spec!, EnsembleSpec.DeserializeUnit(EnsembleSpec.SerializeUnit(u))));
                results[u.Index] = EnsembleSpec.DeserializeResult(json);
            }
            return results;
        }
    }

    private static readonly SimulationBasis Basis = SimulationBasis.Fit();

    private static void AssertSame(CohesionProjectionResult a, CohesionProjectionResult b)
    {
        Assert.Equal(a.Runs.Count, b.Runs.Count);
        for (int r = 0; r < a.Runs.Count; r++)
        {
            Assert.Equal((a.Runs[r].Scenario, a.Runs[r].Societal), (b.Runs[r].Scenario, b.Runs[r].Societal));
            for (int y = 0; y < a.Runs[r].Years.Count; y++)
            {
                Assert.Equal(a.Runs[r].Years[y].Indicators, b.Runs[r].Years[y].Indicators);
                Assert.Equal(a.Runs[r].Years[y].Dimensions, b.Runs[r].Years[y].Dimensions);
            }
        }
        Assert.Equal(a.Decomposition.Select(d => d.Parts.Composition), b.Decomposition.Select(d => d.Parts.Composition));
        Assert.Equal(a.Performance?.AgentYears, b.Performance?.AgentYears);
        Assert.Equal(a.Performance?.AgentsStart, b.Performance?.AgentsStart);
    }

    [Fact]
    public void Microsimulation_units_run_from_the_spec_in_reverse_give_the_local_result()
    {
        var request = new SimulateRequest { Method = ProjectionMethod.Micro, Scale = 0.003, Reps = 3, Seed = 5, LastYear = 2028, Societal = ["none", "trends"] };
        var local = SimulateStep.Run(request, Basis).Projection;
        var remote = new RemoteLike();
        var distributed = SimulateStep.Run(request with { Executor = remote }, Basis).Projection;
        Assert.Equal(2 * 3, remote.Units);   // one unit per societal scenario × replication
        AssertSame(local, distributed);
        // replications differ (each its own counter-based seed), so the band is not a point
        Assert.True(local.Runs[0].Years[^1].Dimensions[0].Upper > local.Runs[0].Years[^1].Dimensions[0].Lower);
    }

    [Fact]
    public void Reweighting_runs_one_unit_per_scenario_pair_with_the_local_result()
    {
        var request = new SimulateRequest { Reps = 20, Seed = 5, LastYear = 2030, Scenarios = ["midden", "groei"] };
        var local = SimulateStep.Run(request, Basis).Projection;
        var remote = new RemoteLike();
        AssertSame(local, SimulateStep.Run(request with { Executor = remote }, Basis).Projection);
        Assert.Equal(2, remote.Units);
    }

    [Fact]
    public void The_spec_carries_every_option_of_the_request()
    {
        var request = new SimulateRequest { Method = ProjectionMethod.Micro, Scale = 0.25, Reps = 7, Seed = 99, LastYear = 2040, Edition = 2020, Persistence = 0.5, Align = false, Threads = 1, Policy = "halve-education-gap-institutional-trust" };
        var spec = EnsembleSpec.Deserialize(EnsembleSpec.Of(request, Basis).Serialize());
        Assert.Equal(request with { Societal = spec.Request.Societal, Scenarios = spec.Request.Scenarios }, spec.Request);
        Assert.Equal(request.Societal, spec.Request.Societal);
        Assert.Equal(request.Scenarios, spec.Request.Scenarios);
        Assert.Equal(Path.GetFullPath(Basis.DataPath), spec.Data);
    }
}
