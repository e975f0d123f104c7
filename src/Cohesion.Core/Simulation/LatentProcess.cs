using System.Runtime.CompilerServices;

namespace Cohesion.Simulation;

/// <summary>
/// The persistent latent propensity behind each indicator of each person.
/// <para>
/// Every person carries, per indicator k, a latent <c>U_k</c> that is uniform on [0, 1) (stored with 16 bits).
/// The person shows the indicator in year t when <c>U_k &lt; p_k(cell, t)</c>, the propensity of the person's
/// current group (sex, age, education, origin) in year t under the scenario. Because <c>U_k</c> is uniform and
/// independent of the person's demographic history, the probability of the indicator equals the group propensity
/// exactly, so the expectation of the microsimulation equals the reweighting projection.
/// </para>
/// <para>
/// Persistence: each year a block of latents (by default one block per dimension: a person's stance towards
/// institutions, say, shifts as a whole) is kept with probability ρ (<see cref="Persistence"/>) and redrawn from the
/// uniform with probability 1 − ρ. This is a stationary Markov process with uniform margins whose year-to-year
/// correlation is ρ and lag-h correlation ρ^h — the autocorrelation of an AR(1) process — so a person's answers
/// persist: a person above the threshold stays there until the latent is renewed or the group propensity moves past
/// it (ageing, education, societal change). With ρ = 0.8 the indicator agrees with the previous year's in
/// ρ + (1 − ρ)(p² + (1 − p)²) of cases (0.91 for p = 0.66), in line with the year-to-year stability of yes/no
/// attitude items in Dutch panels (LISS). ρ is applied as a 16-bit probability (0.8 → 1 − 13107/65536).
/// </para>
/// <para>Latents are independent across blocks and, within a block, independent but renewed together; dimension
/// shares are means of indicator shares, so their expectation is unaffected by either choice.</para>
/// </summary>
public sealed class LatentProcess
{
    public const double DefaultPersistence = 0.8;
    /// <summary>The latent scale: thresholds and latents are integers in [0, 65536).</summary>
    public const int Resolution = 65536;

    private readonly byte[] _skip = new byte[Resolution];

    public LatentProcess(double persistence = DefaultPersistence)
    {
        if (!(persistence >= 0 && persistence <= 1)) throw new ArgumentOutOfRangeException(nameof(persistence), "persistence must be in [0, 1]");
        Persistence = persistence;
        // skip[u] = number of indicators kept before the next renewal: P(skip ≥ j) = ρ^j.
        double logRho = Math.Log(persistence);
        for (int u = 0; u < Resolution; u++)
        {
            double v = (u + 0.5) / Resolution;
            double s = persistence <= 0 ? 0 : persistence >= 1 ? 255 : Math.Floor(Math.Log(v) / logRho);
            _skip[u] = (byte)Math.Min(255, s);
        }
    }

    public double Persistence { get; }

    /// <summary>Indicators to skip before the next renewal, from 16 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Skip(uint bits16) => _skip[bits16];

    /// <summary>The integer threshold for a propensity p: the person shows the indicator when latent &lt; threshold,
    /// with probability threshold/65536 (within 1/131072 of p; at most 65535).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Threshold(double p)
    {
        if (!(p > 0)) return 0;
        double t = Math.Round(p * Resolution);
        return t >= Resolution - 1 ? (ushort)(Resolution - 1) : (ushort)t;
    }

    /// <summary>Renews the latents of one person for a new year, one indicator at a time (geometric skipping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Renew(Span<ushort> latents, ref RngStream rng)
    {
        ulong bits = rng.Next();
        int left = 4;
        int k = Skip((uint)(bits & 0xFFFF));
        bits >>= 16; left--;
        while (k < latents.Length)
        {
            if (left < 2) { bits = rng.Next(); left = 4; }
            latents[k] = (ushort)(bits & 0xFFFF);
            k += 1 + Skip((uint)((bits >> 16) & 0xFFFF));
            bits >>= 32; left -= 2;
        }
    }

    /// <summary>Probability of renewal 1 − ρ on the 16-bit scale.</summary>
    public uint RenewThreshold => (uint)Math.Round((1 - Persistence) * Resolution);

    /// <summary>Renews consecutive blocks of latents (block b covers [starts[b], starts[b+1])): each block is redrawn
    /// with probability 1 − ρ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RenewBlocks(Span<ushort> latents, ReadOnlySpan<int> starts, uint renewThreshold, ref RngStream rng)
    {
        ulong bits = rng.Next();
        int left = 4;
        for (int b = 0; b + 1 < starts.Length; b++)
        {
            if (left == 0) { bits = rng.Next(); left = 4; }
            bool renew = (uint)(bits & 0xFFFF) < renewThreshold;
            bits >>= 16; left--;
            if (renew) Draw(latents[starts[b]..starts[b + 1]], ref rng);
        }
    }

    /// <summary>Fresh latents (a newborn, an immigrant, the base population): 64 random bits per four latents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Draw(Span<ushort> latents, ref RngStream rng)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(latents);
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8) Unsafe.WriteUnaligned(ref bytes[i], rng.Next());
        if (i < bytes.Length)
        {
            ulong v = rng.Next();
            for (; i < bytes.Length; i++, v >>= 8) bytes[i] = (byte)v;
        }
    }
}
