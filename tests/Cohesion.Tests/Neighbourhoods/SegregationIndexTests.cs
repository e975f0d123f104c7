using Cohesion.Statistics.Segregation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>Indices against hand-computed values and their defining identities.</summary>
public class SegregationIndexTests
{
    // two units, two groups: (8, 2) and (2, 8)
    private static readonly double[] Mirror = [8, 2, 2, 8];

    [Fact]
    public void UnitIndicesMatchHandComputation()
    {
        Approx.Equal(1 - (0.64 + 0.04), DiversityIndex.Fractionalisation([8, 2]), 1e-14);
        double e = -(0.8 * Math.Log(0.8) + 0.2 * Math.Log(0.2));
        Approx.Equal(e, DiversityIndex.Entropy([8, 2]), 1e-14);
        Approx.Equal(e / Math.Log(2), DiversityIndex.NormalisedEntropy([8, 2]), 1e-14);
        Approx.Equal(0.75, DiversityIndex.Fractionalisation([1, 1, 1, 1]), 1e-14);
        Approx.Equal(1.0, DiversityIndex.NormalisedEntropy([5, 5, 5]), 1e-14);
        Assert.Equal(0.0, DiversityIndex.Entropy([0, 7, 0]));
        Assert.Equal(0.0, DiversityIndex.Fractionalisation([0, 7, 0]));
        Assert.True(double.IsNaN(DiversityIndex.Fractionalisation([0, 0])));
        Assert.True(double.IsNaN(DiversityIndex.Entropy([0, 0])));
    }

    [Fact]
    public void ParentIndicesMatchHandComputation()
    {
        Approx.Equal(0.6, SegregationIndex.Dissimilarity(Mirror, 2, 0), 1e-14);
        Approx.Equal(0.6, SegregationIndex.Dissimilarity(Mirror, 2, 1), 1e-14);
        double e = -(0.8 * Math.Log(0.8) + 0.2 * Math.Log(0.2));
        Approx.Equal(1 - e / Math.Log(2), SegregationIndex.TheilH(Mirror, 2), 1e-14);
        Approx.Equal(0.8 * 0.8 + 0.2 * 0.2, SegregationIndex.Isolation(Mirror, 2, 0), 1e-14);
        Approx.Equal(0.8 * 0.2 + 0.2 * 0.8, SegregationIndex.Exposure(Mirror, 2, 0, 1), 1e-14);
    }

    [Fact]
    public void CompleteSegregationAndEvenness()
    {
        double[] apart = [10, 0, 0, 0, 5, 0, 0, 0, 3];
        Approx.Equal(1.0, SegregationIndex.TheilH(apart, 3), 1e-14);
        Approx.Equal(1.0, SegregationIndex.Dissimilarity(apart, 3, 0), 1e-14);
        Approx.Equal(1.0, SegregationIndex.Isolation(apart, 3, 1), 1e-14);
        Assert.Equal(0.0, SegregationIndex.Exposure(apart, 3, 0, 2));
        double[] even = [10, 20, 30, 1, 2, 3, 5, 10, 15];
        Assert.True(Math.Abs(SegregationIndex.TheilH(even, 3)) < 1e-14);
        Assert.True(Math.Abs(SegregationIndex.Dissimilarity(even, 3, 2)) < 1e-14);
        // with identical compositions, isolation = the group's overall share
        Approx.Equal(0.5, SegregationIndex.Isolation(even, 3, 2), 1e-14);
        Assert.True(double.IsNaN(SegregationIndex.TheilH([4, 0, 6, 0], 2)));    // one group only
        Assert.True(double.IsNaN(SegregationIndex.Dissimilarity([0, 4, 0, 6], 2, 0)));
    }

    [Fact]
    public void ExposureRowsSumToOneAndMatchPairwiseKernel()
    {
        var rng = new Random(7);
        int n = 40, k = 5;
        var counts = new double[n * k];
        for (int i = 0; i < counts.Length; i++) counts[i] = rng.Next(0, 50) * (rng.NextDouble() < 0.2 ? 0 : 1);
        var m = new double[k * k];
        SegregationIndex.ExposureMatrix(counts, k, m);
        for (int a = 0; a < k; a++)
        {
            double s = 0;
            for (int b = 0; b < k; b++)
            {
                s += m[a * k + b];
                Approx.Equal(SegregationIndex.Exposure(counts, k, a, b), m[a * k + b], 1e-12);
            }
            Approx.Equal(1.0, s, 1e-12);
            // A·P(a→b) = B·P(b→a)
            double ta = 0, tb = 0;
            for (int i = 0; i < n; i++) { ta += counts[i * k + a]; tb += counts[i * k + (a + 1) % k]; }
            Approx.Equal(ta * m[a * k + (a + 1) % k], tb * m[((a + 1) % k) * k + a], 1e-12);
        }
    }

    [Fact]
    public void AnalysisExcludesZeroTotalUnitsWithANote()
    {
        var table = new CompositionTable(["u1", "u2", "u3"], ["a", "b"], [8, 2, 0, 0, 2, 8], [0, 0, 0], ["all"]);
        var r = DiversityAnalysis.Compute(table);
        Assert.Equal(["u1", "u3"], r.Units.Unit);
        Assert.Contains(r.Notes, n => n.Contains("zero total") && n.Contains("u2"));
        Approx.Equal(0.6, r.Parents[0].Dissimilarity, 1e-14);
        Assert.Equal(2, r.Parents[0].UnitCount);
    }
}
