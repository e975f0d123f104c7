using Cohesion.Demography;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Demography;

/// <summary>Reproduce the UN: from the WPP 2024 base of 1 July 2020 with WPP's own mortality, fertility and net migration,
/// the engine lands within 0.5% of WPP's 2050 total and within 3% in every 5-year age-sex group (real data).</summary>
public class WppReproductionTests(ITestOutputHelper output)
{
    [Fact]
    public void ReproducesTheWpp2050MediumProjection()
    {
        var wpp = TestEngine.Engine.Wpp;
        var proj = WppReproduction.Run(wpp, TestEngine.Midden2020, 2050);
        var pop = proj.PopulationAt(2050);
        var sa = PopulationProjection.BySexAge(pop);
        double total = 0, wppTotal = 0, worst = 0;
        var failures = new List<string>();
        for (int s = 0; s < 2; s++)
        {
            var target = wpp.Population5(2050, s);
            for (int g = 0; g < 21; g++)
            {
                double mine = 0;
                for (int a = g * 5; a < Math.Min(g * 5 + 5, 101); a++) mine += sa[PopulationIndex.SexAge(s, a)];
                if (g == 20) mine = sa[PopulationIndex.SexAge(s, 100)];
                double rel = (mine - target[g]) / target[g];
                output.WriteLine($"{PopulationIndex.SexNames[s]} {g * 5,3}: {mine,12:N0} vs WPP {target[g],12:N0}  {100 * rel,7:F2}%");
                worst = Math.Max(worst, Math.Abs(rel));
                if (Math.Abs(rel) >= 0.03) failures.Add($"{PopulationIndex.SexNames[s]} group {g * 5}: {100 * rel:F2}% from WPP");
                total += mine; wppTotal += target[g];
            }
        }
        output.WriteLine($"total {total:N0} vs WPP {wppTotal:N0} ({100 * (total / wppTotal - 1):F3}%), worst group {100 * worst:F2}%");
        Assert.Empty(failures);
        Assert.True(Math.Abs(total / wppTotal - 1) < 0.005);
        Assert.Equal(18_958_500, wppTotal, 0.1 * 1000); // SOURCE.md: 2050 = 18,958.5k
    }
}

/// <summary>One engine shared by the demography tests (loading WPP takes a moment).</summary>
public static class TestEngine
{
    private static readonly Lazy<ProjectionEngine> _engine = new(ProjectionEngine.CreateDefault);
    public static ProjectionEngine Engine => _engine.Value;
    public static Scenario Midden2020 => ScenarioCatalog.Load("midden", 2020);
}
