using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>The command-line contract of <c>cohesion population</c> (issue 4).</summary>
public class PopulationCliTests
{
    private static readonly string[] YearFields = ["year", "total", "births", "deaths", "immigration", "emigration", "by_origin", "by_education", "share_65plus"];

    [Fact]
    public void JsonHasExactlyTheContractFields()
    {
        var r = CliRunner.Run("population", "--scenario", "all", "--edition", "2020", "--to", "2050", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var scen = doc.RootElement.GetProperty("scenarios");
        Assert.Equal(8, scen.GetArrayLength());
        Assert.Equal(ScenarioCatalog.Names, scen.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray());
        foreach (var s in scen.EnumerateArray())
        {
            Assert.Equal(["name", "edition", "calibration", "years"], s.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(2020, s.GetProperty("edition").GetInt32());
            Assert.Equal(1.0, s.GetProperty("calibration").GetProperty("migration_factor").GetDouble()); // nothing scaled
            var years = s.GetProperty("years").EnumerateArray().ToArray();
            Assert.Equal(Enumerable.Range(2019, 32), years.Select(y => y.GetProperty("year").GetInt32()));
            foreach (var y in years)
            {
                Assert.Equal(YearFields, y.EnumerateObject().Select(p => p.Name).ToArray());
                Assert.Equal(PopulationIndex.OriginNames, y.GetProperty("by_origin").EnumerateObject().Select(p => p.Name).ToArray());
                Assert.Equal(PopulationIndex.EducationNames, y.GetProperty("by_education").EnumerateObject().Select(p => p.Name).ToArray());
                double total = y.GetProperty("total").GetDouble();
                Approx.Equal(total, y.GetProperty("by_origin").EnumerateObject().Sum(p => p.Value.GetDouble()), 1e-12, "origins sum to total");
                Approx.Equal(total, y.GetProperty("by_education").EnumerateObject().Sum(p => p.Value.GetDouble()), 1e-12, "education sums to total");
                Assert.InRange(y.GetProperty("share_65plus").GetDouble(), 0.15, 0.35);
            }
            // persons, not thousands; 1 January; the next year's total balances
            Approx.Equal(17_282_163, years[0].GetProperty("total").GetDouble(), 1e-12, "base 1 Jan 2019");
            for (int k = 0; k + 1 < years.Length; k++)
            {
                var y = years[k];
                double next = y.GetProperty("total").GetDouble() + y.GetProperty("births").GetDouble() - y.GetProperty("deaths").GetDouble()
                              + y.GetProperty("immigration").GetDouble() - y.GetProperty("emigration").GetDouble();
                Approx.Equal(next, years[k + 1].GetProperty("total").GetDouble(), 1e-12, "balancing in the JSON");
            }
        }
    }

    [Fact]
    public void DetailAddsAgesAndMatchesTheEngine()
    {
        string dir = Paths.TempDir();
        string outFile = Path.Combine(dir, "pop.json");
        var r = CliRunner.Run("population", "--scenario", "asiel", "--edition", "2024", "--from", "2049", "--to", "2050", "--detail", "--format", "json", "--out", outFile);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Out);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var s = doc.RootElement.GetProperty("scenarios")[0];
        Assert.Equal("asiel", s.GetProperty("name").GetString());
        Assert.Equal(2024, s.GetProperty("edition").GetInt32());
        var y2050 = s.GetProperty("years")[1];
        Assert.Equal(2050, y2050.GetProperty("year").GetInt32());
        var ages = y2050.GetProperty("ages").EnumerateArray().ToArray();
        Assert.Equal(PopulationIndex.CellCount, ages.Length);
        Assert.Equal(["age", "sex", "origin", "education", "count"], ages[0].EnumerateObject().Select(p => p.Name).ToArray());
        var engine = TestEngine.Engine.Run(ScenarioCatalog.Load("asiel", 2024), 2051).PopulationAt(2050);
        foreach (var a in ages)
        {
            int i = PopulationIndex.Index(Array.IndexOf(PopulationIndex.SexNames, a.GetProperty("sex").GetString()), a.GetProperty("age").GetInt32(),
                PopulationIndex.OriginCode(a.GetProperty("origin").GetString()!), Array.IndexOf(PopulationIndex.EducationNames, a.GetProperty("education").GetString()));
            Approx.Equal(engine[i], a.GetProperty("count").GetDouble(), 1e-15);
        }
        Approx.Equal(20_163_000, y2050.GetProperty("total").GetDouble(), 0.01, "calibrated 2024 asiel");
    }

    [Fact]
    public void Edition2024JsonCarriesTheSolvedMigrationFactor()
    {
        var r = CliRunner.Run("population", "--scenario", "all", "--edition", "2024", "--from", "2050", "--to", "2050", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        foreach (var s in doc.RootElement.GetProperty("scenarios").EnumerateArray())
        {
            string name = s.GetProperty("name").GetString()!;
            var cal = s.GetProperty("calibration");
            double factor = cal.GetProperty("migration_factor").GetDouble();
            var engine = TestEngine.Engine.Run(ScenarioCatalog.Load(name, 2024), 2051);
            Assert.Equal(engine.MigrationScale, factor, 12);
            Assert.NotEqual(1.0, factor);
            Assert.Equal(2050, cal.GetProperty("target_year").GetInt32());
            Approx.Equal(cal.GetProperty("target_total").GetDouble(), s.GetProperty("years")[0].GetProperty("total").GetDouble(), 1e-6, name);
            if (name is not ("lage-migratie" or "groen")) Assert.InRange(factor, 0.9, 1.1);
        }
    }

    [Fact]
    public void CsvAndTableAndCharts()
    {
        var csv = CliRunner.Run("population", "--scenario", "krimp", "--to", "2025", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Trim().Split('\n');
        Assert.StartsWith("scenario,edition,year,total,births,deaths,immigration,emigration,share_65plus,origin_dutch", lines[0]);
        Assert.Equal(1 + 3, lines.Length);
        Assert.StartsWith("krimp,2024,2023,17811291", lines[1]); // the 2024 edition unless configured

        var det = CliRunner.Run("population", "--scenario", "krimp", "--from", "2025", "--to", "2025", "--format", "csv", "--detail");
        Assert.Equal(1 + PopulationIndex.CellCount, det.Out.Trim().Split('\n').Length);

        string dir = Paths.TempDir();
        var t = CliRunner.Run("population", "--scenario", "all", "--to", "2030", "--pyramid", Path.Combine(dir, "p.svg"), "--chart", Path.Combine(dir, "t.svg"));
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("midden", t.Out);
        Assert.Contains("approximations", t.Out);
        foreach (var n in ScenarioCatalog.Names)
        {
            string svg = File.ReadAllText(Path.Combine(dir, $"p-{n}.svg"));
            Assert.StartsWith("<svg", svg);
            Assert.Contains("mannen / men", svg);
        }
        string chart = File.ReadAllText(Path.Combine(dir, "t.svg"));
        Assert.Equal(8, chart.Split("<polyline").Length - 1);
    }

    [Theory]
    [InlineData("--scenario", "medium")]
    [InlineData("--edition", "2022")]
    [InlineData("--to", "2080")]
    [InlineData("--from", "2010")]
    [InlineData("--format", "xml")]
    public void UsageErrorsExitWith2(string option, string value)
    {
        var r = CliRunner.Run("population", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Err);
    }

    [Fact]
    public void HelpHasAnExample()
    {
        var r = CliRunner.Run("population", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: cohesion population", r.Out);
    }
}
