using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Tests.Simulation;

/// <summary>The built-in survey, framework, fitted group models and demography engine, built once for all tests.</summary>
internal static class SimulationFixture
{
    private static readonly Lazy<(CohesionFramework Framework, DataFrame Survey, GroupModels Models)> Fitted = new(() =>
    {
        var fw = FrameworkLoader.LoadDefault();
        var survey = DatasetLoader.Load(SurveyDefaultFile.DefaultPath);
        return (fw, survey, GroupModels.Fit(fw, survey));
    });

    private static readonly Lazy<ProjectionEngine> EngineLazy = new(ProjectionEngine.CreateDefault);
    private static readonly Dictionary<string, PopulationProjection> Projections = new();

    public static CohesionFramework Framework => Fitted.Value.Framework;
    public static DataFrame Survey => Fitted.Value.Survey;
    public static GroupModels Models => Fitted.Value.Models;
    public static ProjectionEngine Engine => EngineLazy.Value;

    public static PopulationProjection Midden(int toYear = 2050)
    {
        lock (Projections)
        {
            var key = $"midden-{toYear}";
            if (!Projections.TryGetValue(key, out var p))
                Projections[key] = p = Engine.Run(ScenarioCatalog.Load("midden", 2024), toYear);
            return p;
        }
    }
}
