using System.Globalization;
using System.Text.Json.Nodes;
using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Tests.Demography;

/// <summary>
/// The two causes of the former low bias of the 2050 totals (data/demography/README.md, "Migration age profile" and
/// "Net migration path"), checked against real UN WPP 2024 data: the age profile of projected net migration, the
/// observed start of net migration and its relaxation time.
/// </summary>
public class MigrationPathTests(ITestOutputHelper output)
{
    private static readonly string AnnualFile = Paths.RealData("wpp-netherlands-age", "nl_annual_totals_1950_2100.csv");

    /// <summary>WPP annual net migration (persons) by calendar year.</summary>
    private static Dictionary<int, double> WppNetMigration()
    {
        var f = CsvReader.Read(AnnualFile);
        var year = f.Numeric("year").Values;
        var net = f.Numeric("netmig").Values;
        return Enumerable.Range(0, f.RowCount).ToDictionary(i => (int)year[i], i => net[i] * 1000);
    }

    /// <summary>A scenario that runs the engine on WPP 2024's own period inputs from the 2023 base: WPP's TFR and net migration
    /// by year, e0 of WPP's death rates; net migration split over the groups as in the 2020 midden variant.</summary>
    private static Scenario WppInputs()
    {
        var f = CsvReader.Read(AnnualFile);
        var year = f.Numeric("year").Values; var tfrv = f.Numeric("tfr").Values; var net = f.Numeric("netmig").Values;
        JsonObject tfr = [], d = [], c = [], a = [], l = [], e0f = [], e0m = [];
        for (int i = 0; i < f.RowCount; i++)
        {
            int y = (int)year[i];
            if (y < 2023 || y > 2060) continue;
            string k = y.ToString(CultureInfo.InvariantCulture);
            double g1 = net[i] * 1000 + 17000;
            tfr[k] = tfrv[i]; d[k] = -17000; c[k] = g1 * 10 / 75; a[k] = g1 * 16 / 75; l[k] = g1 * 49 / 75;
        }
        var wpp = TestEngine.Engine.Wpp;
        for (int ps = 2020; ps <= 2055; ps += 5)
        {
            // WPP periods run from 1 July; the period's centre is 1 Jan ps+3, i.e. projection year ps+2
            string k = (ps + 2).ToString(CultureInfo.InvariantCulture);
            e0m[k] = LifeTable.LifeExpectancy(Male, wpp.MortalitySingle(ps, Male));
            e0f[k] = LifeTable.LifeExpectancy(Female, wpp.MortalitySingle(ps, Female));
        }
        var node = new JsonObject
        {
            ["name"] = "wpp-inputs", ["edition"] = 2024, ["base"] = "nl-2023", ["base_year"] = 2023, ["end_year"] = 2060,
            ["tfr"] = tfr, ["e0_female"] = e0f, ["e0_male"] = e0m,
            ["net_migration"] = new JsonObject { ["dutch_and_second_generation"] = d, ["g1_classic"] = c, ["g1_asylum"] = a, ["g1_labour"] = l },
        };
        return ScenarioLoader.Parse(node.ToJsonString(), "wpp-inputs");
    }

    private static readonly int[] Bands = [0, 10, 18, 20, 25, 30, 35];

    /// <summary>Shares of net migration 2024–2049 in the age bands 0–9, 10–17, 18–19, 20–24, 25–29, 30–34 (age on 1 January).</summary>
    private static double[] YoungShares(double[] byAge)
    {
        double total = byAge.Sum();
        var r = new double[Bands.Length - 1];
        for (int b = 0; b < r.Length; b++) for (int x = Bands[b]; x < Bands[b + 1]; x++) r[b] += byAge[x] / total;
        return r;
    }

    [Fact]
    public void ProjectedNetMigrationHasWppsAgeProfileBelow35()
    {
        var engine = TestEngine.Engine;
        var s = WppInputs();
        var p = engine.Run(s, 2050);
        var model = new double[Ages];
        var wpp = new double[Ages];
        for (int y = 2024; y <= 2049; y++)
        {
            var fl = p.FlowsOf(y)!;
            for (int i = 0; i < CellCount; i++) model[Decompose(i).Age] += fl.Immigrants[i] - fl.Emigrants[i];
            for (int sex = 0; sex < Sexes; sex++) { var m = engine.Wpp.NetMigrationSingle(y, sex); for (int x = 0; x < Ages; x++) wpp[x] += m[x]; }
        }
        var ms = YoungShares(model);
        var ws = YoungShares(wpp);
        double sse = 0;
        for (int b = 0; b < ms.Length; b++)
        {
            output.WriteLine($"{Bands[b],2}–{Bands[b + 1] - 1,-2}: model {100 * ms[b],5:F1}%  WPP {100 * ws[b],5:F1}%");
            sse += (ms[b] - ws[b]) * (ms[b] - ws[b]);
        }
        double rmse = Math.Sqrt(sse / ms.Length);
        output.WriteLine($"rmse {100 * rmse:F2} pp");
        // the Rogers–Castro fundamental schedule (a1 = 0.02, μ2 = 22) gave 38% under 10 and 26% at 20–24 (rmse 11 pp)
        Assert.True(rmse < 0.035, $"rmse {100 * rmse:F2} pp");
        Assert.InRange(ms[0] - ws[0], -0.04, 0.04);  // children under 10
        Assert.InRange(ms[2] - ws[2], -0.02, 0.02);  // 18–19 (students)
        Assert.InRange(ms[3] - ws[3], -0.02, 0.02);  // 20–24
        // with WPP's own inputs from the CBS 2023 base, the growth to 2050 is WPP's within 0.5%
        double wppStart = WppPopulationOn1January(2023), wppEnd = WppPopulationOn1January(2050);
        double rel = p.Total(2050) / p.Total(2023) / (wppEnd / wppStart) - 1;
        output.WriteLine($"growth 2023–2050 vs WPP: {100 * rel:F2}%");
        Assert.InRange(rel, -0.005, 0.005);
    }

    /// <summary>WPP population on 1 January (= 31 December of the previous year in the annual file; 2023 from 2024 minus its
    /// growth).</summary>
    private static double WppPopulationOn1January(int year)
    {
        var f = CsvReader.Read(AnnualFile);
        var yv = f.Numeric("year").Values; var pop = f.Numeric("pop_derived").Values;
        var births = f.Numeric("births").Values; var deaths = f.Numeric("deaths").Values; var net = f.Numeric("netmig").Values;
        int Row(int y) => Enumerable.Range(0, f.RowCount).First(i => (int)yv[i] == y);
        if (year >= 2025) return pop[Row(year - 1)] * 1000;
        int r24 = Row(2024), r23 = Row(2023);
        double end2023 = pop[r24] * 1000 - (births[r24] - deaths[r24] + net[r24]) * 1000;
        return year == 2024 ? end2023 : end2023 - (births[r23] - deaths[r23] + net[r23]) * 1000;
    }

    [Fact]
    public void RelaxationTimeIsFittedToTheWppProjectionAndStartsAreObserved()
    {
        var net = WppNetMigration();
        // least squares of L + A·exp(−(t − 2024)/τ) over 2024–2070 on a grid of τ
        double bestTau = 0, bestSse = double.PositiveInfinity;
        for (int t10 = 20; t10 <= 150; t10++)
        {
            double tau = t10 / 10.0;
            var ys = Enumerable.Range(2024, 47).ToArray();
            var f = ys.Select(y => Math.Exp(-(y - 2024) / tau)).ToArray();
            var v = ys.Select(y => net[y]).ToArray();
            int n = ys.Length;
            double sf = f.Sum(), sff = f.Sum(x => x * x), sv = v.Sum(), sfv = f.Zip(v, (x, z) => x * z).Sum();
            double A = (n * sfv - sf * sv) / (n * sff - sf * sf), L = (sv - A * sf) / n;
            double sse = f.Zip(v, (x, z) => (L + A * x - z) * (L + A * x - z)).Sum();
            if (sse < bestSse) { bestSse = sse; bestTau = tau; }
        }
        Assert.Equal(5.7, bestTau, 6);
        foreach (int edition in ScenarioCatalog.Editions)
            foreach (var s in ScenarioCatalog.LoadAll(edition))
            {
                var start = s.MigrationStart ?? throw new Xunit.Sdk.XunitException($"{s.Name} {edition} has no migration_start");
                Assert.Equal(bestTau, start.RelaxationYears, 12);
                Assert.Equal(s.BaseYear, start.Year);
                Assert.Equal(Math.Round(net[start.Year]), start.Total);   // WPP 2024 estimate of the base year (real)
                // the projection applies the observed total in the base year
                var r = TestEngine.Engine.Run(s, s.BaseYear + 1).Rates[0];
                Approx.Equal(start.Total, r.NetMigration.Sum(), 1e-12, $"{s.Name} {edition} net migration in {s.BaseYear}");
            }
    }

    [Fact]
    public void Edition2020StartsWhereCbsCountedOn1January2020()
    {
        // CBS: 17,407,585 inhabitants on 1 January 2020 (real). The constant-average path gave 17.36 M.
        var p = TestEngine.Engine.Run(ScenarioCatalog.Load("midden", 2020), 2021);
        double rel = p.Total(2020) / 17_407_585 - 1;
        Assert.InRange(rel, -0.001, 0.001);
    }

    [Fact]
    public void Edition2024KeepsThe2020LongRunLevels()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            var s20 = ScenarioCatalog.Load(name, 2020);
            var s24 = ScenarioCatalog.Load(name, 2024);
            for (int g = 0; g < 4; g++)
                Assert.True(Math.Abs(s20.NetMigration[g].ValueAt(2050) - s24.NetMigration[g].ValueAt(2050)) <= 0.5,
                    $"{name} {Scenario.MigrationGroups[g]}: 2024 level {s24.NetMigration[g].ValueAt(2050)} vs the 2020 long-run level {s20.NetMigration[g].ValueAt(2050)}");
            // TFR and e0 end at the 2020 edition's 2049 levels (not at its 2019–2049 averages)
            Assert.Equal(s20.Tfr.ValueAt(2049), s24.Tfr.ValueAt(2049), 12);
            Assert.Equal(s20.E0Female.ValueAt(2049), s24.E0Female.ValueAt(2049), 12);
            Assert.Equal(s20.E0Male.ValueAt(2049), s24.E0Male.ValueAt(2049), 12);
        }
    }

    [Fact]
    public void MeanPeriodSolvesLongRunLevelsExactlyAndRejectsImpossibleStarts()
    {
        string json = File.ReadAllText(ScenarioCatalog.PathOf("lage-migratie", 2020));
        var s = ScenarioLoader.Parse(json, "lage.json");
        var rates = new ScenarioRates(s, TestEngine.Engine.Standard);
        double[] expected = [5000, 5000, 24000];
        for (int g = 1; g <= 3; g++)
        {
            double mean = Enumerable.Range(2019, 31).Average(y => rates.NetMigration(g, y));
            Approx.Equal(expected[g - 1], mean, 1e-12, $"mean of group {g}");
        }
        // the calibration factor scales the long-run level only, never the observed start
        var scaled = new ScenarioRates(s, TestEngine.Engine.Standard, firstGenerationMigrationScale: 2.0);
        Approx.Equal(rates.NetMigration(3, 2019), scaled.NetMigration(3, 2019), 1e-14, "observed start unscaled");
        double level = s.NetMigration[3].ValueAt(2070), w = s.MigrationStart!.Weight(2070);
        Approx.Equal(rates.NetMigration(3, 2070) + level * (1 - w), scaled.NetMigration(3, 2070), 1e-12, "long run scaled");

        var node = JsonNode.Parse(json)!.AsObject();
        node["migration_start"]!["total"] = 900000;
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => ScenarioLoader.Parse(node.ToJsonString(), "bad.json"));
        Assert.Contains("migration_start.total", ex.Message);
        node["migration_start"]!["total"] = 109003;
        node["migration_start"]!["year"] = 2020;
        ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => ScenarioLoader.Parse(node.ToJsonString(), "bad.json"));
        Assert.Contains("migration_start.year", ex.Message);
    }
}
