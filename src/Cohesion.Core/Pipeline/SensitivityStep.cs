using Cohesion.Demography;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics;

namespace Cohesion.Pipeline;

/// <summary>A sensitivity analysis to ask for (the defaults are those of <c>cohesion sensitivity</c>, the report and
/// the dashboard): one population scenario, one societal scenario, optionally a policy, and the target year.</summary>
public sealed record SensitivityRequest
{
    public string Scenario { get; init; } = "midden";
    public int Edition { get; init; } = ScenarioCatalog.DefaultEdition;
    public string Societal { get; init; } = "estimated";
    public string? Policy { get; init; }
    public int Year { get; init; } = SimulateRequest.DefaultLastYear;
}

/// <summary>
/// Pipeline step "sensitivity": which input moves the projected cohesion most (<see cref="SensitivityAnalysis"/>).
/// <c>cohesion sensitivity</c>, the report's simulation stage and the dashboard call it.
/// </summary>
public static class SensitivityStep
{
    public static SensitivityResult Run(SensitivityRequest request, SimulationBasis? basis = null, ProjectionEngine? engine = null)
    {
        if (!ScenarioCatalog.Names.Contains(request.Scenario))
            throw new CohesionException($"unknown population scenario '{request.Scenario}' (one of {string.Join(", ", ScenarioCatalog.Names)})", column: "scenario");
        if (request.Year <= SimulateRequest.FirstYear || request.Year > 2070)
            throw new CohesionException($"the year must be between {SimulateRequest.FirstYear + 1} and 2070, not {request.Year}", column: "year");
        var wpp = WppIntervals.Load();
        basis ??= SimulationBasis.Fit();
        var fw = basis.Framework;
        var societal = CohesionScenarioCatalog.ResolveSocietal(request.Societal, fw);
        if (societal.Count != 1) throw new CohesionException($"the sensitivity analysis takes one societal scenario, not '{request.Societal}'", column: "societal");
        var policy = request.Policy is { } p ? CohesionScenarioCatalog.Resolve(p, ScenarioKind.Policy, fw) : null;
        var projection = new ProjectionRequest
        {
            Scenarios = [request.Scenario], Edition = request.Edition, Societal = societal, Policy = policy, Reps = 0,
            FirstYear = SimulateRequest.FirstYear, LastYear = request.Year,
        };
        return new SensitivityAnalysis(basis.Models, engine ?? ProjectionEngine.CreateDefault()).Run(projection, wpp);
    }
}
