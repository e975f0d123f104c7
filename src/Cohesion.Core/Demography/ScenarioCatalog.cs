using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// The built-in NIDI/CBS scenarios (files <c>data/demography/scenarios/EDITION/NAME.json</c>): the eight variants of the
/// 2020 edition (<i>Bevolking 2050 in beeld</i>, base 1 Jan 2019) and of the 2024 edition (base 1 Jan 2023).
/// <c>midden</c> is the CBS prognosis.
/// </summary>
public static class ScenarioCatalog
{
    public static readonly string[] Names = ["midden", "groei", "krimp", "groen", "grijs", "lage-migratie", "arbeid", "asiel"];
    public static readonly int[] Editions = [2020, 2024];

    /// <summary>The edition every population output uses unless configured: <c>cohesion population</c>, <c>simulate</c>,
    /// the report (population and simulation sections) and the dashboard.</summary>
    public const int DefaultEdition = 2024;

    public static string PathOf(string name, int edition) => DefaultData.PathOf("demography", "scenarios", edition.ToString(), name + ".json");

    public static Scenario Load(string name, int edition = DefaultEdition)
    {
        if (!Names.Contains(name)) throw new CohesionException($"unknown scenario '{name}' (known: {string.Join(", ", Names)}, or use --scenario-file)");
        if (!Editions.Contains(edition)) throw new CohesionException($"unknown edition {edition} (known: 2020, 2024)");
        return ScenarioLoader.Load(PathOf(name, edition));
    }

    public static IReadOnlyList<Scenario> LoadAll(int edition = DefaultEdition) => Names.Select(n => Load(n, edition)).ToArray();
}
