using Cohesion.Statistics.Decomposition;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

public class KitagawaDecompositionTests
{
    // Two groups: shares 0.6/0.4 → 0.5/0.5, rates 0.4/0.8 → 0.5/0.85.
    private static readonly double[] C0 = [60, 40], R0 = [0.4, 0.8], C1 = [100, 100], R1 = [0.5, 0.85];

    [Fact]
    public void ThreeWayMatchesHandComputation()
    {
        var d = KitagawaDecomposition.ThreeWay(C0, R0, C1, R1);
        Approx.Equal(0.6 * 0.4 + 0.4 * 0.8, d.Start, 1e-15, "start");          // 0.56
        Approx.Equal(0.5 * 0.5 + 0.5 * 0.85, d.End, 1e-15, "end");             // 0.675
        Approx.Equal(-0.1 * 0.4 + 0.1 * 0.8, d.Composition, 1e-14, "composition"); // 0.04
        Approx.Equal(0.6 * 0.1 + 0.4 * 0.05, d.Within, 1e-14, "within");        // 0.08
        Approx.Equal(-0.1 * 0.1 + 0.1 * 0.05, d.Interaction, 1e-13, "interaction"); // -0.005
        Approx.Equal(0.115, d.TotalChange, 1e-14, "total");
    }

    [Fact]
    public void SymmetricSharesTheInteraction()
    {
        var t = KitagawaDecomposition.ThreeWay(C0, R0, C1, R1);
        var s = KitagawaDecomposition.Symmetric(C0, R0, C1, R1);
        Assert.Equal(0, s.Interaction);
        Approx.Equal(t.Composition + t.Interaction / 2, s.Composition, 1e-13, "composition");
        Approx.Equal(t.Within + t.Interaction / 2, s.Within, 1e-13, "within");
    }

    [Fact]
    public void PartsAddUpToTheTotalForRandomInputs()
    {
        var rng = new Random(7);
        for (int rep = 0; rep < 200; rep++)
        {
            int k = rng.Next(1, 300);
            var c0 = new double[k]; var c1 = new double[k]; var r0 = new double[k]; var r1 = new double[k];
            for (int g = 0; g < k; g++)
            {
                c0[g] = rng.NextDouble() * 1e6; c1[g] = rng.NextDouble() * 1e6; r0[g] = rng.NextDouble(); r1[g] = rng.NextDouble();
            }
            var d = KitagawaDecomposition.ThreeWay(c0, r0, c1, r1);
            Assert.Equal(d.TotalChange, d.Composition + d.Within + d.Interaction); // exactly, in floating point
            Assert.True(Math.Abs(d.End - d.Start - d.TotalChange) < 1e-15, $"end − start differs by {d.End - d.Start - d.TotalChange}");
            var s = KitagawaDecomposition.Symmetric(c0, r0, c1, r1);
            Assert.Equal(s.TotalChange, s.Composition + s.Within + s.Interaction);
            Assert.True(Math.Abs(s.End - s.Start - s.TotalChange) < 1e-15);
        }
    }

    [Fact]
    public void NoCompositionChangeMeansNoCompositionEffect()
    {
        var d = KitagawaDecomposition.ThreeWay([1, 2, 3], [0.1, 0.2, 0.3], [2, 4, 6], [0.3, 0.2, 0.1]);
        Assert.True(Math.Abs(d.Composition) < 1e-16 && Math.Abs(d.Interaction) < 1e-16);
        Approx.Equal(d.TotalChange, d.Within, 1e-14, "within = total");
    }

    [Fact]
    public void NegativeCountIsAnError() =>
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => KitagawaDecomposition.ThreeWay([1, -1], [0.1, 0.2], [1, 1], [0.1, 0.2]));
}
