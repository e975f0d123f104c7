using Cohesion.Neighbourhoods;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The synthetic national panel: shape, determinism and the built-in correlations.</summary>
public class SyntheticPanelTests
{
    internal static readonly Lazy<DataFrame> Panel = new(() => SyntheticBuurtPanel.Generate());

    [Fact]
    public void ShapeMatchesTheNationalStudy()
    {
        var f = Panel.Value;
        var buurten = f["buurt"].Format(0);
        int nb = ((CategoricalColumn)f["buurt"]).Codes.Distinct().Count();
        int ng = ((CategoricalColumn)f["gemeente"]).Codes.Distinct().Count();
        Assert.InRange(nb, 10_500, 12_000);
        Assert.InRange(ng, 350, 410);
        var years = f.Numeric("year").Values;
        Assert.Equal(2012, years.Min());
        Assert.Equal(2020, years.Max());
        Assert.Equal(nb * 9, f.RowCount); // balanced
        Assert.True(f.Numeric("population").Values.Min() >= 1);
        Assert.StartsWith("BU", buurten);
    }

    [Fact]
    public void DiversityIsTheFractionalisationOfTheOriginCounts()
    {
        var f = Panel.Value;
        var g = KwbKeyFigures.OriginGroups.Select(c => f.Numeric(c).Values).ToArray();
        for (int r = 0; r < f.RowCount; r += 997)
        {
            var counts = g.Select(c => c[r]).ToArray();
            Approx.Equal(DiversityIndex.Fractionalisation(counts), f.Numeric("diversity").Values[r], 1e-14);
            Approx.Equal(counts.Sum(), f.Numeric("population").Values[r], 1e-14);
        }
    }

    [Fact]
    public void SameSeedSameDataOtherSeedOtherData()
    {
        var topo = Cohesion.Maps.Topology.Load(SyntheticBuurtPanel.BoundaryFile);
        var a = SyntheticBuurtPanel.Generate(7, buurten: topo);
        var b = SyntheticBuurtPanel.Generate(7, buurten: topo);
        var c = SyntheticBuurtPanel.Generate(8, buurten: topo);
        Assert.Equal(a.RowCount, b.RowCount);
        foreach (var name in new[] { "cohesion", "diversity", "income", "turnover" })
            Assert.Equal(a.Numeric(name).Values, b.Numeric(name).Values);
        Assert.NotEqual(a.Numeric("cohesion").Values.Take(100), c.Numeric("cohesion").Values.Take(100));
    }

    [Fact]
    public void DiverseBuurtenArePoorerRentMoreAndHaveLowerCohesion()
    {
        var f = Panel.Value;
        var div = f.Numeric("diversity").Values;
        Assert.True(Correlation(div, f.Numeric("cohesion").Values) < -0.3);
        Assert.True(Correlation(div, f.Numeric("low_income").Values) > 0.3);
        Assert.True(Correlation(div, f.Numeric("rental_share").Values) > 0.3);
        Assert.True(Correlation(div, f.Numeric("neglect").Values) > 0.3);
        Assert.True(Correlation(div, f.Numeric("turnover").Values) > 0.3);
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
