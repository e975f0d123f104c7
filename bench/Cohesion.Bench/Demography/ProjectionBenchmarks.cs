using BenchmarkDotNet.Attributes;
using Cohesion.Demography;

namespace Cohesion.Bench.Demography;

/// <summary>
/// Issue 4 target: all eight scenarios to 2070 with full detail (every year's 4,242-cell population, flows and rates)
/// in under one second after warm-up.
/// Run: <c>dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*ProjectionBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class ProjectionBenchmarks
{
    private ProjectionEngine _engine = null!;
    private Scenario[] _s2020 = null!;
    private Scenario[] _s2024 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = ProjectionEngine.CreateDefault();
        _s2020 = ScenarioCatalog.LoadAll(2020).ToArray();
        _s2024 = ScenarioCatalog.LoadAll(2024).ToArray();
        foreach (var s in _s2020.Concat(_s2024)) _engine.BasePopulationFor(s); // base populations are cached, as in a session
    }

    /// <summary>Eight 2020-edition scenarios, 2019 → 2071 (the 2070 flows included), sequential.</summary>
    [Benchmark(Baseline = true)]
    public double AllEight2020To2070()
    {
        double t = 0;
        foreach (var s in _s2020) t += _engine.Run(s, 2071).Total(2070);
        return t;
    }

    /// <summary>Eight 2024-edition scenarios, including the calibration solve of each (≈ 20 projections to 2050 each).</summary>
    [Benchmark]
    public double AllEight2024CalibratedTo2070()
    {
        double t = 0;
        foreach (var s in _s2024) t += _engine.Run(s, 2071).Total(2070);
        return t;
    }

    /// <summary>The bare cohort-component step, 52 years on fixed rates (the hot loop).</summary>
    [Benchmark]
    public double Step52Years()
    {
        var p = _engine.Run(_s2020[0], 2020);
        var cur = (double[])p.Populations[0].Clone();
        var next = new double[cur.Length];
        var flows = new YearFlows(2019);
        for (int y = 0; y < 52; y++) { ProjectionStep.Advance(cur, p.Rates[0], next, flows); (cur, next) = (next, cur); }
        return cur[0];
    }
}
