using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Synthetic;

namespace Cohesion.Bench.Simulation;

/// <summary>
/// One microsimulation replication of the Dutch population 2024 → 2050 (CBS midden 2024 edition, societal scenario
/// 'trends', the 23 indicators of the built-in framework), as <c>cohesion simulate --method micro</c> runs it.
/// Target (issue 5): ≥ 50 million agent-years per second on the 2-core machine, ≤ 64 bytes of state per agent;
/// issue 17 item 3: ≥ 100 million whole process (see bench/RESULTS.md, "Microsimulation hot loop").
/// Run: <c>dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*MicroSimulationBenchmark*'</c>.
/// Each iteration prints agent-years, wall and CPU seconds (CPU time shows the throughput per core when the
/// machine is shared).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class MicroSimulationBenchmark
{
    [Params(1.0)]
    public double Scale { get; set; }

    /// <summary>The AVX-512 kernel (true) or the scalar one (false): identical results, different speed.</summary>
    [Params(true, false)]
    public bool VectorKernel { get; set; }

    private double[] _base = [];
    private PopulationProjection _projection = null!;
    private MicroLayout _layout = null!;
    private int _k;

    [GlobalSetup]
    public void Setup()
    {
        var fw = FrameworkLoader.LoadDefault();
        var models = GroupModels.Fit(fw, DatasetLoader.Load(SurveyDefaultFile.DefaultPath));
        var model = new PropensityModel(models, CohesionScenarioCatalog.Resolve("trends", ScenarioKind.Societal, fw), null);
        _projection = ProjectionEngine.CreateDefault().Run(Cohesion.Demography.ScenarioCatalog.Load("midden", 2024), 2050);
        _base = _projection.PopulationAt(2024);
        model.AlignTo(2024, _base);
        _k = model.IndicatorCount;
        _layout = new MicroLayout(model, Enumerable.Range(2024, 27));
    }

    [Benchmark]
    public long FullReplication2024To2050()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sim = new MicroSimulation(_k, new MicroOptions { Scale = Scale, Seed = 1, MinAge = GroupCoding.MinAge, LatentBlocks = _layout.Blocks, VectorKernel = VectorKernel });
        var run = sim.Run(_base, 2024, 2050, y => _projection.Rates[y - _projection.FirstYear], (y, t, s) => Array.Copy(_layout.Tables[y], t, t.Length));
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"// agents_start={run.AgentsStart} agent_years={run.AgentYears} wall_s={run.Seconds:F2} cpu_s={cpuUsed:F2} " +
                          $"agent_years_per_s={run.AgentYearsPerSecond / 1e6:F1}M per_cpu_s={run.AgentYears / cpuUsed / 1e6:F1}M bytes_per_agent={run.BytesPerAgent}");
        return run.AgentYears;
    }
}
