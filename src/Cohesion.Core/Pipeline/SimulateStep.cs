using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Pipeline;

/// <summary>
/// What the cohesion projection rests on: the survey and framework and the group models fitted on them. Fitting is
/// the expensive part, so a caller that runs many projections (the dashboard) fits once and passes the basis to
/// every <see cref="SimulateStep.Run"/>.
/// </summary>
public sealed class SimulationBasis
{
    public required CohesionFramework Framework { get; init; }
    /// <summary>The survey file (or catalogue name) the group models are fitted on.</summary>
    public required string DataPath { get; init; }
    /// <summary>The framework file given to <see cref="Fit"/> (null = the built-in framework or one already loaded).</summary>
    public string? FrameworkPath { get; init; }
    /// <summary>The group model terms given to <see cref="Fit"/> (null = <see cref="GroupModels.DefaultTerms"/>).</summary>
    public string? Terms { get; init; }
    public required DataFrame Survey { get; init; }
    public required GroupModels Models { get; init; }
    /// <summary>The survey's sidecar metadata (synthetic or not, captions), if any.</summary>
    public DataSetMetadata? Metadata { get; init; }
    public bool Synthetic => Metadata is { Synthetic: true };

    /// <summary>Loads the survey (default: the built-in synthetic survey) and framework (default: cbs-ssw) and fits
    /// the group models (default terms <see cref="GroupModels.DefaultTerms"/>).</summary>
    public static SimulationBasis Fit(string? data = null, string? framework = null, string? terms = null)
    {
        string dataPath = data ?? SurveyDefaultFile.DefaultPath;
        var fw = FrameworkLoader.Resolve(framework);
        return FromLoaded(fw, dataPath, DatasetLoader.Load(dataPath), terms, framework);
    }

    /// <summary>Fits the group models on a survey and framework the caller has already loaded (from <paramref name="dataPath"/>).</summary>
    public static SimulationBasis FromLoaded(CohesionFramework framework, string dataPath, DataFrame survey, string? terms = null, string? frameworkPath = null) => new()
    {
        Framework = framework, DataPath = dataPath, Survey = survey, Models = GroupModels.Fit(framework, survey, terms), Terms = terms, FrameworkPath = frameworkPath,
        Metadata = SurveyDefaultFile.ReadMetadata(dataPath),
    };
}

/// <summary>
/// A cohesion projection to ask for: population scenarios × societal scenarios (× one policy), method, bands and
/// years. The defaults here are the defaults of <c>cohesion simulate</c>, the report and the dashboard.
/// </summary>
public sealed record SimulateRequest
{
    public const int FirstYear = 2024;
    public const int DefaultLastYear = 2050;
    public const int DefaultReweightReps = 200;
    public const int DefaultMicroReps = 5;

    /// <summary>Population scenario names (<see cref="ScenarioCatalog.Names"/>).</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = ["midden"];
    public int Edition { get; init; } = ScenarioCatalog.DefaultEdition;
    /// <summary>Societal scenarios by name: a built-in, <c>none</c>, <c>all</c> (none plus every built-in) or a file.</summary>
    public IReadOnlyList<string> Societal { get; init; } = ["trends"];
    /// <summary>Already resolved societal scenarios; when set, <see cref="Societal"/> is not read.</summary>
    [JsonIgnore] public IReadOnlyList<CohesionScenario>? SocietalScenarios { get; init; }
    /// <summary>A policy what-if by name (built-in or file); null = none.</summary>
    public string? Policy { get; init; }
    public ProjectionMethod Method { get; init; } = ProjectionMethod.Reweight;
    public double Scale { get; init; } = 1.0;
    /// <summary>Coefficient draws (reweight) or Monte Carlo replications (micro); null = 200 / 5.</summary>
    public int? Reps { get; init; }
    public ulong Seed { get; init; } = 1;
    public int LastYear { get; init; } = DefaultLastYear;
    public int? Threads { get; init; }
    public double Persistence { get; init; } = LatentProcess.DefaultPersistence;
    public bool Align { get; init; } = true;
    [JsonIgnore] public Action<string, int, int>? Progress { get; init; }
    /// <summary>Where the ensemble's work units run (null = in this process). An executor whose workers run elsewhere
    /// gets the request serialised (<see cref="EnsembleSpec"/>), every option of this record included.</summary>
    [JsonIgnore] public IEnsembleExecutor? Executor { get; init; }

    /// <summary>Stochastic demography: the number of demographic trajectories, one replication per trajectory
    /// (<see cref="ProjectionRequest.Stochastic"/>); null = the variants as published. The trajectories use
    /// <see cref="Seed"/>, so replication r's demography is trajectory r of <c>cohesion population --stochastic N --seed S</c>.</summary>
    public int? Stochastic { get; init; }
    public StochasticCalibration Calibration { get; init; } = StochasticCalibration.None;

    /// <summary>Draws or replications: with <see cref="Stochastic"/> the number of trajectories (reweighting with
    /// <see cref="Reps"/> 0: none, the point estimates on every trajectory).</summary>
    [JsonIgnore] public int RepsOrDefault => Stochastic is int n
        ? (Method == ProjectionMethod.Reweight && Reps == 0 ? 0 : n)
        : Reps ?? (Method == ProjectionMethod.Reweight ? DefaultReweightReps : DefaultMicroReps);

    /// <summary>The stochastic demography's settings (null without <see cref="Stochastic"/>).</summary>
    [JsonIgnore] public StochasticSettings? StochasticSettings => Stochastic is int n
        ? new StochasticSettings { Trajectories = n, Seed = Seed, Calibration = Calibration } : null;

    /// <summary>Checks the combination of <see cref="Stochastic"/> and <see cref="Reps"/>: with stochastic demography the
    /// replications are the trajectories, so --reps may only be left out (or be N, or 0 for reweighting).</summary>
    public void Validate()
    {
        if (Stochastic is not int n) return;
        StochasticSettings!.Validate();
        if (Reps is int r && r != n && !(r == 0 && Method == ProjectionMethod.Reweight))
            throw new CohesionException(
                $"--reps {r} with --stochastic {n}: with --stochastic there is one replication per demographic trajectory; leave --reps out" +
                (Method == ProjectionMethod.Reweight ? " (or --reps 0: the point estimates on every trajectory, demographic uncertainty only)" : ""));
    }
}

/// <summary>The outcome of <see cref="SimulateStep.Run"/>: the projection and what it was run on.</summary>
public sealed record SimulateResult(
    SimulationBasis Basis, ProjectionRequest Request, CohesionProjectionResult Projection,
    IReadOnlyList<CohesionScenario> Societal, CohesionScenario? Policy, IReadOnlyList<string> Notes)
{
    public CohesionFramework Framework => Basis.Framework;
}

/// <summary>
/// Pipeline step "simulate": the one place the cohesion projection is wired (group models, demography engine,
/// societal and policy scenarios, request). <c>cohesion simulate</c>, the report's simulation stage and the
/// dashboard's projection view all call it.
/// </summary>
public static class SimulateStep
{
    /// <summary>Runs the projection; fits the basis first when none is given (built-in survey and framework).</summary>
    public static SimulateResult Run(SimulateRequest request, SimulationBasis? basis = null, ProjectionEngine? engine = null)
    {
        request.Validate();
        basis ??= SimulationBasis.Fit();
        var fw = basis.Framework;
        var societal = request.SocietalScenarios ?? request.Societal.SelectMany(s => CohesionScenarioCatalog.ResolveSocietal(s, fw)).ToList();
        var policy = request.Policy is { } p ? CohesionScenarioCatalog.Resolve(p, ScenarioKind.Policy, fw) : null;
        var projection = Projection(request, societal, policy) with
        {
            Progress = request.Progress, Executor = request.Executor,
            EnsembleSpec = request.Executor is null ? null : EnsembleSpec.Of(request, basis).Serialize(),
        };
        var result = new CohesionProjection(basis.Models, engine ?? ProjectionEngine.CreateDefault()).Run(projection);
        return new SimulateResult(basis, projection, result, societal, policy, Notes(basis, projection));
    }

    private static ProjectionRequest Projection(SimulateRequest request, IReadOnlyList<CohesionScenario> societal, CohesionScenario? policy) => new()
    {
        Scenarios = request.Scenarios, Edition = request.Edition, Societal = societal, Policy = policy, Method = request.Method,
        Scale = request.Scale, Reps = request.RepsOrDefault, Seed = request.Seed, FirstYear = SimulateRequest.FirstYear,
        LastYear = request.LastYear, Threads = request.Threads, Persistence = request.Persistence, Align = request.Align,
        Stochastic = request.StochasticSettings,
    };

    /// <summary>A job rebuilt from its spec, kept while the worker process lives (a worker gets many units of one job).</summary>
    private sealed record PreparedJob(CohesionProjection Projection, ProjectionRequest Request);

    private static readonly ConcurrentDictionary<string, Lazy<PreparedJob>> Prepared = new();

    /// <summary>
    /// Runs one work unit of the job described by <paramref name="spec"/> (<see cref="EnsembleSpec.Serialize"/>): what a
    /// remote worker does. The job (survey, group models, scenarios, population projections) is rebuilt from the spec
    /// once per process and kept for the job's later units; the unit's result is the one the local run computes.
    /// </summary>
    public static EnsembleUnitResult RunUnit(string spec, EnsembleUnit unit)
    {
        var job = Prepared.GetOrAdd(spec, s => new Lazy<PreparedJob>(() =>
        {
            var e = EnsembleSpec.Deserialize(s);
            var basis = SimulationBasis.Fit(e.Data, e.Framework, e.Terms);
            var societal = e.Request.Societal.SelectMany(n => CohesionScenarioCatalog.ResolveSocietal(n, basis.Framework)).ToList();
            var policy = e.Request.Policy is { } p ? CohesionScenarioCatalog.Resolve(p, ScenarioKind.Policy, basis.Framework) : null;
            return new PreparedJob(new CohesionProjection(basis.Models, ProjectionEngine.CreateDefault()), Projection(e.Request, societal, policy));
        })).Value;
        return job.Projection.RunUnit(job.Request, unit);
    }

    private static List<string> Notes(SimulationBasis basis, ProjectionRequest request)
    {
        var notes = new List<string>();
        var meta = basis.Metadata;
        if (meta?.Synthetic ?? false)
            notes.Add($"Group models fitted on {Path.GetFileName(basis.DataPath)}: {meta.CaptionEn ?? "synthetic data"} / {meta.CaptionNl ?? "synthetische data"}.");
        else notes.Add($"Group models fitted on {basis.DataPath}.");
        notes.Add(PopulationStep.Note);
        if (request.Stochastic is { } st)
            notes.Add($"Bands include demographic uncertainty / banden incl. demografische onzekerheid: replication r runs on demographic trajectory r of {st.Trajectories} " +
                      (request.Method == ProjectionMethod.Micro ? "(Monte Carlo replication r on trajectory r). "
                          : request.Reps > 0 ? "(coefficient draw r on trajectory r). " : "(point estimates on every trajectory: demographic uncertainty only). ") + st.Describe());
        notes.Add("Dimension share = mean of its indicators' shares (adults 15+). " +
                  (request.Align ? $"Base-year ({request.FirstYear}) shares aligned to the survey estimates (one logit offset per indicator). " : "") +
                  "Decomposition: Kitagawa three-way at the point estimates (composition + within + interaction = total).");
        return notes;
    }
}

/// <summary>
/// A simulate request as it travels to remote workers: every option of <see cref="SimulateRequest"/> (serialised
/// generically, so an option added there travels too) and how the basis was fitted (survey, framework, terms). Files are
/// named by full path; the workers must see the same files (on one machine, or a shared folder).
/// </summary>
public sealed record EnsembleSpec(SimulateRequest Request, string Data, string? Framework, string? Terms)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new JsonStringEnumConverter() },
    };

    public static EnsembleSpec Of(SimulateRequest request, SimulationBasis basis)
    {
        if (request.SocietalScenarios is not null)
            throw new CohesionException("a request with societal scenarios already resolved cannot be sent to remote workers; name them instead");
        var travelling = request with
        {
            Progress = null, Executor = null, Societal = request.Societal.Select(s => FullPath(s)!).ToList(), Policy = FullPath(request.Policy),
        };
        return new EnsembleSpec(travelling, FullPath(basis.DataPath)!, FullPath(basis.FrameworkPath), basis.Terms);
    }

    private static string? FullPath(string? path) => path is not null && (File.Exists(path) || Directory.Exists(path)) ? Path.GetFullPath(path) : path;

    public string Serialize() => JsonSerializer.Serialize(this, Options);

    public static EnsembleSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<EnsembleSpec>(json, Options) ?? throw new CohesionException("empty ensemble spec");

    /// <summary>A unit's result as text (shortest round-trip doubles: the same bits come back).</summary>
    public static string SerializeResult(EnsembleUnitResult result) => JsonSerializer.Serialize(result, Options);

    public static EnsembleUnitResult DeserializeResult(string json) =>
        JsonSerializer.Deserialize<EnsembleUnitResult>(json, Options) ?? throw new CohesionException("empty unit result");

    public static string SerializeUnit(EnsembleUnit unit) => JsonSerializer.Serialize(unit, Options);

    public static EnsembleUnit DeserializeUnit(string json) =>
        JsonSerializer.Deserialize<EnsembleUnit>(json, Options) ?? throw new CohesionException("empty work unit");
}
