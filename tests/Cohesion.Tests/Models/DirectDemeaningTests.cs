using Cohesion.Statistics.Regression;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>Two absorbed factors with a small one are absorbed exactly (a direct solve); the result is the projection
/// the alternating projections converge to, for balanced, unbalanced, weighted and disconnected structures and
/// whichever factor is listed first.</summary>
public class DirectDemeaningTests
{
    private static (int[][] Codes, int[] Levels, double[] V, double[] W) Panel(int seed, int g, int t, double keep, bool disconnected)
    {
        var rng = new Random(seed);
        var a = new List<int>(); var b = new List<int>(); var v = new List<double>(); var w = new List<double>();
        var unitEffect = Enumerable.Range(0, g).Select(_ => rng.NextDouble() * 4).ToArray();
        var timeEffect = Enumerable.Range(0, t).Select(_ => rng.NextDouble() * 2).ToArray();
        for (int i = 0; i < g; i++)
            for (int s = 0; s < t; s++)
            {
                // disconnected: the first half of the units meets only the first half of the periods, the rest the rest
                if (disconnected && (i < g / 2) != (s < t / 2)) continue;
                if (rng.NextDouble() > keep) continue;
                int reps = rng.Next(1, 3);
                for (int r = 0; r < reps; r++)
                {
                    a.Add(i); b.Add(s);
                    v.Add(unitEffect[i] + timeEffect[s] + rng.NextDouble() - 0.5 + 0.01 * i);
                    w.Add(0.5 + rng.NextDouble());
                }
            }
        var ca = a.ToArray(); var cb = b.ToArray();
        int la = FixedEffectsDemeaner.Densify(ca), lb = FixedEffectsDemeaner.Densify(cb);
        return ([ca, cb], [la, lb], v.ToArray(), w.ToArray());
    }

    [Theory]
    [InlineData(1, 300, 8, 1.0, false, false)]
    [InlineData(2, 300, 8, 0.7, false, false)]
    [InlineData(3, 200, 12, 0.6, false, true)]
    [InlineData(4, 200, 10, 0.8, true, false)]
    [InlineData(5, 150, 10, 0.7, true, true)]
    public void DirectSolveEqualsTheConvergedProjections(int seed, int g, int t, double keep, bool disconnected, bool weighted)
    {
        var (codes, levels, v, w) = Panel(seed, g, t, keep, disconnected);
        foreach (var order in new[] { false, true })
        {
            var c = order ? new[] { codes[1], codes[0] } : codes;
            var l = order ? new[] { levels[1], levels[0] } : levels;
            var weights = weighted ? w : null;
            var direct = (double[])v.Clone();
            var iterated = (double[])v.Clone();
            var dDirect = new FixedEffectsDemeaner(c, l, weights);
            dDirect.Demean([direct]);
            Assert.Equal(1, dDirect.LastIterations);
            var dIter = new FixedEffectsDemeaner(c, l, weights) { DirectLimit = 0, Tolerance = 1e-15, MaxIterations = 100_000 };
            dIter.Demean([iterated]);
            Assert.True(dIter.LastIterations > 1);
            for (int i = 0; i < v.Length; i++) Assert.Equal(iterated[i], direct[i], 1e-10);
            // the residual is orthogonal to every level of both factors (weighted)
            for (int h = 0; h < 2; h++)
            {
                var sums = new double[l[h]];
                for (int i = 0; i < v.Length; i++) sums[c[h][i]] += (weights?[i] ?? 1) * direct[i];
                foreach (var s in sums) Assert.True(Math.Abs(s) < 1e-9, $"factor {h}: level sum {s}");
            }
        }
    }

    [Fact]
    public void TwoLargeFactorsStillIterate()
    {
        var (codes, levels, v, _) = Panel(9, 60, 40, 0.8, false);
        var d = new FixedEffectsDemeaner(codes, levels) { DirectLimit = 20 };
        d.Demean([v]);
        Assert.True(d.LastIterations > 1);
    }
}
