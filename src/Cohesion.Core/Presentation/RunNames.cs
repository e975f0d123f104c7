using System.Collections.Concurrent;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;

namespace Cohesion.Presentation;

/// <summary>Words for the runs of a projection, for chart labels (issue 14: labels in words, not ids): a population
/// scenario by its label ("Lage migratie" / "Low migration"), a societal scenario or policy by its label
/// ("geen maatschappelijke verandering"). An id without a label (a scenario file) stays as it is.</summary>
public sealed class RunNames
{
    private readonly Func<string, (string Nl, string En)> _population, _societal, _policy;

    private RunNames(Func<string, (string, string)> population, Func<string, (string, string)> societal, Func<string, (string, string)> policy)
    {
        _population = population; _societal = societal; _policy = policy;
    }

    /// <summary>The ids themselves (when no catalogue is at hand).</summary>
    public static readonly RunNames Ids = new(id => (id, id), id => (id, id), id => (id, id));

    private static readonly ConcurrentDictionary<(string, string), (string, string)> Cache = new();

    /// <summary>Labels from the built-in catalogues: population scenarios of <paramref name="edition"/>, societal
    /// scenarios and policies as <paramref name="framework"/> resolves them.</summary>
    public static RunNames Catalogue(CohesionFramework framework, int edition = ScenarioCatalog.DefaultEdition) => new(
        id => Cache.GetOrAdd(("population:" + edition, id), _ => Try(() => { var s = ScenarioCatalog.Load(id, edition); return (s.LabelNl, s.LabelEn); }, id)),
        id => Cache.GetOrAdd(("societal:" + framework.Id, id), _ => Try(() => { var s = CohesionScenarioCatalog.Resolve(id, ScenarioKind.Societal, framework); return (s.LabelNl, s.LabelEn); }, id)),
        id => Cache.GetOrAdd(("policy:" + framework.Id, id), _ => Try(() => { var s = CohesionScenarioCatalog.Resolve(id, ScenarioKind.Policy, framework); return (s.LabelNl, s.LabelEn); }, id)));

    private static (string, string) Try(Func<(string Nl, string En)> f, string id)
    {
        try { var (nl, en) = f(); return (nl.Length > 0 ? nl : id, en.Length > 0 ? en : id); }
        catch (Exception e) when (e is Cohesion.Statistics.CohesionException or IOException) { return (id, id); }
    }

    public (string Nl, string En) Population(string id) => _population(id);
    public (string Nl, string En) Societal(string id) => _societal(id);
    public (string Nl, string En) Policy(string id) => _policy(id);
}
