using Cohesion.Statistics.Decomposition;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>The composition part split by factor (issue 16 item 2): exact, order-free Shapley values.</summary>
public class CompositionShapleyTests
{
    private static (double[] C0, double[] C1, double[] R) Random3(int seed, int[] sizes)
    {
        var rng = new Random(seed);
        int n = sizes.Aggregate(1, (a, b) => a * b);
        var c0 = new double[n]; var c1 = new double[n]; var r = new double[n];
        for (int i = 0; i < n; i++) { c0[i] = rng.NextDouble() * 100; c1[i] = rng.NextDouble() * 100; r[i] = rng.NextDouble(); }
        return (c0, c1, r);
    }

    [Fact]
    public void FactorsAddUpToTheKitagawaCompositionPart()
    {
        int[] sizes = [2, 5, 3, 3];
        for (int seed = 1; seed <= 50; seed++)
        {
            var (c0, c1, r) = Random3(seed, sizes);
            var phi = CompositionShapley.Split(sizes, c0, c1, r);
            var k = KitagawaDecomposition.ThreeWay(c0, r, c1, r);
            Approx.Equal(k.Composition, phi.Sum(), 1e-12, $"seed {seed}");
        }
    }

    [Fact]
    public void TwoFactorsEqualTheClosedFormShapleyValues()
    {
        // Cells (a, b) row-major, a ∈ {0,1}, b ∈ {0,1}. Counterfactuals by hand:
        // v(A): P1(a)·P0(b|a); v(B): P0(a)·P1(b|a); φ_A = ½[v(A) + v(AB) − v(B)], φ_B = ½[v(B) + v(AB) − v(A)].
        double[] c0 = [0.4, 0.2, 0.1, 0.3], c1 = [0.1, 0.1, 0.3, 0.5], r = [0.2, 0.5, 0.6, 0.9];
        double Y(double[] c) => c.Zip(r, (x, y) => x * y).Sum();
        double[] pa0 = [0.6, 0.4], pa1 = [0.2, 0.8];
        double[] pb0 = [0.4 / 0.6, 0.2 / 0.6, 0.1 / 0.4, 0.3 / 0.4], pb1 = [0.5, 0.5, 0.3 / 0.8, 0.5 / 0.8];
        double[] Mix(double[] pa, double[] pb) => [pa[0] * pb[0], pa[0] * pb[1], pa[1] * pb[2], pa[1] * pb[3]];
        double vA = Y(Mix(pa1, pb0)) - Y(c0), vB = Y(Mix(pa0, pb1)) - Y(c0), vAB = Y(c1) - Y(c0);
        var phi = CompositionShapley.Split([2, 2], c0, c1, r);
        Approx.Equal(0.5 * (vA + vAB - vB), phi[0], 1e-14, "A");
        Approx.Equal(0.5 * (vB + vAB - vA), phi[1], 1e-14, "B");
    }

    [Fact]
    public void OnlyEducationChangingIsAllEducation()
    {
        int[] sizes = [2, 5, 3, 3];
        var (c0, _, r) = Random3(3, sizes);
        // Period 1: same sex × age × origin distribution (scaled), education shifted towards high in every cell.
        var c1 = new double[c0.Length];
        for (int prefix = 0; prefix < c0.Length / 3; prefix++)
        {
            double total = c0[prefix * 3] + c0[prefix * 3 + 1] + c0[prefix * 3 + 2];
            c1[prefix * 3] = 2 * total * 0.1; c1[prefix * 3 + 1] = 2 * total * 0.3; c1[prefix * 3 + 2] = 2 * total * 0.6;
        }
        var phi = CompositionShapley.Split(sizes, c0, c1, r);
        var k = KitagawaDecomposition.ThreeWay(c0, r, c1, r);
        Assert.True(Math.Abs(k.Composition) > 1e-3);
        Approx.Equal(k.Composition, phi[3], 1e-12, "education");
        for (int f = 0; f < 3; f++) Assert.True(Math.Abs(phi[f]) < 1e-14, $"factor {f}: {phi[f]}");
    }

    [Fact]
    public void EmptyCellsInOnePeriodAreHandled()
    {
        int[] sizes = [2, 3];
        double[] c0 = [10, 0, 0, 5, 5, 0], c1 = [0, 0, 0, 4, 4, 8], r = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var phi = CompositionShapley.Split(sizes, c0, c1, r);
        Assert.All(phi, p => Assert.True(double.IsFinite(p)));
        Approx.Equal(KitagawaDecomposition.ThreeWay(c0, r, c1, r).Composition, phi.Sum(), 1e-14, "sum");
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CompositionShapley.Split([2, 2], [1, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]));
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => CompositionShapley.Split([2], [0, 0], [1, 1], [0.1, 0.2]));
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => CompositionShapley.Split([2], [1, 1], [1, 1], [double.NaN, 0.2]));
    }
}
