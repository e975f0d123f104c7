using Cohesion.Pipeline;
using Cohesion.Simulation;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Cohesion.Cluster;

/// <summary>One work unit of an ensemble (see <see cref="EnsembleUnit"/>), as a grain. The key is
/// <c>run/unit/attempt</c>; the request travels as its spec (<see cref="EnsembleSpec"/>), the unit and its result as
/// JSON, so the grain knows nothing of the request's options and a new option of <c>simulate</c> needs no change here.</summary>
public interface IEnsembleUnitGrain : IGrainWithStringKey
{
    Task<string> Run(string spec, string unit);

    /// <summary>The silo the grain is active on (asked before <see cref="Run"/>, so the client knows whose loss to watch for).</summary>
    Task<SiloAddress> Silo();
}

/// <summary>
/// Stateless: runs its unit with <see cref="SimulateStep.RunUnit"/> (the same code as the local run, so the same
/// result bits) and keeps nothing. A silo runs one unit at a time (each unit already uses every core of the machine);
/// the others queue in the silo. Placed by <see cref="SpreadPlacement"/>.
/// </summary>
[SpreadPlacement]
public sealed class EnsembleUnitGrain(SiloLog log) : Grain, IEnsembleUnitGrain
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public Task<SiloAddress> Silo() => Task.FromResult(GrainContext.Address.SiloAddress!);

    public async Task<string> Run(string spec, string unit)
    {
        var u = EnsembleSpec.DeserializeUnit(unit);
        await OneAtATime.WaitAsync();
        try
        {
            log.Write($"unit {u.Index} started ({u.Scenario} · {u.Societal}, replication {u.Replication})");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await Task.Run(() => SimulateStep.RunUnit(spec, u));
            log.Write($"unit {u.Index} done in {clock.Elapsed.TotalSeconds:0.00} s");
            return EnsembleSpec.SerializeResult(result);
        }
        finally
        {
            OneAtATime.Release();
            DeactivateOnIdle();
        }
    }
}

/// <summary>
/// An Orleans placement strategy for work-unit grains: unit i (attempt a) goes to the (i + a)-th of the compatible
/// silos in address order, so the units of a run are spread evenly over the silos and a retried unit goes to another
/// silo. Orleans still does the placement, the directory and the messaging; this only picks among the silos it offers.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SpreadPlacement : PlacementStrategy
{
    public static readonly SpreadPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute() : PlacementAttribute(SpreadPlacement.Instance);

public sealed class SpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        if (silos.Length == 0) throw new OrleansException("no silo can host the work-unit grain");
        return Task.FromResult(silos[(int)(Slot(target.GrainIdentity.Key.ToString()) % (ulong)silos.Length)]);
    }

    /// <summary>unit + attempt from a key <c>run/unit/attempt</c> (0 for another key).</summary>
    internal static ulong Slot(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && ulong.TryParse(parts[1], out var unit) && ulong.TryParse(parts[2], out var attempt) ? unit + attempt : 0;
    }
}

/// <summary>The silo's own lines on its standard output (ready, each unit started and done).</summary>
public sealed class SiloLog(TextWriter output)
{
    public void Write(string line)
    {
        lock (this)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
