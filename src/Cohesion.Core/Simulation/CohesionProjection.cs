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
    /// <summary>
    /// Stochastic demography (null = the variants as published): replication r runs on demographic trajectory r of
    /// <see cref="StochasticRunner.Trajectory"/> (the trajectories of <c>cohesion population --stochastic</c> with the same
    /// settings), so the bands include demographic uncertainty. The number of replications is the number of trajectories:
    /// for reweighting, draw r is coefficient draw r on trajectory r (with <see cref="Reps"/> 0: the point estimates on
    /// every trajectory, demographic uncertainty only); for microsimulation, Monte Carlo replication r on trajectory r
    /// (<see cref="Reps"/> is not read). Means, the base-year alignment and the decomposition stay those of the
    /// deterministic projection (reweighting) or the mean over the replications (microsimulation).
    /// </summary>
    public StochasticSettings? Stochastic { get; init; }
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
    GroupModels Models, IReadOnlyList<string> IndicatorIds, IReadOnlyList<string> DimensionIds, IReadOnlyDictionary<string, double> Population2050,
    StochasticEnsemble? Stochastic = null);

/// <summary>The total population (1 January) of each replication's demographic trajectory, per scenario:
/// <c>Totals[r][y]</c> for <c>Years[y]</c>.</summary>
public sealed record TrajectoryTotals(string Scenario, int[] Years, double[][] Totals)
{
    /// <summary>Quantiles of the total over the trajectories in each year.</summary>
    public TrajectoryQuantiles Quantiles(int yearIndex) => TrajectoryQuantiles.Of(Totals.Select(t => t[yearIndex]));
}

/// <summary>What a projection with stochastic demography ran on (<see cref="ProjectionRequest.Stochastic"/>): the settings,
/// whether the coefficients were drawn too, and the trajectories' totals.</summary>
public sealed record StochasticEnsemble(StochasticSettings Settings, bool CoefficientDraws, IReadOnlyList<TrajectoryTotals> Totals)
{
    public int Trajectories => Settings.Trajectories;
}

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
        // reweighting on demographic trajectories runs in the caller (ReweightOnTrajectories: every trajectory once for all
        // societal scenarios, cheap next to a microsimulation): no units
        if (request.Method == ProjectionMethod.Reweight && request.Stochastic is not null) return units;
        int reps = request.Method == ProjectionMethod.Micro ? Replications(request) : 1;
        foreach (var name in request.Scenarios)
            for (int s = 0; s < request.Societal.Count; s++)
                for (int r = 0; r < reps; r++)
                    units.Add(new EnsembleUnit(units.Count, name, s, request.Societal[s].Name, request.Policy?.Name,
                        request.Method == ProjectionMethod.Micro ? r : EnsembleUnit.WholeRun));
        return units;
    }

    /// <summary>Microsimulation replications per scenario pair: one per demographic trajectory with stochastic demography.</summary>
    private static int Replications(ProjectionRequest request) => request.Stochastic?.Trajectories ?? Math.Max(1, request.Reps);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<StochasticSettings, Lazy<TrajectoryGenerator>> _generators = new();

    /// <summary>The trajectory generator of the request's stochastic demography (null without), one per settings.</summary>
    private TrajectoryGenerator? Generator(ProjectionRequest request) => request.Stochastic is not { } st ? null
        : _generators.GetOrAdd(st, k => new Lazy<TrajectoryGenerator>(() =>
            new TrajectoryGenerator(k, k.Calibration == StochasticCalibration.Wpp2022 ? Wpp2022Intervals.Load() : null))).Value;

    /// <summary>Replication r's demography: trajectory r of the variant (stochastic) or the variant itself.</summary>
    private PopulationProjection Demography(ProjectionRequest request, PopulationProjection variant, int replication) =>
        Generator(request) is { } generator ? StochasticRunner.Trajectory(_engine, variant, generator, replication, request.LastYear) : variant;

    /// <summary>Runs one work unit of <paramref name="request"/> (as a remote worker does, from the request alone).</summary>
    public EnsembleUnitResult RunUnit(ProjectionRequest request, EnsembleUnit unit)
    {
        if (unit.SocietalIndex < 0 || unit.SocietalIndex >= request.Societal.Count || request.Societal[unit.SocietalIndex].Name != unit.Societal)
            throw new CohesionException($"work unit {unit.Index}: societal scenario '{unit.Societal}' is not number {unit.SocietalIndex} of the request");
        return RunUnit(request, Prepare(request, unit.Scenario, unit.SocietalIndex), unit, null);
    }

    private EnsembleUnitResult RunUnit(ProjectionRequest request, ScenarioPair pair, EnsembleUnit unit, Action<int, int>? progress)
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
        var proj = Demography(request, pair.Projection, unit.Replication);
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
            Totals = request.Stochastic is null ? null : pair.Years.Select(proj.Total).ToArray(),
        };
    }

    public CohesionProjectionResult Run(ProjectionRequest request)
    {
        if (request.LastYear <= request.FirstYear) throw new CohesionException($"--to {request.LastYear} must be after the base year {request.FirstYear}");
        if (request.Reps < 0) throw new CohesionException("--reps must be zero or more");
        var stochastic = request.Stochastic;
        if (stochastic is not null)
        {
            if (request.Variation is { IsNone: false }) throw new CohesionException("stochastic demography runs around the published variants, not a demographic variation");
            if (request.Method == ProjectionMethod.Reweight && request.Reps != 0 && request.Reps != stochastic.Trajectories)
                throw new CohesionException($"with --stochastic {stochastic.Trajectories} the coefficient draws are the trajectories: --reps must be left out, or 0 for demographic uncertainty only, not {request.Reps}");
        }
        var trajectoryTotals = new List<TrajectoryTotals>();
        var runs = new List<ProjectionRunResult>();
        var decomposition = new List<DecompositionRow>();
        var totals = new Dictionary<string, double>();
        var dims = _models.Dimensions();
        var pairs = new Dictionary<(string, int), ScenarioPair>();
        var stochasticReweight = new Dictionary<string, IReadOnlyList<ProjectedYear>[]>();
        foreach (var name in request.Scenarios)
        {
            totals[name] = Population(request, name).Total(request.LastYear);
            for (int s = 0; s < request.Societal.Count; s++)
            {
                var pair = pairs[(name, s)] = Prepare(request, name, s);
                decomposition.AddRange(Decompose(pair.Model, name, request.Societal[s].Name, request.Policy?.Name,
                    pair.Populations[0], pair.Populations[^1], pair.Years[0], pair.Years[^1], dims));
            }
            if (stochastic is not null && request.Method == ProjectionMethod.Reweight)
            {
                var first = pairs[(name, 0)];
                var repTotals = new double[stochastic.Trajectories][];
                stochasticReweight[name] = ReweightOnTrajectories(Enumerable.Range(0, request.Societal.Count).Select(s => pairs[(name, s)].Model).ToList(),
                    first.Years, first.Populations, r => Demography(request, first.Projection, r), repTotals, request);
                trajectoryTotals.Add(new TrajectoryTotals(name, first.Years, repTotals));
            }
        }

        var units = Units(request);
        var progressDone = new Dictionary<string, int>();
        int steps = Replications(request) * (request.LastYear - request.FirstYear + 1);
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
                if (stochasticReweight.TryGetValue(name, out var onTrajectories))
                    projected = onTrajectories[s];
                else if (request.Method == ProjectionMethod.Reweight)
                    projected = results[next++].Years ?? throw new InvalidOperationException("a reweighting unit returned no years");
                else
                {
                    var reps = results.Skip(next).Take(Replications(request)).ToList();
                    next += reps.Count;
                    projected = AggregateMicro(pair.Model, pair.Years, reps.Select(r => r.Shares ?? throw new InvalidOperationException("a microsimulation unit returned no shares")).ToArray());
                    if (agentsStart == 0) agentsStart = reps[0].AgentsStart;
                    foreach (var r in reps) { agentYears += r.AgentYears; bytes = r.BytesPerAgent; }
                    // each trajectory's totals (the same for every societal scenario: taken from the first)
                    if (stochastic is not null && s == 0 && reps.All(r => r.Totals is not null))
                        trajectoryTotals.Add(new TrajectoryTotals(name, pair.Years, reps.Select(r => r.Totals!).ToArray()));
                }
                runs.Add(new ProjectionRunResult(name, request.Societal[s].Name, request.Policy?.Name, request.Method, projected));
            }
        var perf = request.Method == ProjectionMethod.Micro ? new MicroPerformance(agentsStart, agentYears, seconds, bytes) : null;
        return new CohesionProjectionResult(runs, decomposition, perf, _models,
            _models.Models.Select(m => m.Id).ToList(), dims.Select(d => d.Id).ToList(), totals,
            stochastic is null ? null : new StochasticEnsemble(stochastic, request.Method == ProjectionMethod.Reweight ? request.Reps > 0 : true, trajectoryTotals));
    }

    /// <summary>Reweighting with stochastic demography: draw r of every societal scenario on trajectory r (each
    /// trajectory projected once, in parallel; each draw lands in its own slot, so the bands do not depend on threads).
    /// Fills <paramref name="repTotals"/> with each trajectory's total population per year.</summary>
    private static IReadOnlyList<ProjectedYear>[] ReweightOnTrajectories(List<PropensityModel> models, int[] years, double[][] pops,
        Func<int, PopulationProjection> demography, double[][] repTotals, ProjectionRequest request)
    {
        int n = repTotals.Length;
        bool draw = request.Reps > 0;
        var drawn = models.Select(_ => new double[n][][]).ToArray();
        var etas = models.Select(m => m.GroupEta()).ToArray();
        // the terms (groups, shifts, rule weights) are those of the variant: only the counts differ by trajectory
        var templates = models.Select(m => new ReweightingProjection(m, years, pops, pointOnly: !draw, reusable: true)).ToArray();
        var po = new ParallelOptions { MaxDegreeOfParallelism = request.Threads ?? Environment.ProcessorCount };
        try
        {
            Parallel.For(0, n, po, r =>
            {
                var p = demography(r);
                var trajPops = years.Select(p.PopulationAt).ToArray();
                repTotals[r] = years.Select(p.Total).ToArray();
                for (int s = 0; s < models.Count; s++)
                {
                    var rp = templates[s].OnPopulations(trajPops);
                    drawn[s][r] = draw ? rp.DrawShares(request.Seed, r) : rp.Shares(etas[s]);
                }
            });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerExceptions[0]).Throw();
        }
        return models.Select((m, s) =>
            ReweightingProjection.Bands(m, years, new ReweightingProjection(m, years, pops, pointOnly: true).Shares(etas[s]), drawn[s])).ToArray();
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
