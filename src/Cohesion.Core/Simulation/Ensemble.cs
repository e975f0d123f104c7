namespace Cohesion.Simulation;

/// <summary>
/// One work unit of a projection's ensemble: population scenario × societal scenario (× the request's one policy) ×
/// replication. A microsimulation unit is one Monte Carlo replication (its random numbers are counter-based on
/// (seed, <see cref="Replication"/>), <see cref="CounterRng"/>, so the unit's result does not depend on where or
/// when it runs); a reweighting unit (<see cref="Replication"/> = −1) is the whole run of that scenario pair with all
/// its coefficient draws. <see cref="Index"/> is the unit's place in the fixed order the results are aggregated in.
/// </summary>
public sealed record EnsembleUnit(int Index, string Scenario, int SocietalIndex, string Societal, string? Policy, int Replication)
{
    public const int WholeRun = -1;
}

/// <summary>What a unit returns: a microsimulation replication's indicator shares [year][indicator] and its counts,
/// or a reweighting run's projected years.</summary>
public sealed record EnsembleUnitResult
{
    public int Index { get; init; }
    /// <summary>Microsimulation: indicator shares per year, [year][indicator] (null for a reweighting unit).</summary>
    public double[][]? Shares { get; init; }
    /// <summary>Reweighting: the projected years with their coefficient bands (null for a microsimulation unit).</summary>
    public ProjectedYear[]? Years { get; init; }
    /// <summary>Microsimulation with stochastic demography: the total population of the unit's trajectory per year.</summary>
    public double[]? Totals { get; init; }
    public long AgentsStart { get; init; }
    public long AgentYears { get; init; }
    public double Seconds { get; init; }
    public int BytesPerAgent { get; init; }
}

/// <summary>
/// Where an ensemble's work units run. The default (<see cref="LocalEnsembleExecutor"/>) runs them in this process one
/// after another (each unit is parallel inside); a distributed executor (the Orleans cluster of Cohesion.Cluster) sends
/// <see cref="EnsembleJob.Spec"/> with each unit to workers that rebuild the job from it. Either way the results come
/// back in unit order, so the aggregate is the same bytes wherever the units ran.
/// </summary>
public interface IEnsembleExecutor
{
    /// <summary>Runs every unit of the job; returns one result per unit, in the order of <paramref name="units"/>.</summary>
    IReadOnlyList<EnsembleUnitResult> Run(EnsembleJob job, IReadOnlyList<EnsembleUnit> units);
}

/// <summary>A job to run units of: <see cref="Spec"/> describes the whole request (serialised, so that a remote worker
/// can rebuild the job; null when the request cannot travel), <see cref="RunLocally"/> runs one unit in this process.</summary>
public sealed record EnsembleJob(string? Spec, Func<EnsembleUnit, EnsembleUnitResult> RunLocally);

/// <summary>Runs every unit in this process, in order.</summary>
public sealed class LocalEnsembleExecutor : IEnsembleExecutor
{
    public static readonly LocalEnsembleExecutor Instance = new();

    public IReadOnlyList<EnsembleUnitResult> Run(EnsembleJob job, IReadOnlyList<EnsembleUnit> units) =>
        units.Select(job.RunLocally).ToList();
}
