using BenchmarkDotNet.Attributes;
using Cohesion.Maps;
using Cohesion.Neighbourhoods;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Bench.Neighbourhoods;

/// <summary>Diversity and segregation indices on a national-size composition table (11,200 buurten × 7 groups in
/// 400 gemeenten) and on a large one (1,000,000 units in 11,000 parents).
/// Run: dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*DiversityIndices*'</summary>
[MemoryDiagnoser]
public class DiversityIndicesBenchmarks
{
    [Params(11_200, 1_000_000)]
    public int Units;

    private CompositionTable _table = null!;

    [GlobalSetup]
    public void Setup() => _table = MakeTable(Units, Units < 100_000 ? 400 : 11_000, seed: 1);

    internal static CompositionTable MakeTable(int n, int parents, int seed)
    {
        var rng = new Random(seed);
        const int k = 7;
        var counts = new double[n * k];
        var parentOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            parentOf[i] = rng.Next(parents);
            double size = 200 + rng.Next(3000);
            for (int g = 0; g < k; g++) counts[i * k + g] = Math.Round(size * rng.NextDouble() * (g == 0 ? 4 : 1));
        }
        return new CompositionTable(
            Enumerable.Range(0, n).Select(i => $"BU{i:D8}").ToArray(), KwbKeyFigures.OriginGroups, counts, parentOf,
            Enumerable.Range(0, parents).Select(p => $"P{p}").ToArray());
    }

    [Benchmark]
    public DiversityResult AllIndices() => DiversityAnalysis.Compute(_table);
}

/// <summary>The built-in synthetic national panel (≈ 101,000 buurt-years) and the national buurt choropleth
/// (11,691 areas). Run: --filter '*NeighbourhoodPipeline*'</summary>
[MemoryDiagnoser]
public class NeighbourhoodPipelineBenchmarks
{
    private Topology _buurten = null!;
    private DataFrame _panel = null!;
    private MapLayer _layer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _buurten = Topology.Load(SyntheticBuurtPanel.BoundaryFile);
        _panel = SyntheticBuurtPanel.Generate(buurten: _buurten);
        _layer = NeighbourhoodAnalyses.BuurtMap(_panel, "cohesion", 2020, "t", "t", "n", Provenance.Synthetic);
    }

    [Benchmark]
    public Topology DecodeBuurtTopoJson() => Topology.Load(SyntheticBuurtPanel.BoundaryFile);

    [Benchmark]
    public DataFrame GenerateSyntheticPanel() => SyntheticBuurtPanel.Generate(buurten: _buurten);

    [Benchmark]
    public ChoroplethSummary RenderNationalBuurtMap() =>
        ChoroplethSvg.Write(TextWriter.Null, _buurten, _layer.Values, new ChoroplethOptions { TitleNl = "t", TitleEn = "t" });

    [Benchmark]
    public DiversityCohesionResult BuiltInModelsWithoutLmm() =>
        DiversityCohesionAnalysis.Run(_panel, new DiversityCohesionSpec { Mixed = false }, "bench");
}
