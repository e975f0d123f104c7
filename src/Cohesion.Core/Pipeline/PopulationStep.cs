using Cohesion.Statistics;
using Cohesion.Demography;

namespace Cohesion.Pipeline;

/// <summary>A population projection to ask for: scenarios (built-in names of one edition, or a user's scenario file),
/// optionally from a regional StatLine base, up to a last year. Defaults are those of <c>cohesion population</c>.</summary>
public sealed record PopulationRequest
{
    public const int DefaultLastYear = 2050;

    /// <summary>The scenarios to run (already loaded; see <see cref="ForNames"/>).</summary>
    public required IReadOnlyList<Scenario> Scenarios { get; init; }
    public int LastYear { get; init; } = DefaultLastYear;
    /// <summary>A regional base population (CBS StatLine 84910NED) instead of the national base.</summary>
    public StatLine84910Table? RegionalBase { get; init; }
    /// <summary>Stochastic demography (null: deterministic only); see <see cref="StochasticSettings"/>.</summary>
    public StochasticSettings? Stochastic { get; init; }
    /// <summary>First year of the stochastic quantiles (default: the earliest base year).</summary>
    public int? FirstYear { get; init; }
    /// <summary>Called with the fraction of scenarios done.</summary>
    public Action<double>? Progress { get; init; }

    /// <summary>Built-in scenarios by name (<c>all</c> = every scenario of the edition).</summary>
    public static IReadOnlyList<Scenario> ForNames(IEnumerable<string> names, int edition = ScenarioCatalog.DefaultEdition) =>
        names.SelectMany(n => n == "all" ? ScenarioCatalog.LoadAll(edition) : [ScenarioCatalog.Load(n, edition)]).ToList();
}

/// <summary>Pipeline step "population": the cohort-component projection of each scenario (in parallel; results do not
/// depend on the thread count), from the national base or a regional StatLine base.</summary>
public static class PopulationStep
{
    /// <summary>Population facts every population and projection output repeats.</summary>
    public const string Note =
        "k = thousands; migr = migration background; g1 = first generation; hbo = share with hbo/wo (high) education among ages 15-74. " +
        "Age x sex from UN WPP 2024 (real) scaled to CBS totals; the origin split of the base, the education split and the " +
        "behavioural assumptions are documented approximations (data/demography/README.md); 2024-edition long-run first-generation migration is calibrated to the published 2050 totals (factor in the caption and in calibration.migration_factor).";

    public static PopulationProjection[] Run(PopulationRequest request, ProjectionEngine? engine = null)
    {
        engine ??= ProjectionEngine.CreateDefault();
        var scenarios = request.Scenarios;
        var results = new PopulationProjection[scenarios.Count];
        if (request.RegionalBase is { } table)
        {
            for (int i = 0; i < scenarios.Count; i++)
            {
                var basePop = StatLineBase.Build(table, engine.BasePopulationFor(scenarios[i]));
                results[i] = engine.RunFromBase(scenarios[i], basePop, request.LastYear + 1);
                request.Progress?.Invoke((double)(i + 1) / scenarios.Count);
            }
            return results;
        }
        int done = 0;
        try
        {
            Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                results[i] = engine.Run(scenarios[i], request.LastYear + 1);
                request.Progress?.Invoke((double)Interlocked.Increment(ref done) / scenarios.Count);
            });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            // report the user's mistake (e.g. a calibration that cannot be met), not the parallel wrapper
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerExceptions[0]).Throw();
        }
        return results;
    }

    /// <summary>The last year stochastic projections may reach: WPP 2022's intervals end in 2100.</summary>
    public const int StochasticLastYear = 2100;

    /// <summary>
    /// The deterministic projections of <see cref="Run"/> plus, with <see cref="PopulationRequest.Stochastic"/>, the
    /// quantiles over the trajectories of each variant (<see cref="StochasticRunner"/>). A stochastic request may run past the
    /// scenarios' last year up to <see cref="StochasticLastYear"/>: the assumptions are then held at their last values
    /// (in the deterministic projection too, so the two stay comparable).
    /// </summary>
    public static (PopulationProjection[] Deterministic, StochasticProjection[] Stochastic) RunStochastic(PopulationRequest request, ProjectionEngine? engine = null)
    {
        var settings = request.Stochastic ?? throw new ArgumentException("the request has no stochastic settings", nameof(request));
        if (request.RegionalBase is not null) throw new CohesionException("stochastic projections start from the national base, not a regional StatLine base");
        engine ??= ProjectionEngine.CreateDefault();
        var scenarios = request.Scenarios.Select(s => request.LastYear > s.EndYear ? s.WithEndYear(request.LastYear) : s).ToList();
        var det = Run(request with { Scenarios = scenarios, Progress = null }, engine);
        var wpp = settings.Calibration == StochasticCalibration.Wpp2022 ? Wpp2022Intervals.Load() : null;
        var generator = new TrajectoryGenerator(settings, wpp);
        int from = request.FirstYear ?? scenarios.Min(s => s.BaseYear);
        var stoch = StochasticRunner.Run(engine, det, generator, from, request.LastYear, request.Progress);
        return (det, stoch);
    }
}
