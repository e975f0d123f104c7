using System.Text.Json.Nodes;
using Cohesion.Demography;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>Bad scenario files end in a clear message naming the file and the field; good edits take effect.</summary>
public class ScenarioFileTests
{
    private static JsonObject Midden() => JsonNode.Parse(File.ReadAllText(ScenarioCatalog.PathOf("midden", 2020)))!.AsObject();

    private static string Write(JsonObject o)
    {
        string path = Path.Combine(Paths.TempDir(), "my-scenario.json");
        File.WriteAllText(path, o.ToJsonString());
        return path;
    }

    private static CohesionException Fails(Action<JsonObject> edit)
    {
        var o = Midden();
        edit(o);
        string path = Write(o);
        var ex = Assert.Throws<CohesionException>(() => ScenarioLoader.Load(path));
        Assert.Equal(path, ex.File);
        return ex;
    }

    [Fact]
    public void UnknownFieldIsNamed()
    {
        var ex = Fails(o => o["tfr_target"] = 1.7);
        Assert.Contains("field 'tfr_target'", ex.Message);
        Assert.Contains("unknown field", ex.Message);
        ex = Fails(o => o["net_migration"]!["g1_refugee"] = 1000);
        Assert.Contains("field 'net_migration.g1_refugee'", ex.Message);
    }

    [Fact]
    public void NegativeRateIsNamed()
    {
        var ex = Fails(o => o["emigration_rates"] = new JsonObject { ["g1_labour"] = -0.1 });
        Assert.Contains("field 'emigration_rates.g1_labour'", ex.Message);
        Assert.Contains("negative rate", ex.Message);
        ex = Fails(o => o["fertility_differentials"] = new JsonObject { ["dutch"] = -1 });
        Assert.Contains("fertility_differentials.dutch", ex.Message);
    }

    [Fact]
    public void MissingBaseYearIsNamed()
    {
        var ex = Fails(o => o["tfr"] = new JsonObject { ["2030"] = 1.7 });
        Assert.Contains("field 'tfr'", ex.Message);
        Assert.Contains("missing year", ex.Message);
        Assert.Contains("2019", ex.Message);
        ex = Fails(o => o["e0_male"] = new JsonObject());
        Assert.Contains("field 'e0_male'", ex.Message);
        Assert.Contains("missing year", ex.Message);
    }

    [Fact]
    public void TfrOutOfRangeIsNamed()
    {
        var ex = Fails(o => o["tfr"] = new JsonObject { ["2019"] = 1.57, ["2049"] = 7.5 });
        Assert.Contains("field 'tfr.2049'", ex.Message);
        Assert.Contains("TFR out of range", ex.Message);
        ex = Fails(o => o["tfr"] = 0.1);
        Assert.Contains("TFR out of range", ex.Message);
        ex = Fails(o => o["e0_female"] = 150);
        Assert.Contains("life expectancy out of range", ex.Message);
    }

    [Fact]
    public void OtherMistakesAreNamed()
    {
        Assert.Contains("field 'name'", Fails(o => o.Remove("name")).Message);
        Assert.Contains("field 'edition'", Fails(o => o["edition"] = 2022).Message);
        Assert.Contains("field 'tfr.20x9'", Fails(o => o["tfr"] = new JsonObject { ["2019"] = 1.6, ["20x9"] = 1.7 }).Message);
        Assert.Contains("field 'immigrant_education.g1_asylum'", Fails(o => o["immigrant_education"] = JsonNode.Parse("""{"g1_asylum":{"low":0.5,"middle":0.3,"high":0.3}}""")).Message);
        Assert.Contains("field 'education.cohort_high_shares'", Fails(o => o["education"] = JsonNode.Parse("""{"cohort_high_shares":{"2000":0.5}}""")).Message);
        string bad = Path.Combine(Paths.TempDir(), "broken.json");
        File.WriteAllText(bad, "{ \"name\": \"x\", ");
        var ex = Assert.Throws<CohesionException>(() => ScenarioLoader.Load(bad));
        Assert.Contains("invalid JSON", ex.Message);
        Assert.Equal(bad, ex.File);
    }

    [Fact]
    public void UnknownBaseOrMismatchedBaseYearIsReported()
    {
        var o = Midden();
        o["base"] = "nl-1990";
        var ex = Assert.Throws<CohesionException>(() => TestEngine.Engine.Run(ScenarioLoader.Load(Write(o)), 2030));
        Assert.Contains("unknown base population 'nl-1990'", ex.Message);
        o = Midden();
        o["base_year"] = 2020;
        var early = Assert.Throws<CohesionException>(() => ScenarioLoader.Load(Write(o)));
        Assert.Contains("field 'migration_start.year': must equal base_year 2020", early.Message);
        o["migration_start"]!["year"] = 2020;
        o["migration_start"]!["mean_from"] = 2020;
        string path = Write(o);
        ex = Assert.Throws<CohesionException>(() => TestEngine.Engine.Run(ScenarioLoader.Load(path), 2030));
        Assert.Contains("field 'base_year'", ex.Message);
        Assert.Equal(path, ex.File);
    }

    [Fact]
    public void SeriesInterpolateLinearlyAndHoldAfterTheLastAnchor()
    {
        var ts = new TimeSeries([new(2019, 1.5), new(2029, 2.0), new(2049, 1.0)]);
        Assert.Equal(1.5, ts.ValueAt(2010));
        Assert.Equal(1.75, ts.ValueAt(2024), 12);
        Assert.Equal(1.5, ts.ValueAt(2039), 12);
        Assert.Equal(1.0, ts.ValueAt(2070));
        Approx.Equal((1.5 + 2.0) / 2, ts.Mean(2019, 2029), 1e-14);
        Approx.Equal(2.5, ts.Scale(2.5).ValueAt(2070), 1e-14);
    }

    [Fact]
    public void CliReportsTheFileAndFieldWithExitCode1()
    {
        var o = Midden();
        o["tfr"] = 9;
        string path = Write(o);
        var r = CliRunner.Run("population", "--scenario-file", path);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"error: {path}: field 'tfr'", r.Err);
        Assert.Contains("TFR out of range", r.Err);
    }

    [Fact]
    public void ACalibrationThatCannotBeMetIsAnInputError()
    {
        var o = Midden();
        o["calibration"] = JsonNode.Parse("""{"year": 2050, "total": 5000000}""");
        var r = CliRunner.Run("population", "--scenario-file", Write(o));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("calibration", r.Err);
        Assert.DoesNotContain("AggregateException", r.Err);
    }

    [Fact]
    public void AnEditedCopyChangesTheProjectionAsExpected()
    {
        var o = Midden();
        o["name"] = "midden-no-migration";
        o["net_migration"] = JsonNode.Parse("""{"dutch_and_second_generation":0,"g1_classic":0,"g1_asylum":0,"g1_labour":0}""");
        // an observed start cannot be split over first-generation groups without a level
        var ex = Assert.Throws<CohesionException>(() => ScenarioLoader.Load(Write(o)));
        Assert.Contains("field 'net_migration'", ex.Message);
        o.Remove("migration_start");
        var s = ScenarioLoader.Load(Write(o));
        Assert.Equal("midden-no-migration", s.Name);
        var p = TestEngine.Engine.Run(s, 2030);
        for (int k = 0; k < p.Flows.Length; k++)
            Approx.Equal(p.Flows[k].TotalEmigration, p.Flows[k].TotalImmigration, 1e-12, "zero net migration");
        var baseline = TestEngine.Engine.Run(ScenarioCatalog.Load("midden", 2020), 2030);
        Assert.True(p.Total(2030) < baseline.Total(2030) - 500_000);
    }
}
