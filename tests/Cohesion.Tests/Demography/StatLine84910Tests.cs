using Cohesion.Demography;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>The CBS StatLine 84910NED loader on the real Amsterdam 2019 export and on broken copies.</summary>
public class StatLine84910Tests
{
    private static string Amsterdam => Paths.RealData("cbs-pop-migration-amsterdam-2019", "84910NED_Amsterdam_2019_sex_age_migration.csv");

    [Fact]
    public void LoadsAmsterdamAndMatchesThePublishedTotals()
    {
        var t = StatLine84910Loader.Load(Amsterdam);
        Assert.Equal("GM0363", t.Region);
        Assert.Equal(2019, t.Year);
        // SOURCE.md: total 862,965 = 392,850 Dutch + 470,115 with a migration background (161,884 Western + 308,231 non-Western)
        Assert.Equal(392_850, t.Total(StatLine84910Table.DutchBackground));
        Assert.Equal(470_115, t.Total(StatLine84910Table.MigrationBackground));
        Assert.Equal(161_884, t.Total("2012655"));
        Assert.Equal(308_231, t.Total("2012657"));
        var g = t.OriginGroups();
        Assert.Equal(392_850, g[0].Sum());
        Assert.Equal(44_080 + 76_751 + 64_629 + 24_625 + 12_183, g[1].Sum()); // Turkey, Morocco, Suriname, Indonesia, Caribbean
        Assert.Equal(116_066 - 76_751, g[2].Sum());                            // Africa excluding Morocco
        Assert.Equal(470_115 - g[1].Sum() - g[2].Sum(), g[3].Sum());
    }

    [Fact]
    public void BuildsASingleYearBaseThatKeepsTheTableTotals()
    {
        var t = StatLine84910Loader.Load(Amsterdam);
        var national = TestEngine.Engine.BasePopulationFor(TestEngine.Midden2020);
        var pop = StatLineBase.Build(t, national);
        Approx.Equal(862_965, YearFlows.Sum(pop), 1e-12, "total");
        var bo = PopulationProjection.ByOrigin(pop);
        Approx.Equal(392_850, bo[0], 1e-12, "dutch");
        var groups = t.OriginGroups();
        Approx.Equal(groups[1].Sum(), bo[PopulationIndex.G1Classic] + bo[PopulationIndex.G2Classic], 1e-12, "classic");
        // each sex × 5-year group × origin group is kept exactly by the graduation
        var sa = new double[2, 20];
        for (int i = 0; i < pop.Length; i++)
        {
            var (s, a, o, _) = PopulationIndex.Decompose(i);
            if (o == PopulationIndex.Dutch) sa[s, Math.Min(a / 5, 19)] += pop[i];
        }
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < 20; k++) Approx.Equal(groups[0][s * 20 + k], sa[s, k], 1e-10, $"dutch sex {s} group {k}");
        Assert.All(pop, v => Assert.True(v >= 0));
    }

    [Fact]
    public void CliProjectsAmsterdam()
    {
        var r = CliRunner.Run("population", "--base-statline", Amsterdam, "--to", "2030", "--format", "csv");
        Assert.Equal(0, r.ExitCode);
        var first = r.Out.Split('\n')[1].Split(',');
        Approx.Equal(862_965, double.Parse(first[3], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        Assert.Contains("GM0363", r.Err);
        var bad = CliRunner.Run("population", "--base-statline", Amsterdam, "--edition", "2024");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("column 'Perioden'", bad.Err);
    }

    [Fact]
    public void BrokenExportsNameFileColumnAndRow()
    {
        var lines = File.ReadAllLines(Amsterdam);
        string dir = Paths.TempDir();
        string p1 = Path.Combine(dir, "no-count.csv");
        File.WriteAllLines(p1, lines.Select(l => l.Replace(";\"BevolkingOp1Januari_1\"", ";\"Aantal\"")));
        var e1 = Assert.Throws<CohesionException>(() => StatLine84910Loader.Load(p1));
        Assert.Equal("BevolkingOp1Januari_1", e1.Column);
        Assert.Equal(p1, e1.File);

        string p2 = Path.Combine(dir, "bad-age.csv");
        var copy = lines.ToArray();
        int idx = Array.FindIndex(copy, l => l.Contains("\"70500\""));
        copy[idx] = copy[idx].Replace("\"70500\"", "\"70550\"");
        File.WriteAllLines(p2, copy);
        var e2 = Assert.Throws<CohesionException>(() => StatLine84910Loader.Load(p2));
        Assert.Equal("Leeftijd", e2.Column);
        Assert.Equal(idx, e2.Row);
        Assert.Contains("70550", e2.Message);

        string p3 = Path.Combine(dir, "two-regions.csv");
        copy = lines.ToArray();
        copy[^1] = copy[^1].Replace("GM0363", "GM0518");
        File.WriteAllLines(p3, copy);
        var e3 = Assert.Throws<CohesionException>(() => StatLine84910Loader.Load(p3));
        Assert.Equal("RegioS", e3.Column);
    }
}
