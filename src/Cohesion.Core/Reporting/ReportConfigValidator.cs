using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Statistics;

namespace Cohesion.Reporting;

/// <summary>
/// Checks a whole report configuration before step 1, so that a mistake in the last section (say
/// <c>"simulation": {"reps": -3}</c>) is reported at once, with every other mistake, instead of after minutes of
/// work: value ranges, names of scenarios and analyses, and that named files and frameworks exist and load.
/// </summary>
public static class ReportConfigValidator
{
    private static IEnumerable<string> RealAnalyses => Cohesion.Neighbourhoods.NeighbourhoodAnalyses.Names.Where(n => n != "builtin");

    /// <summary>All problems found (empty when the configuration can run).</summary>
    public static IReadOnlyList<string> Problems(ReportConfig c)
    {
        var p = new List<string>();
        if (c.Language is not ("nl" or "en")) p.Add($"language must be 'nl' or 'en', not '{c.Language}'");
        if (c.MinCellSize < 1) p.Add($"min_cell_size must be at least 1, not {c.MinCellSize}");

        // survey
        var s = c.Survey;
        if (s.Data is not null) DataExists(s.Data, "survey.data", p);
        CohesionFramework? fw = null;
        try { fw = FrameworkLoader.Resolve(s.Framework); }
        catch (CohesionException e) { p.Add($"survey.framework: {e.Describe()}"); }
        if (s.By.Any(string.IsNullOrWhiteSpace)) p.Add("survey.by: group columns must be non-empty names");

        // population
        var pop = c.Population;
        if (!int.TryParse(pop.Edition, out int edition) || edition is not (2020 or 2024))
            p.Add($"population.edition must be \"2020\" or \"2024\", not \"{pop.Edition}\"");
        if (pop.ScenarioFile is not null && !File.Exists(pop.ScenarioFile)) p.Add($"population.scenario_file: file not found: {pop.ScenarioFile}");
        if (pop.ScenarioFile is null)
        {
            if (pop.Scenarios.Length == 0) p.Add("population.scenarios: give at least one scenario");
            foreach (var n in pop.Scenarios.Where(n => !ScenarioCatalog.Names.Contains(n)))
                p.Add($"population.scenarios: unknown scenario '{n}' (known: {string.Join(", ", ScenarioCatalog.Names)})");
        }
        if (pop.To is < 2021 or > 2100) p.Add($"population.to must be between 2021 and 2100, not {pop.To}");

        // simulation
        var sim = c.Simulation;
        if (sim.Method is not ("reweight" or "micro")) p.Add($"simulation.method must be \"reweight\" or \"micro\", not \"{sim.Method}\"");
        if (sim.Edition is not (null or 2020 or 2024)) p.Add($"simulation.edition must be 2020 or 2024 (or absent: the population edition), not {sim.Edition}");
        int minReps = sim.Method == "micro" ? 1 : 0;
        if (sim.Reps < minReps || sim.Reps > 100_000) p.Add($"simulation.reps must be between {minReps} and 100000, not {sim.Reps}");
        if (sim.To is < 2025 or > 2070) p.Add($"simulation.to must be between 2025 and 2070, not {sim.To}");
        if (sim.Stochastic is < 0 or > StochasticSettings.MaxTrajectories)
            p.Add($"simulation.stochastic must be a number of demographic trajectories from 1 to {StochasticSettings.MaxTrajectories}, or 0 (off), not {sim.Stochastic}");
        if (sim.Scenarios.Length == 0) p.Add("simulation.scenarios: give at least one scenario");
        foreach (var n in sim.Scenarios.Where(n => !ScenarioCatalog.Names.Contains(n)))
            p.Add($"simulation.scenarios: unknown scenario '{n}' (known: {string.Join(", ", ScenarioCatalog.Names)})");
        if (sim.Societal.Length == 0) p.Add("simulation.societal: give at least one societal scenario (or \"none\")");
        if (fw is not null)
        {
            foreach (var n in sim.Societal)
                try { CohesionScenarioCatalog.ResolveSocietal(n, fw); }
                catch (CohesionException e) { p.Add($"simulation.societal: {e.Describe()}"); }
            if (sim.Policy is not null)
                try { CohesionScenarioCatalog.Resolve(sim.Policy, ScenarioKind.Policy, fw); }
                catch (CohesionException e) { p.Add($"simulation.policy: {e.Describe()}"); }
        }

        // neighbourhoods
        if (c.Neighbourhoods.Data is not null) DataExists(c.Neighbourhoods.Data, "neighbourhoods.data", p);
        foreach (var a in c.Neighbourhoods.RealAnalyses.Where(a => !RealAnalyses.Contains(a)))
            p.Add($"neighbourhoods.real_analyses: unknown analysis '{a}' (known: {string.Join(", ", RealAnalyses)})");

        // meta-analysis
        var m = c.Meta;
        if (m.Data is not null)
        {
            DataExists(m.Data, "meta.data", p);
            if ((m.Yi is null) != (m.Vi is null)) p.Add("meta: give both yi and vi, or neither (then ri and ni are used)");
        }
        return p;
    }

    /// <summary>Throws one error listing every problem; <paramref name="source"/> is the config file, if any.</summary>
    public static void Check(ReportConfig c, string? source)
    {
        var problems = Problems(c);
        if (problems.Count == 0) return;
        var text = problems.Count == 1 ? problems[0] : $"{problems.Count} problems: " + string.Join("; ", problems);
        throw new CohesionException($"invalid config: {text}", source);
    }

    private static void DataExists(string pathOrName, string field, List<string> p)
    {
        var (file, _) = XlsxReader.SplitSheet(pathOrName);
        if (File.Exists(file)) return;
        bool looksLikeName = !pathOrName.Contains('/') && !pathOrName.Contains('\\') && Path.GetExtension(pathOrName).Length == 0;
        if (looksLikeName && new Catalogue(null).Contains(pathOrName)) return;
        p.Add($"{field}: no such file{(looksLikeName ? " or catalogue data set" : "")}: {pathOrName}");
    }
}
