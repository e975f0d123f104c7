using BenchmarkDotNet.Attributes;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;

namespace Cohesion.Bench.Models;

/// <summary>Two-way fixed effects (units × years) with 10 regressors and SEs clustered by unit (plm's
/// within + vcovHC(arellano, sss)). R counterpart: bench/scripts/models/fe_plm.R.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
[MedianColumn]
public class FixedEffectsBenchmark
{
    [Params(1_000_000, 10_000_000)]
    public int N;
    private DataFrame _data = null!;
    private string _formula = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = ModelsBenchData.Panel(N);
        _formula = ModelsBenchData.PanelFormula();
    }

    [Benchmark]
    public double TwoWayClustered() =>
        LinearModel.Fit(_data, _formula, new RegressionOptions { Cluster = "unit" }).Coefficients[0].StdError;
}

/// <summary>Random-intercept LMM, 1e6 observations in 11,000 groups, 5 covariates (REML). R counterpart:
/// bench/scripts/models/lmm_lmer.R.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
[MedianColumn]
public class MixedModelBenchmark
{
    [Params(1_000_000)]
    public int N;
    private DataFrame _data = null!;

    [GlobalSetup]
    public void Setup() => _data = ModelsBenchData.Multilevel(N);

    [Benchmark]
    public double RandomInterceptReml() => LinearMixedModel.Fit(_data, ModelsBenchData.MultilevelFormula).ResidualVariance;
}
