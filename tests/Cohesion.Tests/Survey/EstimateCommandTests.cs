using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>The <c>estimate</c> verb end to end: JSON output against the R fixtures, and the bad-input corpus.</summary>
public class EstimateCommandTests
{
    private static string Api(string name) => Paths.Fixture("survey", name + ".csv");
    private static JsonElement R(string name) => SurveyReferenceTests.Reference.Value.GetProperty(name);

    private static JsonElement[] Json(params string[] args)
    {
        var r = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("estimates").EnumerateArray().ToArray();
    }

    private static void AssertMatches(JsonElement[] rows, JsonElement expected, string variable, bool grouped)
    {
        var est = expected.GetProperty("estimate");
        var se = expected.GetProperty("se");
        var e = est.ValueKind == JsonValueKind.Array ? est.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [est.GetDouble()];
        var s = se.ValueKind == JsonValueKind.Array ? se.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [se.GetDouble()];
        Assert.Equal(e.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(variable, rows[i].GetProperty("variable").GetString());
            if (grouped) Assert.Equal(expected.GetProperty("groups")[i].GetString(), rows[i].GetProperty("group").GetString());
            else Assert.Equal(JsonValueKind.Null, rows[i].GetProperty("group").ValueKind);
            Approx.Equal(e[i], rows[i].GetProperty("estimate").GetDouble(), 1e-10, "estimate");
            Approx.Equal(s[i], rows[i].GetProperty("se").GetDouble(), 1e-8, "se");
            double z = 1.959963984540054;
            Approx.Equal(e[i] - z * s[i], rows[i].GetProperty("ci_lower").GetDouble(), 1e-8, "ci_lower");
            Approx.Equal(e[i] + z * s[i], rows[i].GetProperty("ci_upper").GetDouble(), 1e-8, "ci_upper");
        }
    }

    [Fact]
    public void StratifiedMeanWithFpc()
    {
        var rows = Json("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "stype", "--fpc", "fpc");
        AssertMatches(rows, R("strat_mean_api00"), "api00", false);
        Assert.Equal(200, rows[0].GetProperty("n").GetInt32());
        Assert.Equal(["variable", "group", "estimate", "se", "ci_lower", "ci_upper", "n"], rows[0].EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void TwoStageDomainMeansAndFractions()
    {
        AssertMatches(Json("estimate", "--data", Api("apiclus2"), "--var", "api00", "--by", "stype", "--weight", "pw", "--cluster", "dnum,snum", "--fpc", "fpc1,fpc2"),
            R("clus2_by_stype_api00"), "api00", true);
        AssertMatches(Json("estimate", "--data", Api("apiclus2"), "--var", "api00", "--weight", "pw", "--cluster", "dnum,snum", "--fpc", "frac1,frac2"),
            R("clus2_fraction_mean_api00"), "api00", false);
    }

    [Fact]
    public void TotalWithMissingValues()
    {
        var rows = Json("estimate", "--data", Api("apiclus2"), "--var", "enroll", "--stat", "total", "--weight", "pw", "--cluster", "dnum,snum", "--fpc", "fpc1,fpc2");
        AssertMatches(rows, R("clus2_total_enroll_narm"), "enroll", false);
        Assert.Equal(126 - 6, rows[0].GetProperty("n").GetInt32());
    }

    [Fact]
    public void RatioIsNamedNumOverDen()
    {
        AssertMatches(Json("estimate", "--data", Api("apiclus1"), "--var", "api00", "--stat", "ratio", "--denominator", "api99", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc"),
            R("clus1_ratio_api00_api99"), "api00/api99", false);
    }

    [Fact]
    public void Jk1ReplicatesByDomain()
    {
        AssertMatches(Json("estimate", "--data", Api("apiclus1"), "--var", "api00", "--by", "stype", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", "--replicates", "jk1"),
            R("jk1_clus1_by_stype_api00"), "api00", true);
    }

    [Fact]
    public void BrrAndJknReplicates()
    {
        AssertMatches(Json("estimate", "--data", Api("nhanes_2psu"), "--var", "HI_CHOL", "--by", "race", "--weight", "WTMEC2YR", "--strata", "SDMVSTRA", "--cluster", "SDMVPSU", "--replicates", "brr"),
            R("brr_nhanes_by_race_HI_CHOL"), "HI_CHOL", true);
        AssertMatches(Json("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "stype", "--fpc", "fpc", "--replicates", "jkn"),
            R("jkn_strat_mean_api00"), "api00", false);
    }

    [Fact]
    public void BootstrapWithRsSeed()
    {
        AssertMatches(Json("estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc",
            "--replicates", "bootstrap", "--seed", "42"), R("boot_asrep_seed42_clus1_mean_api00"), "api00", false);
        AssertMatches(Json("estimate", "--data", Api("apistrat"), "--var", "api00", "--by", "awards", "--weight", "pw", "--strata", "stype",
            "--replicates", "bootstrap", "--bootstrap-replicates", "40", "--seed", "7"), R("boot_seed7_strat_nofpc_by_awards_api00"), "api00", true);
    }

    [Fact]
    public void RakingTwoMargins()
    {
        string[] rake = ["--rake", "stype=E:4421,H:755,M:1018", "--rake", "sch_wide=No:1072,Yes:5122"];
        AssertMatches(Json(["estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", .. rake]),
            R("rake_clus1_mean_api00"), "api00", false);
        AssertMatches(Json(["estimate", "--data", Api("apiclus1"), "--var", "api00", "--by", "stype", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", .. rake]),
            R("rake_clus1_by_stype_api00"), "api00", true);
        AssertMatches(Json(["estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", "--replicates", "jk1", .. rake]),
            R("rake_jk1_clus1_mean_api00"), "api00", false);
    }

    [Fact]
    public void SharedNhanesDomainsWithNestedPsus()
    {
        var shared = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("shared", "survey_nhanes.json"))).RootElement.GetProperty("results");
        AssertMatches(Json("estimate", "--data", Paths.Fixture("shared", "survey_nhanes.csv"), "--var", "HI_CHOL", "--by", "agecat", "--weight", "WTMEC2YR", "--strata", "SDMVSTRA", "--cluster", "SDMVPSU"),
            shared.GetProperty("by_agecat_HI_CHOL"), "HI_CHOL", true);
    }

    [Fact]
    public void ProportionsOfACategoricalVariable()
    {
        var rows = Json("estimate", "--data", Api("apistrat"), "--var", "awards", "--weight", "pw", "--strata", "stype", "--fpc", "fpc");
        AssertMatches(rows, R("strat_prop_awards"), "awards", false);
        Assert.Equal(["No", "Yes"], rows.Select(r => r.GetProperty("level").GetString()).ToArray());
    }

    [Fact]
    public void CategoryTotalsByDomain()
    {
        var rows = Json("estimate", "--data", Api("apistrat"), "--var", "awards", "--stat", "total", "--by", "stype", "--weight", "pw", "--strata", "stype", "--fpc", "fpc");
        // CLI order: domain-major, then level; R's table: level-major
        var expected = R("strat_by_stype_total_awards");
        var reordered = new[] { 0, 2, 4, 1, 3, 5 }.Select(i => rows[i]).ToArray();
        for (int i = 0; i < 6; i++)
        {
            Approx.Equal(expected.GetProperty("estimate")[i].GetDouble(), reordered[i].GetProperty("estimate").GetDouble(), 1e-10);
            Approx.Equal(expected.GetProperty("se")[i].GetDouble(), reordered[i].GetProperty("se").GetDouble(), 1e-8);
        }
        Assert.Equal(["E", "E", "H", "H", "M", "M"], rows.Select(r => r.GetProperty("group").GetString()).ToArray());
    }

    [Fact]
    public void LonelyPsuRuleOption()
    {
        AssertMatches(Json("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "cname", "--lonely-psu", "average"),
            R("lonely_average_mean_api00"), "api00", false);
    }

    [Fact]
    public void CsvAndTableOutputs()
    {
        var csv = CliRunner.Run("estimate", "--data", Api("apistrat"), "--var", "api00", "--by", "stype", "--weight", "pw", "--strata", "stype", "--fpc", "fpc", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Trim().Split('\n');
        Assert.Equal("variable,group,estimate,se,ci_lower,ci_upper,deff,n,weighted_n", lines[0].Trim());
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("api00,E,674.43", lines[1]);
        var table = CliRunner.Run("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "stype");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("662.287", table.Out);
        Assert.Contains("Taylor", table.Out);
    }

    // ---------------------------------------------------------------- bad input

    private static string TempCsv(string content)
    {
        var p = Path.Combine(Paths.TempDir(), "bad.csv");
        File.WriteAllText(p, content);
        return p;
    }

    private static CliRunner.Result Fails(params string[] args)
    {
        var dir = Paths.TempDir();
        var outFile = Path.Combine(dir, "out.json");
        var r = CliRunner.Run([.. args, "--format", "json", "--out", outFile]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("error:", r.Err);
        Assert.False(File.Exists(outFile), "no output file may be left behind");
        Assert.Empty(Directory.GetFiles(dir));
        return r;
    }

    [Fact]
    public void MissingFile()
    {
        var r = Fails("estimate", "--data", "/nonexistent/x.csv", "--var", "y", "--weight", "w");
        Assert.Contains("x.csv", r.Err);
    }

    [Fact]
    public void MissingColumn()
    {
        var r = Fails("estimate", "--data", Api("apistrat"), "--var", "nope", "--weight", "pw");
        Assert.Contains("apistrat.csv", r.Err);
        Assert.Contains("column 'nope'", r.Err);
        Fails("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "nostrata");
    }

    [Fact]
    public void NonNumericValue()
    {
        var f = TempCsv("y,w\n1,2\n2,2\nabc,2\n4,2\n");
        var r = Fails("estimate", "--data", f, "--var", "y", "--stat", "total", "--weight", "w");
        Assert.Contains("bad.csv", r.Err);
        Assert.Contains("column 'y'", r.Err);
        Assert.Contains("row 3", r.Err);
        var r2 = Fails("estimate", "--data", TempCsv("y,w\n1,2\n2,x\n4,2\n"), "--var", "y", "--weight", "w");
        Assert.Contains("column 'w'", r2.Err);
        Assert.Contains("row 2", r2.Err);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    public void NegativeOrZeroWeight(string bad)
    {
        var f = TempCsv($"y,w\n1,2\n2,2\n3,{bad}\n4,2\n");
        var r = Fails("estimate", "--data", f, "--var", "y", "--weight", "w");
        Assert.Contains("bad.csv, column 'w', row 3", r.Err);
        Assert.Contains("> 0", r.Err);
    }

    [Fact]
    public void MissingWeight()
    {
        var r = Fails("estimate", "--data", TempCsv("y,w\n1,2\n2,\n3,2\n"), "--var", "y", "--weight", "w");
        Assert.Contains("column 'w', row 2", r.Err);
    }

    [Fact]
    public void StratumWithOnePsu()
    {
        var r = Fails("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--strata", "cname");
        Assert.Contains("apistrat.csv, column 'cname', row ", r.Err);
        Assert.Contains("has only one PSU", r.Err);
        Assert.Contains("--lonely-psu", r.Err);
    }

    [Fact]
    public void EmptyDomain()
    {
        var r = Fails("estimate", "--data", Api("apistrat"), "--var", "acs_k3", "--by", "stype", "--weight", "pw", "--strata", "stype");
        Assert.Contains("domain 'H'", r.Err);
        Assert.Contains("column 'acs_k3'", r.Err);
    }

    [Fact]
    public void AllMissingVariable()
    {
        var r = Fails("estimate", "--data", TempCsv("y,w,g\n,2,a\n,2,b\n,2,a\n"), "--var", "y", "--weight", "w");
        Assert.Contains("column 'y'", r.Err);
        Assert.Contains("no non-missing values", r.Err);
    }

    [Fact]
    public void BadOptionCombinations()
    {
        Fails("estimate", "--data", Api("apistrat"), "--var", "api00", "--weight", "pw", "--stat", "ratio");
        Fails("estimate", "--data", Api("apiclus2"), "--var", "api00", "--weight", "pw", "--cluster", "dnum,snum", "--fpc", "fpc1");
        Fails("estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--rake", "stype=E:4421,H:755");
        Fails("estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--rake", "stype");
        Fails("estimate", "--data", Api("apiclus1"), "--var", "api00", "--weight", "pw", "--cluster", "dnum", "--replicates", "jkn");
        var mixed = TempCsv("y,w,f\n1,2,0.5\n2,2,10\n3,2,10\n");
        var r = Fails("estimate", "--data", mixed, "--var", "y", "--weight", "w", "--fpc", "f");
        Assert.Contains("column 'f'", r.Err);
    }

    [Fact]
    public void HelpHasAnExample()
    {
        var r = CliRunner.Run("estimate", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: cohesion estimate", r.Out);
        Assert.Contains("--replicates", r.Out);
    }
}
