namespace Cohesion.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose stream is fixed by this code (not by
/// the runtime's <see cref="Random"/>), so the synthetic survey is byte-identical on every platform and version.
/// Independent streams per purpose come from <see cref="Fork"/>.
/// </summary>
public sealed class SurveyRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SurveyRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for a named purpose (same seed + same name → same stream).</summary>
    public static SurveyRandom Fork(ulong seed, string purpose)
    {
        ulong h = 1469598103934665603UL; // FNV-1a of the purpose
        foreach (char c in purpose) { h ^= c; h *= 1099511628211UL; }
        return new SurveyRandom(seed ^ h);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in the open interval (0, 1).</summary>
    public double NextDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);

    /// <summary>Standard normal (Box–Muller, one value per call: deterministic and stateless beyond the stream).</summary>
    public double Normal()
    {
        double u1 = NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Standard logistic (inverse CDF).</summary>
    public double Logistic()
    {
        double u = NextDouble();
        return Math.Log(u / (1.0 - u));
    }

    /// <summary>An index drawn with probabilities proportional to <paramref name="weights"/>.</summary>
    public int Choose(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double u = NextDouble() * total, acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc) return i;
        }
        return weights.Length - 1;
    }
}
