using Cohesion.Demography;
using Cohesion.Scenarios;
using Cohesion.Statistics;
using Cohesion.Statistics.Decomposition;

namespace Cohesion.Simulation;

public enum ProjectionMethod { Reweight, Micro }

/// <summary>What to project: demographic scenarios × societal scenarios (× one policy), by which method.</summary>
public sealed record ProjectionRequest
{
    public required IReadOnlyList<string> Scenarios { get; init; }
    public int Edition { get; init; } = Demography.ScenarioCatalog.DefaultEdition;
    public required IReadOnlyList<CohesionScenario> Societal { get; init; }
    public CohesionScenario? Policy { get; init; }
    public ProjectionMethod Method { get; init; } = ProjectionMethod.Reweight;
    public double Scale { get; init; } = 1.0;
    /// <summary>Coefficient draws (reweight) or Monte Carlo replications (micro).</summary>
    public int Reps { get; init; } = 200;
    public ulong Seed { get; init; } = 1;
    public int FirstYear { get; init; } = 2024;
    public int LastYear { get; init; } = 2050;
    public int? Threads { get; init; }
    public double Persistence { get; init; } = LatentProcess.DefaultPersistence;
    /// <summary>Align each indicator's base-year share to the survey estimate (see <see cref="PropensityModel.AlignTo"/>).</summary>
    public bool Align { get; init; } = true;
    /// <summary>A change of the population scenarios' demographic inputs (sensitivity analysis); null = as published.</summary>
    public DemographicVariation? Variation { get; init; }
    /// <summary>Called as (run label, steps done, steps total) during microsimulation.</summary>
    public Action<string, int, int>? Progress { get; init; }
    /// <summary>Where the ensemble's work units run (null = in this process, <see cref="LocalEnsembleExecutor"/>).</summary>
    public IEnsembleExecutor? Executor { get; init; }
    /// <summary>The whole request serialised, for an executor whose workers rebuild the job (see <see cref="EnsembleJob.Spec"/>).</summary>
    public string? EnsembleSpec { get; init; }
}

public sealed record ProjectionRunResult(string Scenario, string Societal, string? Policy, ProjectionMethod Method, IReadOnlyList<ProjectedYear> Years);

public sealed record DecompositionRow(string Scenario, string Societal, string? Policy, string Dimension, DecompositionResult Parts,
    CompositionByFactor ByFactor);

/// <summary>The composition part split over the factors that define the cells (Shapley over orderings of the chain
/// sex → age → origin → education; see <see cref="CompositionShapley"/>): the four add up to the composition part.</summary>
public sealed record CompositionByFactor(double Education, double Age, double Origin, double Sex)
{
    public double Sum => Sex + Age + Origin + Education;
}

public sealed record MicroPerformance(long AgentsStart, long AgentYears, double Seconds, int BytesPerAgent)
{
    public double AgentYearsPerSecond => AgentYears / Seconds;
}

public sealed record CohesionProjectionResult(
    IReadOnlyList<ProjectionRunResult> Runs, IReadOnlyList<DecompositionRow> Decomposition, MicroPerformance? Performance,
    GroupModels Models, IReadOnlyList<string> IndicatorIds, IReadOnlyList<string> DimensionIds, IReadOnlyDictionary<string, double> Population2050);

/// <summary>
/// The cohesion projection to 2050: the demography engine's population per scenario, the group models' propensities
/// shifted by the societal scenario and the policy, projected by reweighting (expected value, coefficient bands) or
/// by microsimulation (Monte Carlo replications), and the Kitagawa decomposition of each dimension's change.
/// </summary>
public sealed class CohesionProjection
{
    private readonly GroupModels _models;
    private readonly ProjectionEngine _engine;
    // Population projections and calibration multipliers already run by this instance (the sensitivity analysis runs
    // the same population under many societal variations); keyed by scenario, edition, variation and last year.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, DemographicVariation?, int), PopulationProjection> _populations = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), double> _scales = new();

    public CohesionProjection(GroupModels models, ProjectionEngine engine)
    {
        _models = models;
        _engine = engine;
    }

    /// <summary>One population scenario × societal scenario of a request, ready to run: its propensity model (aligned
    /// to the base year) and population projection.</summary>
    private sealed class ScenarioPair(string scenario, int societalIndex, PropensityModel model, PopulationProjection proj, int[] years, double[][] pops)
    {
        public string Scenario { get; } = scenario;
        public int SocietalIndex { get; } = societalIndex;
        public PropensityModel Model { get; } = model;
        public PopulationProjection Projection { get; } = proj;
        public int[] Years { get; } = years;
        public double[][] Populations { get; } = pops;
        private MicroLayout? _layout;
        public MicroLayout Layout => _layout ??= new MicroLayout(Model, Years);
    }

    private PopulationProjection Population(ProjectionRequest request, string name)
    {
        var scenario = ScenarioCatalog.Load(name, request.Edition);
        if (scenario.BaseYear > request.FirstYear)
            throw new CohesionException($"scenario '{name}' ({request.Edition} edition) starts in {scenario.BaseYear}, after {request.FirstYear}");
        return _populations.GetOrAdd((name, request.Edition, request.Variation, request.LastYear), _ =>
            request.Variation is { IsNone: false } variation
                ? _engine.RunVaried(scenario, variation, request.LastYear, _scales.GetOrAdd((name, request.Edition), _ => _engine.CalibrationScale(scenario)))
                : _engine.Run(scenario, request.LastYear));
    }

    private ScenarioPair Prepare(ProjectionRequest request, string name, int societalIndex)
    {
        var proj = Population(request, name);
        var years = Enumerable.Range(request.FirstYear, request.LastYear - request.FirstYear + 1).ToArray();
        var pops = years.Select(proj.PopulationAt).ToArray();
        var model = new PropensityModel(_models, request.Societal[societalIndex], request.Policy);
        if (request.Align) model.AlignTo(years[0], pops[0]);
        return new ScenarioPair(name, societalIndex, model, proj, years, pops);
    }

    /// <summary>The work units of a request, in the fixed order their results are aggregated in: scenario, then
    /// societal scenario, then replication (one whole-run unit per pair for reweighting).</summary>
    public static IReadOnlyList<EnsembleUnit> Units(ProjectionRequest request)
    {
        var units = new List<EnsembleUnit>();
        int reps = request.Method == ProjectionMethod.Micro ? Math.Max(1, request.Reps) : 1;
        foreach (var name in request.Scenarios)
            for (int s = 0; s < request.Societal.Count; s++)
                for (int r = 0; r < reps; r++)
                    units.Add(new EnsembleUnit(units.Count, name, s, request.Societal[s].Name, request.Policy?.Name,
                        request.Method == ProjectionMethod.Micro ? r : EnsembleUnit.WholeRun));
        return units;
    }

    /// <summary>Runs one work unit of <paramref name="request"/> (as a remote worker does, from the request alone).</summary>
    public EnsembleUnitResult RunUnit(ProjectionRequest request, EnsembleUnit unit)
    {
        if (unit.SocietalIndex < 0 || unit.SocietalIndex >= request.Societal.Count || request.Societal[unit.SocietalIndex].Name != unit.Societal)
            throw new CohesionException($"work unit {unit.Index}: societal scenario '{unit.Societal}' is not number {unit.SocietalIndex} of the request");
        return RunUnit(request, Prepare(request, unit.Scenario, unit.SocietalIndex), unit, null);
    }

    private static EnsembleUnitResult RunUnit(ProjectionRequest request, ScenarioPair pair, EnsembleUnit unit, Action<int, int>? progress)
    {
        if (request.Method == ProjectionMethod.Reweight)
        {
            var projected = new ReweightingProjection(pair.Model, pair.Years, pair.Populations, pointOnly: request.Reps == 0).Run(request.Reps, request.Seed, request.Threads);
            return new EnsembleUnitResult { Index = unit.Index, Years = projected.ToArray() };
        }
        var layout = pair.Layout;
        var pos = layout.Position;
        var tables = layout.Tables;
        int K = pair.Model.IndicatorCount;
        var proj = pair.Projection;
        void Thresholds(int year, ushort[] target, int s) => Array.Copy(tables[year], target, target.Length);
        ProjectionRates Rates(int year) => proj.Rates[year - proj.FirstYear];
        var sim = new MicroSimulation(K, new MicroOptions
        {
            Scale = request.Scale, Seed = request.Seed, Replication = unit.Replication, Persistence = request.Persistence, MinAge = GroupCoding.MinAge,
            LatentBlocks = layout.Blocks, MaxDegreeOfParallelism = request.Threads, Progress = progress,
        });
        var run = sim.Run(proj.PopulationAt(pair.Years[0]), pair.Years[0], pair.Years[^1], Rates, Thresholds);
        return new EnsembleUnitResult
        {
            Index = unit.Index,
            Shares = run.Years.Select(y => Enumerable.Range(0, K).Select(k => y.Share(pos[k])).ToArray()).ToArray(),
            AgentsStart = run.AgentsStart, AgentYears = run.AgentYears, Seconds = run.Seconds, BytesPerAgent = run.BytesPerAgent,
        };
    }

    public CohesionProjectionResult Run(ProjectionRequest request)
    {
        if (request.LastYear <= request.FirstYear) throw new CohesionException($"--to {request.LastYear} must be after the base year {request.FirstYear}");
        if (request.Reps < 0) throw new CohesionException("--reps must be zero or more");
        var runs = new List<ProjectionRunResult>();
        var decomposition = new List<DecompositionRow>();
        var totals = new Dictionary<string, double>();
        var dims = _models.Dimensions();
        var pairs = new Dictionary<(string, int), ScenarioPair>();
        foreach (var name in request.Scenarios)
        {
            totals[name] = Population(request, name).Total(request.LastYear);
            for (int s = 0; s < request.Societal.Count; s++)
            {
                var pair = pairs[(name, s)] = Prepare(request, name, s);
                decomposition.AddRange(Decompose(pair.Model, name, request.Societal[s].Name, request.Policy?.Name,
                    pair.Populations[0], pair.Populations[^1], pair.Years[0], pair.Years[^1], dims));
            }
        }

        var units = Units(request);
        var progressDone = new Dictionary<string, int>();
        int steps = Math.Max(1, request.Reps) * (request.LastYear - request.FirstYear + 1);
        EnsembleUnitResult Local(EnsembleUnit unit)
        {
            Action<int, int>? progress = null;
            if (request.Progress is { } report)
            {
                var label = $"{unit.Scenario} · {unit.Societal}{(unit.Policy is null ? "" : " · " + unit.Policy)}";
                progress = (_, _) =>
                {
                    lock (progressDone) progressDone[label] = progressDone.GetValueOrDefault(label) + 1;
                    report(label, progressDone[label], steps);
                };
            }
            return RunUnit(request, pairs[(unit.Scenario, unit.SocietalIndex)], unit, progress);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = (request.Executor ?? LocalEnsembleExecutor.Instance).Run(new EnsembleJob(request.EnsembleSpec, Local), units);
        double seconds = clock.Elapsed.TotalSeconds;
        if (results.Count != units.Count || results.Where((r, i) => r.Index != i).Any())
            throw new InvalidOperationException("the ensemble executor must return one result per unit, in unit order");

        long agentsStart = 0, agentYears = 0; int bytes = 0;
        int next = 0;
        foreach (var name in request.Scenarios)
            for (int s = 0; s < request.Societal.Count; s++)
            {
                var pair = pairs[(name, s)];
                IReadOnlyList<ProjectedYear> projected;
                if (request.Method == ProjectionMethod.Reweight)
                    projected = results[next++].Years ?? throw new InvalidOperationException("a reweighting unit returned no years");
                else
                {
                    var reps = results.Skip(next).Take(Math.Max(1, request.Reps)).ToList();
                    next += reps.Count;
                    projected = AggregateMicro(pair.Model, pair.Years, reps.Select(r => r.Shares ?? throw new InvalidOperationException("a microsimulation unit returned no shares")).ToArray());
                    if (agentsStart == 0) agentsStart = reps[0].AgentsStart;
                    foreach (var r in reps) { agentYears += r.AgentYears; bytes = r.BytesPerAgent; }
                }
                runs.Add(new ProjectionRunResult(name, request.Societal[s].Name, request.Policy?.Name, request.Method, projected));
            }
        var perf = request.Method == ProjectionMethod.Micro ? new MicroPerformance(agentsStart, agentYears, seconds, bytes) : null;
        return new CohesionProjectionResult(runs, decomposition, perf, _models,
            _models.Models.Select(m => m.Id).ToList(), dims.Select(d => d.Id).ToList(), totals);
    }

    /// <summary>Kitagawa decomposition of each dimension's change between the first and last year over adult cells,
    /// at the point estimates: composition (population shares), within (propensities), interaction.</summary>
    public static IEnumerable<DecompositionRow> Decompose(PropensityModel model, string scenario, string societal, string? policy,
        double[] pop0, double[] pop1, int year0, int year1, IReadOnlyList<(string Id, int[] Indicators)> dims)
    {
        var eta = model.GroupEta();
        var p0 = model.Propensities(year0, eta);
        var p1 = model.Propensities(year1, eta);
        int K = model.IndicatorCount;
        var adultCells = Enumerable.Range(0, PopulationIndex.CellCount).Where(c => model.GroupOfCell[c] >= 0).ToArray();
        var c0 = adultCells.Select(c => pop0[c]).ToArray();
        var c1 = adultCells.Select(c => pop1[c]).ToArray();
        // The factor split works on the full cross-classification (sex, age, origin, education: PopulationIndex's
        // row-major order) with the non-adult cells empty, so its shares are those of the Kitagawa split.
        var full0 = new double[PopulationIndex.CellCount];
        var full1 = new double[PopulationIndex.CellCount];
        foreach (var c in adultCells) { full0[c] = pop0[c]; full1[c] = pop1[c]; }
        int[] sizes = [PopulationIndex.Sexes, PopulationIndex.Ages, PopulationIndex.Origins, PopulationIndex.Educations];
        foreach (var (id, members) in dims)
        {
            var r0 = adultCells.Select(c => members.Average(k => p0[c * K + k])).ToArray();
            var r1 = adultCells.Select(c => members.Average(k => p1[c * K + k])).ToArray();
            var rFull = new double[PopulationIndex.CellCount];
            for (int i = 0; i < adultCells.Length; i++) rFull[adultCells[i]] = r0[i];
            var phi = CompositionShapley.Split(sizes, full0, full1, rFull);
            yield return new DecompositionRow(scenario, societal, policy, id, KitagawaDecomposition.ThreeWay(c0, r0, c1, r1),
                new CompositionByFactor(Education: phi[3], Age: phi[1], Origin: phi[2], Sex: phi[0]));
        }
    }

    /// <summary>The projected years of a microsimulation run from its replications' indicator shares [rep][year][k].</summary>
    private static List<ProjectedYear> AggregateMicro(PropensityModel model, int[] years, double[][][] shares)
    {
        int K = model.IndicatorCount;
        var dims = model.Models.Dimensions();
        var result = new List<ProjectedYear>();
        for (int y = 0; y < years.Length; y++)
        {
            var ind = new Band[K];
            for (int k = 0; k < K; k++) ind[k] = RepBand(shares.Select(s => s[y][k]).ToArray());
            var dim = dims.Select(d => RepBand(shares.Select(s => ReweightingProjection.Mean(s[y], d.Indicators)).ToArray())).ToArray();
            result.Add(new ProjectedYear(years[y], ind, dim));
        }
        return result;
    }

    /// <summary>Mean over replications and the 95% range of one replication, mean ± t(0.975, R−1)·sd
    /// (lower = upper = mean for a single replication).</summary>
    private static Band RepBand(double[] v)
    {
        double mean = v.Average();
        if (v.Length < 2) return new Band(mean, mean, mean);
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double t = Cohesion.Statistics.Probability.StudentTQuantile(v.Length - 1, 0.975);
        return new Band(mean, Math.Max(0, mean - t * sd), Math.Min(1, mean + t * sd));
    }
}

/// <summary>
/// How the propensity model's indicators are laid out in a microsimulation: latents stored dimension by dimension
/// (so each dimension's latents form one block renewed together, <see cref="MicroOptions.LatentBlocks"/>) and the
/// integer threshold table of every year at the point estimates.
/// </summary>
public sealed class MicroLayout
{
    public MicroLayout(PropensityModel model, IEnumerable<int> years)
    {
        int K = model.IndicatorCount;
        int stride = new MicroSimulation(K, new MicroOptions()).Stride;
        var dims = model.Models.Dimensions();
        var storage = dims.SelectMany(d => d.Indicators).ToArray();
        if (storage.Length != K) throw new InvalidOperationException("every indicator must belong to one of the framework's dimensions");
        Position = new int[K];
        for (int i = 0; i < K; i++) Position[storage[i]] = i;
        Blocks = dims.Select(d => d.Indicators.Length).ToArray();
        var eta = model.GroupEta();
        foreach (var y in years)
        {
            var p = model.Propensities(y, eta);
            var table = new ushort[PopulationIndex.CellCount * stride];
            for (int cell = 0; cell < PopulationIndex.CellCount; cell++)
            {
                if (model.GroupOfCell[cell] < 0) continue;
                for (int k = 0; k < K; k++) table[cell * stride + Position[k]] = LatentProcess.Threshold(p[cell * K + k]);
            }
            Tables[y] = table;
        }
    }

    /// <summary>Storage position of each indicator's latent.</summary>
    public int[] Position { get; }
    /// <summary>Sizes of the latent blocks (one per dimension, in storage order).</summary>
    public int[] Blocks { get; }
    /// <summary>Threshold table per year (<see cref="ThresholdSource"/> layout, storage order).</summary>
    public Dictionary<int, ushort[]> Tables { get; } = new();
}
