using BenchmarkDotNet.Attributes;
using Cohesion.Statistics.Meta;

namespace Cohesion.Bench.Meta;

/// <summary>
/// The issue-3 targets: a 10,000-permutation moderator test at k = 100 (metafor's permutest: ≥ 50× faster) and a
/// three-level REML fit at k = 10,000 in 1,000 studies (&lt; 1 s). Data drawn in-process with the model of
/// bench/scripts/meta/make_data.R (same design, own random numbers); the whole-process comparison with metafor on
/// identical files is bench/scripts/meta/compare.sh.
/// </summary>
[MemoryDiagnoser]
public class MetaBenchmarks
{
    private double[] _y = [], _v = [], _x = [];
    private MetaUniFit _fit = null!;
    private double[] _my = [], _mv = [], _mx = [];
    private int[][] _groups = [];

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20240601);
        int k = 100, p = 3;
        _y = new double[k]; _v = new double[k]; _x = new double[k * p];
        for (int i = 0; i < k; i++)
        {
            double x1 = Gauss(rng), g = rng.Next(2);
            _v[i] = 0.01 + 0.09 * rng.NextDouble();
            _y[i] = 0.1 + 0.05 * x1 + 0.1 * g + Gauss(rng) * Math.Sqrt(0.02 + _v[i]);
            _x[i * p] = 1; _x[i * p + 1] = x1; _x[i * p + 2] = g;
        }
        _fit = MetaUni.Fit(_y, _v, _x, p, ["intrcpt", "x1", "gb"]);

        int studies = 1000, m = 10, n = studies * m;
        _my = new double[n]; _mv = new double[n]; _mx = new double[n * 2];
        _groups = [new int[n], new int[n]];
        for (int s = 0; s < studies; s++)
        {
            double u = 0.2 * Gauss(rng);
            for (int j = 0; j < m; j++)
            {
                int i = s * m + j;
                double x = Gauss(rng);
                _mv[i] = 0.005 + 0.045 * rng.NextDouble();
                _my[i] = 0.2 + 0.05 * x + u + 0.1 * Gauss(rng) + Math.Sqrt(_mv[i]) * Gauss(rng);
                _mx[i * 2] = 1; _mx[i * 2 + 1] = x;
                _groups[0][i] = s; _groups[1][i] = i;
            }
        }
    }

    [Benchmark(Description = "permutest k=100, 10,000 permutations (REML, 2 moderators)")]
    public double Permutation10000() => MetaDiagnostics.Permutest(_fit, 10_000, 1).P[1];

    [Benchmark(Description = "rma.mv REML k=10,000 in 1,000 studies (study/esid)")]
    public double ThreeLevel10000() => MetaMv.Fit(_my, _mv, _mx, 2, ["intrcpt", "x"], _groups, ["study", "study/esid"]).Sigma2[0];

    [Benchmark(Description = "rma REML k=100 with 2 moderators (one fit)")]
    public double SingleFit() => MetaUni.Fit(_y, _v, _x, 3, ["intrcpt", "x1", "gb"]).Tau2;
}
