namespace Cohesion.Statistics.Imputation;

/// <summary>
/// The random stream of one imputation chain: xoshiro256** seeded by SplitMix64 from (seed, chain), with uniform,
/// index, standard normal (Marsaglia's polar method) and χ² (Marsaglia–Tsang gamma) draws written out here, so the
/// same seed gives the same numbers on every platform and library version.
/// </summary>
internal sealed class ImputationRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spare;

    public ImputationRandom(int seed, int chain)
    {
        // (seed, chain) packed into 64 distinct bits, then spread by SplitMix64
        ulong x = ((ulong)(uint)seed << 32) | (uint)chain;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = unchecked(x += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private ulong Next()
    {
        ulong result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Index(int n) => (int)(Uniform() * n);

    public double Normal()
    {
        if (_spare is { } s) { _spare = null; return s; }
        double u, v, q;
        do
        {
            u = 2 * Uniform() - 1;
            v = 2 * Uniform() - 1;
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        double f = Math.Sqrt(-2 * Math.Log(q) / q);
        _spare = v * f;
        return u * f;
    }

    /// <summary>χ² with <paramref name="df"/> degrees of freedom: 2 · Gamma(df/2).</summary>
    public double ChiSquare(double df) => 2 * Gamma(df / 2);

    private double Gamma(double shape)
    {
        if (shape < 1) return Gamma(shape + 1) * Math.Pow(Uniform(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = Normal(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = Uniform();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
