using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>Reproduce NIDI/CBS: the published assumptions are what the engine applies, the 2050 totals land within 1%
/// (2020 edition, uncalibrated; formerly 0.3–1.7% low) of the published totals, and the 2024 edition reaches its published
/// totals with a factor near 1 on the 2020 edition's long-run first-generation migration (formerly 1.30–1.89).</summary>
public class ScenarioReproductionTests
{
    public static IEnumerable<object[]> Names => ScenarioCatalog.Names.Select(n => new object[] { n });

    private static readonly Dictionary<string, double> Published2020 = new()
    {
        ["midden"] = 19.3e6, ["groei"] = 21.8e6, ["krimp"] = 17.1e6, ["groen"] = 19.4e6,
        ["grijs"] = 19.2e6, ["lage-migratie"] = 17.6e6, ["arbeid"] = 20.6e6, ["asiel"] = 19.9e6,
    };

    private static readonly Dictionary<string, double> Published2024 = new()
    {
        ["krimp"] = 17.774e6, ["lage-migratie"] = 18.247e6, ["grijs"] = 19.541e6, ["midden"] = 19.684e6,
        ["groen"] = 19.804e6, ["asiel"] = 20.163e6, ["arbeid"] = 20.757e6, ["groei"] = 21.810e6,
    };

    // MISSION.md §2: TFR, e0 women/men, net migration total, first generation classic/asylum/labour (k/yr), 2019–2049 averages
    private static readonly Dictionary<string, double[]> Assumptions2020 = new()
    {
        ["midden"] = [1.67, 86.2, 82.8, 58, 10, 16, 49], ["groei"] = [1.83, 87.8, 84.4, 93, 14, 20, 71],
        ["krimp"] = [1.51, 84.4, 81.0, 28, 8, 12, 32], ["groen"] = [1.91, 83.5, 80.1, 57, 11, 16, 49],
        ["grijs"] = [1.41, 88.8, 85.3, 59, 10, 16, 48], ["lage-migratie"] = [1.67, 86.2, 82.8, 16, 5, 5, 24],
        ["arbeid"] = [1.65, 86.2, 82.8, 91, 10, 16, 82], ["asiel"] = [1.68, 86.2, 82.8, 72, 10, 30, 49],
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Edition2020LandsWithin1PercentOfThePublished2050Total(string name)
    {
        var s = ScenarioCatalog.Load(name, 2020);
        var p = TestEngine.Engine.Run(s, 2050);
        double rel = p.Total(2050) / Published2020[name] - 1;
        Assert.True(Math.Abs(rel) < 0.01, $"{name}: 2050 total {p.Total(2050):N0} is {100 * rel:F2}% from the published {Published2020[name]:N0}");
        Assert.Equal(Published2020[name], s.Published["total_2050"]);
        Assert.Equal(1.0, p.MigrationScale);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Edition2020AppliesThePublishedAverageAssumptions(string name)
    {
        var s = ScenarioCatalog.Load(name, 2020);
        var p = TestEngine.Engine.Run(s, 2050);
        var a = Assumptions2020[name];
        double tfr = 0, e0f = 0, e0m = 0, net = 0, n = 0;
        var g1 = new double[3];
        for (int y = 2019; y <= 2049; y++)
        {
            var r = p.Rates[y - 2019];
            var f = p.Flows[y - 2019];
            var pop = p.PopulationAt(y);
            tfr += RateChecks.NationalTfr(r, pop);
            Approx.Equal(r.TargetTfr, RateChecks.NationalTfr(r, pop), 1e-12, "TFR target");
            Approx.Equal(r.TargetLifeExpectancy[PopulationIndex.Female], RateChecks.LifeExpectancy(r, PopulationIndex.Female), 1e-8, "e0 target");
            Approx.Equal(f.TotalImmigration - f.TotalEmigration, r.NetMigration.Sum(), 1e-9, "net migration as recorded");
            e0f += RateChecks.LifeExpectancy(r, PopulationIndex.Female);
            e0m += RateChecks.LifeExpectancy(r, PopulationIndex.Male);
            net += f.TotalImmigration - f.TotalEmigration;
            for (int g = 0; g < 3; g++)
            {
                int o = g + 1;
                for (int i = 0; i < PopulationIndex.CellCount; i++)
                    if (PopulationIndex.Decompose(i).Origin == o) g1[g] += f.Immigrants[i] - f.Emigrants[i];
            }
            n++;
        }
        Approx.Equal(a[0], tfr / n, 1e-9, "mean TFR");
        Approx.Equal(a[1], e0f / n, 1e-7, "mean e0 women");
        Approx.Equal(a[2], e0m / n, 1e-7, "mean e0 men");
        Approx.Equal(a[3] * 1000, net / n, 1e-9, "mean net migration");
        for (int g = 0; g < 3; g++) Approx.Equal(a[4 + g] * 1000, g1[g] / n, 1e-9, $"first-generation net migration group {g}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Edition2024IsCalibratedWithin1PercentOfThePublished2050Total(string name)
    {
        var s = ScenarioCatalog.Load(name, 2024);
        var p = TestEngine.Engine.Run(s, 2050);
        Assert.Equal(2023, p.FirstYear);
        Approx.Equal(17_811_291, p.Total(2023), 1e-12, "base 2023");
        double rel = p.Total(2050) / Published2024[name] - 1;
        Assert.True(Math.Abs(rel) < 0.01, $"{name}: {100 * rel:F3}% from the published total");
        // data/demography/README.md: six variants within 0.9–1.1; lage migratie and groen outside, by a small absolute amount
        // (their 2020-edition totals are the furthest from the published ones, in the same direction)
        if (name is "lage-migratie" or "groen")
        {
            double level = 0;
            for (int g = 1; g <= 3; g++) level += s.NetMigration[g].ValueAt(2050);
            Assert.True(Math.Abs(p.MigrationScale - 1) * level < 10_000, $"{name}: factor {p.MigrationScale} on {level:N0} a year");
            Assert.InRange(p.MigrationScale, name == "groen" ? 1.0 : 0.6, name == "groen" ? 1.2 : 1.0);
        }
        else Assert.InRange(p.MigrationScale, 0.9, 1.1);
        // "about 45% of adults hold hbo/wo in 2050 in every variant"
        double high = PopulationProjection.HighEducationShare(p.PopulationAt(2050));
        Assert.InRange(high, 0.42, 0.48);
    }

    [Fact]
    public void MigrationBackgroundRisesFrom24PercentTo30To40PercentIn2050()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            var p = TestEngine.Engine.Run(ScenarioCatalog.Load(name, 2020), 2050);
            double Share(int y) { var bo = PopulationProjection.ByOrigin(p.PopulationAt(y)); return 1 - bo[0] / bo.Sum(); }
            Assert.InRange(Share(2019), 0.2415, 0.2425);
            // published: 30% (low migration) to 40% (high migration); lage migratie 28.7% here (README: children take the
            // mother's origin only, so children of a Dutch-born mother and a foreign-born father count as Dutch background)
            Assert.InRange(Share(2050), name == "lage-migratie" ? 0.28 : 0.30, 0.40);
        }
    }
}

/// <summary>Independent recomputations of what the published rates imply.</summary>
public static class RateChecks
{
    /// <summary>National period TFR: Σ over age of all births / all women, with births = Σ_o f_o(a) W_o(a).</summary>
    public static double NationalTfr(ProjectionRates r, double[] pop)
    {
        double tfr = 0;
        for (int a = 0; a < PopulationIndex.Ages; a++)
        {
            double w = 0, b = 0;
            for (int o = 0; o < PopulationIndex.Origins; o++)
                for (int e = 0; e < 3; e++)
                {
                    double x = pop[PopulationIndex.Index(PopulationIndex.Female, a, o, e)];
                    w += x; b += x * r.Fertility[o * PopulationIndex.Ages + a];
                }
            if (w > 0) tfr += b / w;
        }
        return tfr;
    }

    /// <summary>e0 from the projection probabilities: L(0) = birth survival, L(a+1) = L(a)(1 − q(a)) and the open
    /// interval T(99) = L(99)/q(99).</summary>
    public static double LifeExpectancy(ProjectionRates r, int sex)
    {
        double L = r.BirthSurvival[sex], e0 = 0;
        for (int a = 0; a < 99; a++)
        {
            e0 += L;
            L *= 1 - r.DeathProbability[PopulationIndex.SexAge(sex, a)];
        }
        return e0 + L / r.DeathProbability[PopulationIndex.SexAge(sex, 99)];
    }
}
