using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary><c>cohesion measure</c> with supplied replicate weights and with stacked imputations: a one-indicator
/// framework on the survey_depth data gives R's svymean on the replicate design, and MIcombine's pooled mean.</summary>
public class MeasureDepthTests
{
    private static string Framework(string column, string recode)
    {
        var path = Path.Combine(Paths.TempDir(), "one.yaml");
        File.WriteAllText(path, "dimensions:\n  - {id: social_trust, label_nl: a, label_en: b, axis: horizontal, kind: attitude}\n" +
                                $"indicators:\n  - {{id: t, column: {column}, dimension: social_trust, recode: \"{recode}\", label_nl: a, label_en: b}}\n");
        return path;
    }

    private static JsonElement Row(string output, string variable) =>
        JsonDocument.Parse(output).RootElement.GetProperty("estimates").EnumerateArray().First(e => e.GetProperty("variable").GetString() == variable && e.GetProperty("group").ValueKind == JsonValueKind.Null);

    private static JsonElement Expected(string name) => SurveyDepthReferenceTests.Reference.Value.GetProperty(name).GetProperty("rows")[0];

    [Fact]
    public void SuppliedBrrWeightsGiveRsReplicateEstimate()
    {
        var r = CliRunner.Run("measure", "--data", Paths.Fixture("survey_depth", "nhanes_brr.csv"), "--framework", Framework("HI_CHOL", "in [1]"),
            "--weight", "WTMEC2YR", "--repweights", "^brr_", "--repweights-type", "BRR", "--min-n", "0", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var row = Row(r.Out, "t");
        var e = Expected("rep_brr_mean_hichol");
        Approx.Equal(e.GetProperty("estimate").GetDouble(), row.GetProperty("estimate").GetDouble(), 1e-10, "estimate");
        Approx.Equal(e.GetProperty("se").GetDouble(), row.GetProperty("se").GetDouble(), 1e-8, "se");
        Assert.Contains("BRR replicate weights", JsonDocument.Parse(r.Out).RootElement.GetProperty("design").GetString());
    }

    [Fact]
    public void StackedImputationsArePooledAsMIcombine()
    {
        var r = CliRunner.Run("measure", "--data", Paths.Fixture("survey_depth", "pisa_pv_stacked.csv"), "--framework", Framework("math500", "in [1]"),
            "--weight", "W_FSTUWT", "--strata", "STRATUM", "--cluster", "SCHOOLID", "--lonely-psu", "adjust", "--imputation", "imp", "--min-n", "0", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var row = Row(r.Out, "t");
        var e = Expected("mi_pisa_mean_math500");
        foreach (var f in new[] { "estimate", "se", "ci_lower", "ci_upper", "df", "fmi" })
            Approx.Equal(e.GetProperty(f).GetDouble(), row.GetProperty(f).GetDouble(), 1e-8, f);
        Assert.Equal(5, JsonDocument.Parse(r.Out).RootElement.GetProperty("imputations").GetInt32());
    }

    [Fact]
    public void ReplicateFlagsAreCheckedAsInEstimate()
    {
        var fw = Framework("HI_CHOL", "in [1]");
        var r = CliRunner.Run("measure", "--data", Paths.Fixture("survey_depth", "nhanes_brr.csv"), "--framework", fw,
            "--weight", "WTMEC2YR", "--repweights", "^brr_", "--repweights-type", "JK1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("jackknife", r.Err);
        var mixed = CliRunner.Run("measure", "--data", Paths.Fixture("survey_depth", "nhanes_brr.csv"), "--framework", fw,
            "--weight", "WTMEC2YR", "--cluster", "SDMVPSU", "--repweights", "^brr_", "--repweights-type", "BRR");
        Assert.Equal(2, mixed.ExitCode);
    }
}
