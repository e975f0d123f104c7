using System.Runtime.CompilerServices;

namespace Cohesion.Simulation;

/// <summary>
/// Counter-based random numbers: every random quantity of the microsimulation is a pure function of
/// (seed, replication, stream, year, person id), so results do not depend on the number of threads, the order in
/// which chunks are processed or how the population is laid out in memory. <see cref="Key"/> hashes the counters
/// with two rounds of the SplitMix64/Murmur3 finaliser; <see cref="Stream"/> then yields a short sequence of
/// 64-bit values from that key (wyrand: one 64×64→128 multiply per value), enough for one person-year.
/// </summary>
public static class CounterRng
{
    /// <summary>Named streams keep the draws for different purposes independent.</summary>
    public const ulong PersonYear = 1, Birth = 2, Immigrant = 3, BasePopulation = 4, Coefficients = 5, NewbornLatent = 6;
    /// <summary>Streams of the stochastic demography's latent TFR, e0 and migration processes (one per trajectory).</summary>
    public const ulong DemographyFertility = 7, DemographyMortality = 8, DemographyMigration = 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>A key for (seed, replication, stream): fixed for a whole run.</summary>
    public static ulong RunKey(ulong seed, int replication, ulong stream) =>
        Mix(Mix(seed ^ 0x6A09E667F3BCC909UL) + (ulong)replication * 0x9E3779B97F4A7C15UL + stream * 0xD1B54A32D192ED03UL);

    /// <summary>A key for one (run key, year, id) counter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(ulong runKey, int year, ulong id) =>
        Mix(Mix(runKey ^ (id * 0x9E3779B97F4A7C15UL)) + (ulong)(uint)year * 0xC2B2AE3D27D4EB4FUL);

    /// <summary>A person's key in one year from the year's key (<see cref="Key"/>(run key, year, 0)): one mixing round
    /// of a distinct input per id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PersonKey(ulong yearKey, uint id) => Mix(yearKey ^ ((ulong)id * 0x9E3779B97F4A7C15UL));

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform in [0,1) with 32-bit resolution (for event probabilities).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform32(uint bits) => bits * (1.0 / 4294967296.0);
}

/// <summary>A small sequential generator started from a counter key (wyrand). A value type: no allocation.</summary>
public struct RngStream
{
    private ulong _state;

    public RngStream(ulong key) => _state = key;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
    {
        _state += 0xA0761D6478BD642FUL;
        ulong hi = Math.BigMul(_state, _state ^ 0xE7037ED1A0B428DBUL, out ulong lo);
        return hi ^ lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => CounterRng.Uniform(Next());
}
