using BenchmarkDotNet.Attributes;
using Cohesion.Statistics.Survey;

namespace Cohesion.Bench.Survey;

/// <summary>
/// Domain means with stratified-cluster Taylor SEs: 1,000,000 respondents, 50 strata × 20 PSUs, 200 domains
/// (the shape of bench/scripts/survey/make_data.R; synthetic). Compare with R: bench/scripts/survey/run.sh.
/// Run: dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*DomainMeans*'
/// </summary>
[MemoryDiagnoser]
public class DomainMeansBenchmark
{
    private double[] _y = [], _w = [];
    private int[] _stratum = [], _psu = [], _dom = [];
    private SurveyDesign _design = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261125);
        _y = new double[N]; _w = new double[N]; _stratum = new int[N]; _psu = new int[N]; _dom = new int[N];
        var psuEffect = new double[1000];
        for (int p = 0; p < psuEffect.Length; p++) psuEffect[p] = 0.5 * Normal(rng);
        for (int i = 0; i < N; i++)
        {
            int p = rng.Next(1000);
            _psu[i] = p; _stratum[i] = p / 20; _dom[i] = rng.Next(200);
            _y[i] = rng.Next(50) == 0 ? double.NaN : 5 + _dom[i] / 100.0 + psuEffect[p] + Normal(rng);
            _w[i] = 50 + 100 * rng.NextDouble();
        }
        _design = CreateDesign();
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private SurveyDesign CreateDesign() =>
        SurveyDesign.Create(new SurveyDesignOptions { Weights = _w, Strata = _stratum, Clusters = [_psu], Nest = true });

    [Benchmark(Description = "MeanBy: 200 domains, design declared")]
    public SurveyEstimate[] MeanBy() => SurveyEstimator.MeanBy(_design, _y, _dom, 200);

    [Benchmark(Description = "declare design + MeanBy")]
    public SurveyEstimate[] DesignAndMeanBy() => SurveyEstimator.MeanBy(CreateDesign(), _y, _dom, 200);
}
