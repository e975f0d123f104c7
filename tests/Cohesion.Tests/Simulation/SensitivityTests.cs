using System.Text.Json;
using System.Text.Json.Nodes;
using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary><c>cohesion sensitivity</c> (issue 16 item 3): the JSON contract, effects checked against independent
/// <c>simulate</c> runs, the grid's consistency with the tornado, the demographic variations, bad input.</summary>
public class SensitivityTests
{
    private static readonly Lazy<(CliRunner.Result Run, JsonElement Root)> Year2030 = new(() =>
    {
        var r = CliRunner.Run("sensitivity", "--year", "2030", "--format", "json");
        return (r, r.ExitCode == 0 ? JsonDocument.Parse(r.Out).RootElement : default);
    });

    private static double Dimension2030(string societal, string dimension)
    {
        var r = CliRunner.Run("simulate", "--societal", societal, "--reps", "0", "--to", "2030", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var years = JsonDocument.Parse(r.Out).RootElement.GetProperty("runs")[0].GetProperty("years");
        return years[years.GetArrayLength() - 1].GetProperty("dimensions").GetProperty(dimension).GetProperty("mean").GetDouble();
    }

    [Fact]
    public void JsonFollowsTheContract()
    {
        var (r, root) = Year2030.Value;
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(2030, root.GetProperty("year").GetInt32());
        Assert.Equal("synthetic", root.GetProperty("provenance").GetString());
        var rows = root.GetProperty("sensitivity").EnumerateArray().ToArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
            Assert.Equal(["input", "low", "high", "dimension", "effect_low", "effect_high"], row.EnumerateObject().Select(p => p.Name).ToArray());
        var inputs = root.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("input").GetString()).ToArray();
        Assert.Contains("tfr", inputs);
        Assert.Contains("e0", inputs);
        Assert.Contains("migration", inputs);
        Assert.Equal(4 * inputs.Length, rows.Length); // every input × every dimension
        // the built-in estimated scenario's 13 rules all carry a standard error
        Assert.Equal(13, inputs.Count(i => i!.StartsWith("societal:", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnEstimatedRuleVariesOverItsIntervalAndItsEffectEqualsASimulateRunWithThatValue()
    {
        var (r, root) = Year2030.Value;
        Assert.True(r.ExitCode == 0, r.Err);
        var scenario = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.RepoRoot, "data", "scenarios", "societal", "estimated.json")))!;
        var rules = scenario["rules"]!.AsArray();
        int index = rules.Select((x, i) => (x, i)).Single(p => p.x!["label"]!.GetValue<string>() == "voted: estimated within-group trend").i;
        double slope = rules[index]!["logit_per_year"]!.GetValue<double>(), se = rules[index]!["logit_per_year_se"]!.GetValue<double>();
        var row = root.GetProperty("sensitivity").EnumerateArray()
            .Single(x => x.GetProperty("input").GetString() == "societal:voted: estimated within-group trend" && x.GetProperty("dimension").GetString() == "political_participation");
        Approx.Equal(slope - 1.96 * se, row.GetProperty("low").GetDouble(), 1e-12, "low");
        Approx.Equal(slope + 1.96 * se, row.GetProperty("high").GetDouble(), 1e-12, "high");

        // Independent check: the same scenario file with that one rule at its low end, through simulate.
        rules[index]!["logit_per_year"] = slope - 1.96 * se;
        var dir = Paths.TempDir();
        var file = Path.Combine(dir, "voted-low.json");
        File.WriteAllText(file, scenario.ToJsonString());
        double central = Dimension2030("estimated", "political_participation");
        double low = Dimension2030(file, "political_participation");
        Approx.Equal(low - central, row.GetProperty("effect_low").GetDouble(), 1e-9, "effect_low");
        Assert.True(row.GetProperty("effect_low").GetDouble() < -0.001, "a lower turnout trend lowers political participation");
        // A rule on turnout does not touch social trust.
        var other = root.GetProperty("sensitivity").EnumerateArray()
            .Single(x => x.GetProperty("input").GetString() == "societal:voted: estimated within-group trend" && x.GetProperty("dimension").GetString() == "social_trust");
        Assert.Equal(0, other.GetProperty("effect_low").GetDouble());
    }

    [Fact]
    public void TheGridAgreesWithTheTornado()
    {
        var (r, root) = Year2030.Value;
        Assert.True(r.ExitCode == 0, r.Err);
        var grid = root.GetProperty("grid");
        var gridInputs = grid.GetProperty("inputs").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var points = grid.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(3, gridInputs.Length);
        Assert.Equal(27, points.Length);
        var rows = root.GetProperty("sensitivity").EnumerateArray().ToArray();
        foreach (var p in points)
        {
            var levels = p.GetProperty("levels").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var effects = p.GetProperty("effects");
            if (levels.All(l => l == 0))
                foreach (var e in effects.EnumerateObject()) Assert.Equal(0, e.Value.GetDouble());
            if (levels.Count(l => l != 0) != 1) continue;
            int j = Array.FindIndex(levels, l => l != 0);
            foreach (var e in effects.EnumerateObject())
            {
                var row = rows.Single(x => x.GetProperty("input").GetString() == gridInputs[j] && x.GetProperty("dimension").GetString() == e.Name);
                Assert.Equal(row.GetProperty(levels[j] < 0 ? "effect_low" : "effect_high").GetDouble(), e.Value.GetDouble());
            }
        }
    }

    [Fact]
    public void SameInputGivesTheSameBytes()
    {
        var (r, _) = Year2030.Value;
        var again = CliRunner.Run("sensitivity", "--year", "2030", "--format", "json");
        Assert.Equal(r.Out, again.Out);
    }

    [Fact]
    public void DemographicVariationShiftsTheVitalRatesFromTheBaseYearAndScalesMigrationOnTopOfTheCalibration()
    {
        var s = ScenarioCatalog.Load("midden", 2024);
        var v = new DemographicVariation(0.3, -2.0, 1.0, 2050);
        var varied = v.Apply(s);
        Assert.Equal(s.Tfr.ValueAt(s.BaseYear), varied.Tfr.ValueAt(s.BaseYear));
        Approx.Equal(s.Tfr.ValueAt(2050) + 0.3, varied.Tfr.ValueAt(2050), 1e-12, "TFR 2050");
        Approx.Equal(s.Tfr.ValueAt(2060) + 0.3, varied.Tfr.ValueAt(2060), 1e-12, "TFR after");
        int mid = (s.BaseYear + 2050) / 2;
        Approx.Equal(s.E0Female.ValueAt(mid) - 2.0 * (mid - s.BaseYear) / (2050.0 - s.BaseYear), varied.E0Female.ValueAt(mid), 1e-12, "e0 women midway");
        Assert.Equal(s.CalibrationTotal, varied.CalibrationTotal);

        var engine = ProjectionEngine.CreateDefault();
        double scale = engine.CalibrationScale(s);
        Assert.True(scale != 1.0, "the 2024 midden scenario is calibrated");
        var viaVariation = engine.RunVaried(s, new DemographicVariation(0, 0, 1.5, 2050), 2050);
        var viaScenario = engine.Run(s.WithFirstGenerationMigrationScale(1.5 * scale), 2050);
        Approx.Equal(viaScenario.Total(2050), viaVariation.Total(2050), 1e-9, "total 2050");
        var plain = engine.Run(s, 2050);
        Assert.Equal(plain.Total(2050), engine.RunVaried(s, DemographicVariation.None, 2050).Total(2050));
        Assert.True(viaVariation.Total(2050) > plain.Total(2050));
    }

    [Fact]
    public void WppIntervalsAreReadFromTheShippedFile()
    {
        var w = WppIntervals.For(WppIntervals.Load(), 2050);
        Approx.Equal(1.650414, w.Tfr, 1e-12, "tfr");
        Approx.Equal(1.362, w.Tfr80L, 1e-12, "tfr 80 low");
        Approx.Equal(1.936, w.Tfr80U, 1e-12, "tfr 80 high");
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => WppIntervals.For(WppIntervals.Load(), 2200));
    }

    [Theory]
    [InlineData("--year", "2020", "--year must be between")]
    [InlineData("--societal", "all", "--societal takes one scenario")]
    [InlineData("--scenario", "nope", "--scenario must be one of")]
    [InlineData("--lang", "de", "--lang must be nl or en")]
    public void BadInputIsRefusedBeforeWork(string flag, string value, string message)
    {
        var r = CliRunner.Run("sensitivity", flag, value, "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.Equal("", r.Out);
    }
}
