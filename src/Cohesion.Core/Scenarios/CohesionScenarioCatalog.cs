using Cohesion.Framework;
using Cohesion.Statistics;

namespace Cohesion.Scenarios;

/// <summary>
/// The built-in societal-change and policy scenarios (<c>data/scenarios/societal/*.json</c>,
/// <c>data/scenarios/policy/*.json</c>) and name resolution: a name is a built-in scenario, or else a path to a
/// user's scenario file.
/// </summary>
public static class CohesionScenarioCatalog
{
    public static string Folder(ScenarioKind kind) =>
        DefaultData.PathOf("scenarios", kind == ScenarioKind.Societal ? "societal" : "policy");

    /// <summary>Built-in names in a stable order (file name order).</summary>
    public static IReadOnlyList<string> BuiltInNames(ScenarioKind kind)
    {
        var dir = Folder(kind);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Resolves one name: <c>none</c> (societal only), a built-in name, or a file path.</summary>
    public static CohesionScenario Resolve(string nameOrPath, ScenarioKind kind, CohesionFramework framework)
    {
        if (kind == ScenarioKind.Societal && nameOrPath == "none") return CohesionScenario.None();
        var builtIn = Path.Combine(Folder(kind), nameOrPath + ".json");
        if (!nameOrPath.Contains('/') && !nameOrPath.Contains('\\') && File.Exists(builtIn))
            return CohesionScenarioLoader.Load(builtIn, framework, kind);
        if (File.Exists(nameOrPath)) return CohesionScenarioLoader.Load(nameOrPath, framework, kind);
        var names = BuiltInNames(kind);
        var what = kind == ScenarioKind.Societal ? "societal scenario" : "policy";
        throw new CohesionException(
            $"unknown {what} '{nameOrPath}': not a built-in ({string.Join(", ", kind == ScenarioKind.Societal ? names.Prepend("none") : names)}) and no such file");
    }

    /// <summary>Resolves a <c>--societal</c> value: <c>all</c> = none plus every built-in.</summary>
    public static IReadOnlyList<CohesionScenario> ResolveSocietal(string value, CohesionFramework framework) =>
        value == "all"
            ? BuiltInNames(ScenarioKind.Societal).Where(n => n != "none").Select(n => Resolve(n, ScenarioKind.Societal, framework)).Prepend(CohesionScenario.None()).ToList()
            : [Resolve(value, ScenarioKind.Societal, framework)];
}
