using Cohesion.Statistics;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Identities and error rules that do not need R: domain decomposition, proportions, design validation,
/// bootstrap seeding, certainty strata.</summary>
public class SurveyInvariantTests
{
    private static (double[] Y, double[] W, int[] S, int[] C, int[] Dom) Synthetic(int n = 3000, int seed = 7)
    {
        var r = new Random(seed);
        var y = new double[n]; var w = new double[n]; var s = new int[n]; var c = new int[n]; var dom = new int[n];
        for (int i = 0; i < n; i++)
        {
            c[i] = r.Next(60); s[i] = c[i] / 6; dom[i] = r.Next(5);
            y[i] = r.Next(30) == 0 ? double.NaN : c[i] % 7 + r.NextDouble() * 3 + dom[i];
            w[i] = 1 + 9 * r.NextDouble();
        }
        return (y, w, s, c, dom);
    }

    [Fact]
    public void DomainTotalsAddUpAndEqualZeroedVariables()
    {
        var (y, w, s, c, dom) = Synthetic();
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Clusters = [c] });
        var byDom = SurveyEstimator.TotalBy(d, y, dom, 5);
        var all = SurveyEstimator.Total(d, y);
        Approx.Equal(all.Estimate, byDom.Sum(e => e.Estimate), 1e-12, "sum of domain totals");
        for (int k = 0; k < 5; k++)
        {
            // svyby semantics: a domain total is the total of y·1[domain] over the full design
            var zeroed = y.Select((v, i) => double.IsNaN(v) ? double.NaN : dom[i] == k ? v : 0).ToArray();
            var direct = SurveyEstimator.Total(d, zeroed);
            Approx.Equal(direct.Estimate, byDom[k].Estimate, 1e-12, "domain total");
            Approx.Equal(direct.StandardError, byDom[k].StandardError, 1e-10, "domain total se");
        }
    }

    [Fact]
    public void ProportionsSumToOneAndBinaryProportionsShareTheirSe()
    {
        var (_, w, s, c, dom) = Synthetic();
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Clusters = [c] });
        var p = SurveyEstimator.Proportions(d, dom, 5);
        Approx.Equal(1, p.Sum(e => e.Estimate), 1e-12);
        var binary = dom.Select(x => x < 2 ? 0 : 1).ToArray();
        var pb = SurveyEstimator.Proportions(d, binary, 2);
        Approx.Equal(pb[0].StandardError, pb[1].StandardError, 1e-10);
        // the proportion of a level equals the mean of its indicator
        var m = SurveyEstimator.Mean(d, binary.Select(x => (double)x).ToArray());
        Approx.Equal(m.Estimate, pb[1].Estimate, 1e-12);
        Approx.Equal(m.StandardError, pb[1].StandardError, 1e-10);
    }

    [Fact]
    public void BootstrapIsSeededAndAgreesWithTheJackknifeRoughly()
    {
        var (y, w, s, c, _) = Synthetic();
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Clusters = [c] });
        var b1 = SurveyEstimator.Mean(d.WithReplicates(ReplicateType.Bootstrap, 400, seed: 3), y);
        var b2 = SurveyEstimator.Mean(d.WithReplicates(ReplicateType.Bootstrap, 400, seed: 3), y);
        var b3 = SurveyEstimator.Mean(d.WithReplicates(ReplicateType.Bootstrap, 400, seed: 4), y);
        Assert.Equal(b1.StandardError, b2.StandardError);
        Assert.NotEqual(b1.StandardError, b3.StandardError);
        var taylor = SurveyEstimator.Mean(d, y);
        Assert.InRange(b1.StandardError / taylor.StandardError, 0.8, 1.25);
        Assert.Equal(taylor.Estimate, b1.Estimate);
        Assert.Equal(400, d.WithReplicates(ReplicateType.Bootstrap, 400).ReplicateCount);
    }

    [Fact]
    public void JackknifeOfATotalEqualsTaylorInAStratifiedDesign()
    {
        // JKn is exact for linear statistics: its variance of a total equals the Taylor (with-replacement) variance
        var (y, w, s, c, _) = Synthetic();
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Clusters = [c] });
        Approx.Equal(SurveyEstimator.Total(d, y).StandardError, SurveyEstimator.Total(d.WithReplicates(ReplicateType.JKn), y).StandardError, 1e-9);
    }

    [Fact]
    public void CertaintyStratumByFpcContributesNothing()
    {
        // stratum 0 has its whole population sampled (fpc = number of PSUs): dropping its rows from the variance
        // (zero influence) must not change the SE
        var w = new double[] { 1, 1, 2, 2, 3, 3, 3 };
        var s = new[] { 0, 0, 1, 1, 1, 2, 2 };
        var fpc = new double[] { 2, 2, 10, 10, 10, 8, 8 };
        var y = new double[] { 5, 9, 1, 2, 4, 7, 3 };
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Fpc = [fpc] });
        var t = SurveyEstimator.Total(d, y);
        var y2 = (double[])y.Clone(); y2[0] = 100; y2[1] = -50;
        Approx.Equal(t.StandardError, SurveyEstimator.Total(d, y2).StandardError, 1e-12, "certainty stratum");
        // hand computation of the other strata: f·n/(n−1)·Σ(t−t̄)²
        double v1 = (10 - 3) / 10.0 * 3 / 2.0 * (Sq(2 - 6) + Sq(4 - 6) + Sq(12 - 6)); // w·y = 2, 4, 12
        double v2 = (8 - 2) / 8.0 * 2 / 1.0 * (Sq(21 - 15) + Sq(9 - 15));
        Approx.Equal(Math.Sqrt(v1 + v2), t.StandardError, 1e-12, "hand-computed SE");
    }

    private static double Sq(double x) => x * x;

    [Fact]
    public void DesignValidation()
    {
        var w = new double[] { 1, 1, 1, 1 };
        // clusters repeating across strata need nesting
        var ex = Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = w, Strata = [0, 0, 1, 1], Clusters = [[1, 2, 1, 2]], ClusterNames = ["psu"] }));
        Assert.Equal("psu", ex.Column);
        Assert.Equal(3, ex.Row);
        Assert.Equal(4, SurveyDesign.Create(new() { Weights = w, Strata = [0, 0, 1, 1], Clusters = [[1, 2, 1, 2]], Nest = true }).PsuCount);
        // a single PSU
        Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = w, Clusters = [[5, 5, 5, 5]] }));
        // fpc: mixing population sizes and fractions, and more than 100% sampling
        Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = w, Fpc = [[0.5, 0.5, 10, 10]] }));
        var big = Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = w, Fpc = [[3, 3, 3, 3]], FpcNames = ["N"] }));
        Assert.Equal("N", big.Column);
        // weights
        Assert.Equal(2, Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = [1, -1, 1], WeightsName = "w" })).Row);
        Assert.Equal(3, Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = [1, 1, 0] })).Row);
        Assert.Equal(1, Assert.Throws<CohesionException>(() => SurveyDesign.Create(new() { Weights = [double.NaN, 1, 1] })).Row);
    }

    [Fact]
    public void SecondStageLonelyUnitFailsOnlyWhenItHasSamplingVariance()
    {
        var w = Enumerable.Repeat(1.0, 5).ToArray();
        var psu = new[] { 0, 0, 1, 1, 1 };
        var ssu = new[] { 0, 1, 0, 0, 0 }; // PSU 1 has a single second-stage unit
        var y = new double[] { 1, 2, 3, 4, 5 };
        var f1 = Enumerable.Repeat(10.0, 5).ToArray();
        var f2Sampled = new double[] { 5, 5, 4, 4, 4 };
        var lonely = SurveyDesign.Create(new() { Weights = w, Clusters = [psu, ssu], Fpc = [f1, f2Sampled] });
        var ex = Assert.Throws<CohesionException>(() => SurveyEstimator.Mean(lonely, y));
        Assert.Contains("stage 2", ex.Message);
        // with its only unit taken with certainty (N = 1) there is nothing to estimate at stage 2
        var certain = SurveyDesign.Create(new() { Weights = w, Clusters = [psu, ssu], Fpc = [f1, [5, 5, 1, 1, 1]] });
        Assert.True(double.IsFinite(SurveyEstimator.Mean(certain, y).StandardError));
        Assert.True(double.IsFinite(SurveyEstimator.Mean(lonely.WithLonelyPsu(LonelyPsu.Certainty), y).StandardError));
    }

    [Fact]
    public void EmptyDomainGivesNaNAndZeroN()
    {
        var (y, w, s, c, dom) = Synthetic();
        var d = SurveyDesign.Create(new() { Weights = w, Strata = s, Clusters = [c] });
        var r = SurveyEstimator.MeanBy(d, y, dom, 6); // domain 5 has no rows
        Assert.Equal(0, r[5].N);
        Assert.True(double.IsNaN(r[5].Estimate) && double.IsNaN(r[5].StandardError));
        Assert.All(r.Take(5), e => Assert.True(e.N > 0 && double.IsFinite(e.StandardError)));
        Assert.Equal(y.Count(v => !double.IsNaN(v)), r.Sum(e => e.N));
    }
}

public class BrrHadamardTests
{
    [Fact]
    public void MatchesRsHadamardForEveryTestedStratumCount()
    {
        var reference = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey", "hadamard_reference.json"))).RootElement;
        foreach (var p in reference.EnumerateObject())
        {
            int n = int.Parse(p.Name);
            var rows = p.Value.EnumerateArray().Select(r => r.GetString()!).ToArray();
            var h = BrrHadamard.For(n);
            Assert.True(rows.Length == h.GetLength(0), $"n={n}: R has {rows.Length} rows, got {h.GetLength(0)}");
            for (int i = 0; i < rows.Length; i++)
                Assert.Equal(rows[i], string.Concat(Enumerable.Range(0, h.GetLength(1)).Select(j => h[i, j])));
        }
    }
}
