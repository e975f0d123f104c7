using BenchmarkDotNet.Attributes;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Statistics.Data;

namespace Cohesion.Bench.Simulation;

/// <summary>
/// Fitting the projection's group models (design-based logistic regressions with sandwich covariances): the four
/// indicators of the svyglm reference fixture on 22,000 respondents, against R's
/// <c>bench/scripts/simulation/group_models_timing.R</c> (the same models with survey::svyglm).
/// Run from the repository root: <c>dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*GroupModelsBenchmark*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GroupModelsBenchmark
{
    private CohesionFramework _framework = null!;
    private DataFrame _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(FindRoot(), "tests", "Cohesion.Tests", "Fixtures", "simulation");
        _framework = FrameworkLoader.Load(Path.Combine(dir, "group_models_framework.json"));
        _data = DatasetLoader.Load(Path.Combine(dir, "group_models_survey.csv"));
    }

    [Benchmark]
    public int FourSvyglmModels() => GroupModels.Fit(_framework, _data, control: Cohesion.Statistics.Glm.GlmControl.Default).IndicatorCount;

    private static string FindRoot()
    {
        var d = new DirectoryInfo(Environment.CurrentDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Cohesion.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
