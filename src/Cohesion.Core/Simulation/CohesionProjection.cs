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

    public CohesionProjectionResult Run(ProjectionRequest request)
    {
        if (request.LastYear <= request.FirstYear) throw new CohesionException($"--to {request.LastYear} must be after the base year {request.FirstYear}");
        if (request.Reps < 0) throw new CohesionException("--reps must be zero or more");
        var stochastic = request.Stochastic;
        TrajectoryGenerator? generator = null;
        if (stochastic is not null)
        {
            if (request.Variation is { IsNone: false }) throw new CohesionException("stochastic demography runs around the published variants, not a demographic variation");
            if (request.Method == ProjectionMethod.Reweight && request.Reps != 0 && request.Reps != stochastic.Trajectories)
                throw new CohesionException($"with --stochastic {stochastic.Trajectories} the coefficient draws are the trajectories: --reps must be left out, or 0 for demographic uncertainty only, not {request.Reps}");
            generator = new TrajectoryGenerator(stochastic, stochastic.Calibration == StochasticCalibration.Wpp2022 ? Wpp2022Intervals.Load() : null);
        }
        var trajectoryTotals = new List<TrajectoryTotals>();
        var runs = new List<ProjectionRunResult>();
        var decomposition = new List<DecompositionRow>();
        var totals = new Dictionary<string, double>();
        long agentsStart = 0, agentYears = 0; double seconds = 0; int bytes = 0;
        var dims = _models.Dimensions();
        foreach (var name in request.Scenarios)
        {
            var scenario = ScenarioCatalog.Load(name, request.Edition);
            if (scenario.BaseYear > request.FirstYear)
                throw new CohesionException($"scenario '{name}' ({request.Edition} edition) starts in {scenario.BaseYear}, after {request.FirstYear}");
            var proj = _populations.GetOrAdd((name, request.Edition, request.Variation, request.LastYear), _ =>
                request.Variation is { IsNone: false } variation
                    ? _engine.RunVaried(scenario, variation, request.LastYear, _scales.GetOrAdd((name, request.Edition), _ => _engine.CalibrationScale(scenario)))
                    : _engine.Run(scenario, request.LastYear));
            var years = Enumerable.Range(request.FirstYear, request.LastYear - request.FirstYear + 1).ToArray();
            var pops = years.Select(proj.PopulationAt).ToArray();
            totals[name] = proj.Total(request.LastYear);
            var models = request.Societal.Select(societal =>
            {
                var model = new PropensityModel(_models, societal, request.Policy);
                if (request.Align) model.AlignTo(years[0], pops[0]);
                return model;
            }).ToList();
            // replication r's demography: trajectory r (stochastic) or the variant itself
            Func<int, PopulationProjection> demography = generator is null ? _ => proj : r => StochasticRunner.Trajectory(_engine, proj, generator, r, request.LastYear);
            double[][]? repTotals = stochastic is null ? null : new double[stochastic.Trajectories][];
            IReadOnlyList<ProjectedYear>[]? stochasticReweight = stochastic is not null && request.Method == ProjectionMethod.Reweight
                ? ReweightOnTrajectories(models, years, pops, demography, repTotals!, request) : null;
            for (int s = 0; s < models.Count; s++)
            {
                var model = models[s];
                var societal = request.Societal[s];
                IReadOnlyList<ProjectedYear> projected;
                if (request.Method == ProjectionMethod.Reweight)
                    projected = stochasticReweight?[s] ?? new ReweightingProjection(model, years, pops, pointOnly: request.Reps == 0).Run(request.Reps, request.Seed, request.Threads);
                else
                {
                    var label = $"{name} · {societal.Name}{(request.Policy is null ? "" : " · " + request.Policy.Name)}";
                    var micro = RunMicro(model, demography, years, request, label, s == 0 ? repTotals : null);
                    projected = micro.Years;
                    agentsStart = agentsStart == 0 ? micro.AgentsStart : agentsStart;
                    agentYears += micro.AgentYears; seconds += micro.Seconds; bytes = micro.BytesPerAgent;
                }
                runs.Add(new ProjectionRunResult(name, societal.Name, request.Policy?.Name, request.Method, projected));
                decomposition.AddRange(Decompose(model, name, societal.Name, request.Policy?.Name, pops[0], pops[^1], years[0], years[^1], dims));
            }
            if (repTotals is not null && repTotals.All(t => t is not null)) trajectoryTotals.Add(new TrajectoryTotals(name, years, repTotals));
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

    private sealed record MicroSummary(IReadOnlyList<ProjectedYear> Years, long AgentsStart, long AgentYears, double Seconds, int BytesPerAgent);

    /// <param name="demography">Replication r's population projection.</param>
    /// <param name="repTotals">When given, filled with each replication's total population per year.</param>
    private MicroSummary RunMicro(PropensityModel model, Func<int, PopulationProjection> demography, int[] years, ProjectionRequest request, string label,
        double[][]? repTotals)
    {
        int K = model.IndicatorCount;
        var layout = new MicroLayout(model, years);
        var pos = layout.Position;
        var blocks = layout.Blocks;
        var tables = layout.Tables;
        void Thresholds(int year, ushort[] target, int s) => Array.Copy(tables[year], target, target.Length);

        int reps = request.Stochastic?.Trajectories ?? Math.Max(1, request.Reps);
        var shares = new double[reps][][]; // [rep][year][k]
        long agentsStart = 0, agentYears = 0; double seconds = 0; int bytes = 0;
        int steps = reps * years.Length, done = 0;
        for (int r = 0; r < reps; r++)
        {
            var proj = demography(r);
            if (repTotals is not null) repTotals[r] = years.Select(proj.Total).ToArray();
            ProjectionRates Rates(int year) => proj.Rates[year - proj.FirstYear];
            var sim = new MicroSimulation(K, new MicroOptions
            {
                Scale = request.Scale, Seed = request.Seed, Replication = r, Persistence = request.Persistence, MinAge = GroupCoding.MinAge,
                LatentBlocks = blocks,
                MaxDegreeOfParallelism = request.Threads,
                Progress = request.Progress is null ? null : (_, _) => request.Progress(label, ++done, steps)
            });
            var run = sim.Run(proj.PopulationAt(years[0]), years[0], years[^1], Rates, Thresholds);
            shares[r] = run.Years.Select(y => Enumerable.Range(0, K).Select(k => y.Share(pos[k])).ToArray()).ToArray();
            if (r == 0) agentsStart = run.AgentsStart;
            agentYears += run.AgentYears; seconds += run.Seconds; bytes = run.BytesPerAgent;
        }
        var dims = model.Models.Dimensions();
        var result = new List<ProjectedYear>();
        for (int y = 0; y < years.Length; y++)
        {
            var ind = new Band[K];
            for (int k = 0; k < K; k++) ind[k] = RepBand(shares.Select(s => s[y][k]).ToArray());
            var dim = dims.Select(d => RepBand(shares.Select(s => ReweightingProjection.Mean(s[y], d.Indicators)).ToArray())).ToArray();
            result.Add(new ProjectedYear(years[y], ind, dim));
        }
        return new MicroSummary(result, agentsStart, agentYears, seconds, bytes);
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
