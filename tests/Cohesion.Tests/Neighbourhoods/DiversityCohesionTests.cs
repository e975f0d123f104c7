using Cohesion.Neighbourhoods;
using Cohesion.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The built-in analysis recovers the synthetic panel's true effects and shows the diversity coefficient
/// shrinking as controls are added.</summary>
public class DiversityCohesionTests(ITestOutputHelper output)
{
    internal static readonly Lazy<DiversityCohesionResult> BuiltIn = new(() => DiversityCohesionAnalysis.RunBuiltIn(panel: SyntheticPanelTests.Panel.Value));

    [Fact]
    public void FixedEffectsRecoverTheTrueEffects()
    {
        var r = BuiltIn.Value;
        var fe = r.Regressions[1].Result;
        foreach (var (term, truth) in r.Truth!)
        {
            var c = fe[term];
            output.WriteLine($"{term}: {c.Estimate:F4} ± {c.StdError:F4} (truth {truth})");
            Assert.True(Math.Abs(c.Estimate - truth) < 4 * c.StdError, $"{term}: estimate {c.Estimate} is more than 4 SE ({c.StdError}) from the truth {truth}");
            Assert.True(c.CiLower < c.Estimate && c.Estimate < c.CiUpper);
        }
        Assert.Equal("buurt", fe.ClusterColumn);
        Assert.InRange(fe.Clusters!.Value, 10_500, 12_000);
        // pooled OLS is biased (the buurt intercepts correlate with deprivation, hence with income): the truth is
        // far outside its CI
        var pooled = r.Regressions[0].Result["income"];
        Assert.True(pooled.Estimate > r.Truth!["income"] + 8 * pooled.StdError, $"pooled income {pooled.Estimate} ± {pooled.StdError}");
    }

    [Fact]
    public void DiversityCoefficientShrinksAsControlsAreAdded()
    {
        var r = BuiltIn.Value;
        Assert.Equal(5, r.Steps.Count);
        Assert.Equal("(none)", r.Steps[0].Added);
        Assert.True(r.Steps[0].Estimate < 2 * r.Steps[^1].Estimate, "without controls the diversity coefficient should be far more negative");
        Assert.True(Math.Abs(r.Steps[^1].Estimate) < Math.Abs(r.Steps[0].Estimate));
        Assert.True(r.Steps.Select(s => s.N).Distinct().Count() == 1, "every step uses the same observations");
        // Gelbach: base − full = Σ contributions; every group explains part of the negative association
        var g = r.Gelbach;
        Approx.Equal(r.Steps[0].Estimate, g.BaseEstimate, 1e-9);
        Approx.Equal(r.Steps[^1].Estimate, g.FullEstimate, 1e-9);
        Approx.Equal(g.BaseEstimate - g.FullEstimate, g.TotalChange, 1e-9);
        Approx.Equal(g.TotalChange, g.Groups.Sum(x => x.Contribution), 1e-9);
        Assert.Equal(["ses", "housing", "neglect", "turnover"], g.Groups.Select(x => x.Name));
        Assert.All(g.Groups, x => Assert.True(x.Contribution < 0 && x.StdError > 0, $"{x.Name}: {x.Contribution}"));
        Assert.NotNull(r.GelbachPooled);
        Assert.True(r.GelbachPooled!.TotalChange < g.TotalChange, "between-buurt confounding is larger than within");
    }

    [Fact]
    public void MixedModelHasBuurtAndGemeenteVariances()
    {
        var r = BuiltIn.Value;
        Assert.NotNull(r.Mixed);
        var m = r.Mixed!;
        var groups = m.Random.Select(v => v.Group).ToList();
        Assert.Contains("buurt:gemeente", groups);
        Assert.Contains("gemeente", groups);
        // the residual SD of the generating model is 0.25
        Assert.InRange(m.ResidualSd, 0.23, 0.27);
        var div = m.Fixed.Single(f => f.Term == "diversity");
        Assert.True(div.Estimate < 0);
    }
}
