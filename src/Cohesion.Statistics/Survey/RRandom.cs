namespace Cohesion.Statistics.Survey;

/// <summary>
/// R's default random number generator, bit for bit: Mersenne-Twister seeded as <c>set.seed(seed)</c> does
/// (initial scrambling with the LCG 69069), <c>unif_rand</c>, and <c>R_unif_index</c> with R ≥ 3.6's
/// "Rejection" sampling. Used so that bootstrap replicate weights equal R's for the same seed.
/// </summary>
internal sealed class RRandom
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    private readonly uint[] _mt = new uint[N];
    private int _mti;

    public RRandom(int seed)
    {
        uint s = unchecked((uint)seed);
        for (int j = 0; j < 50; j++) s = unchecked(69069 * s + 1);
        for (int j = 0; j < N + 1; j++)
        {
            s = unchecked(69069 * s + 1);
            if (j > 0) _mt[j - 1] = s;
        }
        _mti = N; // FixupSeeds(initial): dummy[0] = mti = N
    }

    private double Genrand()
    {
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
            }
            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
            _mti = 0;
        }
        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y * 2.3283064365386963e-10;
    }

    /// <summary>R's <c>unif_rand()</c>: uniform on (0, 1).</summary>
    public double Uniform()
    {
        const double i2_32m1 = 2.328306437080797e-10;
        double v = Genrand();
        if (v <= 0) return 0.5 * i2_32m1;
        if (1 - v <= 0) return 1 - 0.5 * i2_32m1;
        return v;
    }

    private double RBits(int bits)
    {
        long v = 0;
        for (int n = 0; n <= bits; n += 16)
        {
            int v1 = (int)Math.Floor(Uniform() * 65536);
            v = 65536 * v + v1;
        }
        return v & ((1L << bits) - 1);
    }

    /// <summary>R's <c>R_unif_index(dn)</c>: a uniform integer in 0..dn-1 by rejection sampling.</summary>
    public int Index(int dn)
    {
        if (dn <= 0) return 0;
        int bits = (int)Math.Ceiling(Math.Log2(dn));
        double dv;
        do dv = RBits(bits); while (dn <= dv);
        return (int)dv;
    }

    /// <summary>R's <c>sample.int(n, size)</c> without replacement (0-based): a partial Fisher–Yates shuffle.</summary>
    public int[] SampleWithoutReplacement(int n, int size)
    {
        var x = new int[n];
        for (int i = 0; i < n; i++) x[i] = i;
        var y = new int[size];
        for (int i = 0; i < size; i++)
        {
            int j = Index(n);
            y[i] = x[j];
            x[j] = x[--n];
        }
        return y;
    }
}
