using System.Text.Json;
using System.Text.Json.Serialization;
using Cohesion.Statistics;

namespace Cohesion.Reporting;

/// <summary>
/// What a report run uses: the built-in Dutch default unless a config file names the user's own data and
/// scenarios. Relative paths in a config file are relative to the file's folder. Unknown fields are errors.
/// </summary>
public sealed record ReportConfig
{
    public int Seed { get; init; } = 20241203;
    public string Language { get; init; } = "nl";
    public SurveySettings Survey { get; init; } = new();
    public PopulationSettings Population { get; init; } = new();
    public SimulationSettings Simulation { get; init; } = new();
    public NeighbourhoodSettings Neighbourhoods { get; init; } = new();
    public MetaSettings Meta { get; init; } = new();
    /// <summary>Disclosure threshold: cells on fewer unweighted respondents are suppressed.</summary>
    public int MinCellSize { get; init; } = 10;

    public sealed record SurveySettings
    {
        /// <summary>Survey file or catalogue name; null = the built-in synthetic survey.</summary>
        public string? Data { get; init; }
        public string? Framework { get; init; }
        public string? Weight { get; init; }
        public string? Strata { get; init; }
        public string? Cluster { get; init; }
        public string[] By { get; init; } = ["education3", "origin7", "age_group"];
    }

    public sealed record PopulationSettings
    {
        /// <summary>The population edition of the whole report (population and simulation sections): 2024 unless configured.</summary>
        public string Edition { get; init; } = Demography.ScenarioCatalog.DefaultEdition.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public string[] Scenarios { get; init; } = ["midden", "groei", "krimp", "groen", "grijs", "lage-migratie", "arbeid", "asiel"];
        public string? ScenarioFile { get; init; }
        public int To { get; init; } = 2050;
    }

    /// <summary>The cohesion projection: every population scenario × these societal scenarios, plus one run of
    /// the policy what-if on the first scenario and the last societal scenario.</summary>
    public sealed record SimulationSettings
    {
        public string[] Scenarios { get; init; } = ["midden", "groei", "krimp", "groen", "grijs", "lage-migratie", "arbeid", "asiel"];
        public string[] Societal { get; init; } = ["none", "estimated"];
        public string? Policy { get; init; } = "halve-education-gap-institutional-trust";
        public string Method { get; init; } = "reweight";
        /// <summary>Population edition of the projection; null (the default) = <see cref="PopulationSettings.Edition"/>, so the
        /// report shows one edition throughout.</summary>
        public int? Edition { get; init; }
        public int Reps { get; init; } = 200;
        public int To { get; init; } = 2050;
        /// <summary>Bands incl. demographic uncertainty: the number of stochastic demographic trajectories (calibrated to
        /// UN WPP 2022) for one extra run of the first scenario and the last societal scenario, one replication per
        /// trajectory (as <c>cohesion simulate --stochastic N --calibrate wpp2022</c>). 0 (the default) = off, which keeps
        /// the default report fast; 50 adds about 15 s.</summary>
        public int Stochastic { get; init; }
    }

    /// <summary>Neighbourhoods: without <see cref="Data"/> the built-in synthetic buurt panel; with a panel file, the
    /// diversity–cohesion analysis on its columns (outcome, diversity, buurt, year, gemeente as in the built-in one).
    /// <see cref="RealAnalyses"/> adds the analyses on real data.</summary>
    public sealed record NeighbourhoodSettings
    {
        public string? Data { get; init; }
        public string[] RealAnalyses { get; init; } = ["rivm"];
    }

    /// <summary>Meta-analysis: without <see cref="Data"/> the built-in synthetic literature set (ZCOR from ri/ni).
    /// With a data file, give <see cref="Yi"/> and <see cref="Vi"/> columns (or ri/ni for correlations).</summary>
    public sealed record MetaSettings
    {
        public string? Data { get; init; }
        public string? Yi { get; init; }
        public string? Vi { get; init; }
        public string Ri { get; init; } = Pipeline.MetaDefaults.Ri;
        public string Ni { get; init; } = Pipeline.MetaDefaults.Ni;
        public string Random { get; init; } = Pipeline.MetaDefaults.Random;
        public string Mods { get; init; } = Pipeline.MetaDefaults.Mods;
        public string Cluster { get; init; } = Pipeline.MetaDefaults.Cluster;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true
    };

    public static ReportConfig Load(string path)
    {
        if (!File.Exists(path)) throw new CohesionException("config file not found", path);
        ReportConfig? cfg;
        try { cfg = JsonSerializer.Deserialize<ReportConfig>(File.ReadAllText(path), JsonOptions); }
        catch (JsonException ex)
        {
            throw new CohesionException($"invalid config: {Cohesion.IO.JsonErrors.Describe(ex)}", path, inner: ex);
        }
        if (cfg is null) throw new CohesionException("config file is empty", path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Rel(string? p) => p is null ? null : Path.IsPathRooted(p) || !File.Exists(Path.Combine(dir, p)) && !p.Contains('/') && !p.Contains('.') ? p : Path.GetFullPath(Path.Combine(dir, p));
        var resolved = cfg with
        {
            Survey = cfg.Survey with { Data = Rel(cfg.Survey.Data), Framework = Rel(cfg.Survey.Framework) },
            Population = cfg.Population with { ScenarioFile = Rel(cfg.Population.ScenarioFile) },
            Neighbourhoods = cfg.Neighbourhoods with { Data = Rel(cfg.Neighbourhoods.Data) },
            Meta = cfg.Meta with { Data = Rel(cfg.Meta.Data) }
        };
        ReportConfigValidator.Check(resolved, path);   // the whole config, before any step runs
        return resolved;
    }
}
