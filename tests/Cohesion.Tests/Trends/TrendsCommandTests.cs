using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Trends;

/// <summary><c>cohesion trends</c> through the CLI: the JSON contracts of issue 10, equality with the library (and so
/// with R), and bad input (a year column with one value, a series with one year, a break outside the data).</summary>
public class TrendsCommandTests
{
    private static string Waves => Paths.Fixture("trends", "waves.csv");

    [Fact]
    public void MicrodataJsonFollowsTheContractAndEqualsR()
    {
        var r = CliRunner.Run("trends", "--data", Waves, "--year", "year", "--var", "trust", "--by", "edu", "--weight", "weight",
            "--strata", "stratum", "--cluster", "psu", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(["waves", "contrasts", "trends", "notes", "provenance"], root.EnumerateObject().Select(p => p.Name).ToArray());
        var w = root.GetProperty("waves")[0];
        Assert.Equal(["variable", "group", "year", "estimate", "se", "ci_lower", "ci_upper", "n"], w.EnumerateObject().Select(p => p.Name).ToArray());
        var c = root.GetProperty("contrasts")[0];
        Assert.Equal(["variable", "group", "from", "to", "difference", "se", "p"], c.EnumerateObject().Select(p => p.Name).ToArray());
        var t = root.GetProperty("trends")[0];
        Assert.Equal(["variable", "group", "slope", "se", "p", "scale"], t.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("logit", t.GetProperty("scale").GetString());
        // the numbers are R's (tools/reference/trends.R)
        var reference = WaveTrendsReferenceTests.Reference.Value.GetProperty("strat_clus_trust_by_edu");
        var rc = reference.GetProperty("contrasts");
        var groups = WaveTrendsReferenceTests.Vec(rc, "group");
        Assert.Equal(groups.Count, root.GetProperty("contrasts").GetArrayLength());
        for (int i = 0; i < groups.Count; i++)
        {
            var row = root.GetProperty("contrasts").EnumerateArray().Single(x => x.GetProperty("group").GetString() == groups[i].GetString()
                && x.GetProperty("from").GetDouble() == WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rc, "from")[i])
                && x.GetProperty("to").GetDouble() == WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rc, "to")[i]));
            Approx.Equal(WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rc, "se")[i]), row.GetProperty("se").GetDouble(), 1e-8);
        }
        // 'none' has no respondents in 2020: no row, and a note
        Assert.DoesNotContain(root.GetProperty("waves").EnumerateArray(), x => x.GetProperty("group").GetString() == "none" && x.GetProperty("year").GetDouble() == 2020);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("group 'none' has no respondents with a value in wave 2020"));
        // national: group null
        var nat = CliRunner.Run("trends", "--data", Waves, "--year", "year", "--var", "trust", "--weight", "weight", "--format", "json");
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(nat.Out).RootElement.GetProperty("waves")[0].GetProperty("group").ValueKind);
    }

    /// <summary>Replicate weights shipped with the waves (svrepdesign, JKn with rscales from a file): wave SEs and the
    /// svyglm slopes equal R's; the design flags they replace are usage errors.</summary>
    [Fact]
    public void SuppliedReplicateWeightsEqualR()
    {
        string data = Paths.Fixture("trends", "waves_repweights.csv"), rscales = Paths.Fixture("trends", "waves_rscales.txt");
        string[] args = ["trends", "--data", data, "--year", "year", "--var", "trust", "--by", "edu", "--weight", "weight",
            "--repweights", "rep_[0-9]+", "--repweights-type", "JKn", "--rscales", rscales, "--format", "json"];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        var reference = WaveTrendsReferenceTests.Reference.Value.GetProperty("repweights_jkn_trust_by_edu");
        var rw = reference.GetProperty("waves");
        var groups = WaveTrendsReferenceTests.Vec(rw, "group");
        Assert.Equal(groups.Count, root.GetProperty("waves").GetArrayLength());
        for (int i = 0; i < groups.Count; i++)
        {
            var row = root.GetProperty("waves").EnumerateArray().Single(x => x.GetProperty("group").GetString() == groups[i].GetString()
                && x.GetProperty("year").GetDouble() == WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rw, "year")[i]));
            Approx.Equal(WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rw, "se")[i]), row.GetProperty("se").GetDouble(), 1e-8);
        }
        var rt = reference.GetProperty("trends");
        var tg = WaveTrendsReferenceTests.Vec(rt, "group");
        for (int i = 0; i < tg.Count; i++)
        {
            var row = root.GetProperty("trends").EnumerateArray().Single(x => x.GetProperty("group").GetString() == tg[i].GetString());
            Approx.Equal(WaveTrendsReferenceTests.Num(WaveTrendsReferenceTests.Vec(rt, "se")[i]), row.GetProperty("se").GetDouble(), 1e-6);
        }
        var withStrata = CliRunner.Run([.. args, "--strata", "stratum"]);
        Assert.Equal(2, withStrata.ExitCode);
        Assert.Contains("--repweights replaces --strata", withStrata.Err);
        var wrongType = CliRunner.Run("trends", "--data", data, "--year", "year", "--var", "trust", "--weight", "weight",
            "--repweights", "rep_[0-9]+", "--repweights-type", "BRR");
        Assert.Equal(1, wrongType.ExitCode);
        Assert.Contains("BRR", wrongType.Err);
    }

    [Fact]
    public void SeriesJsonFollowsTheContract()
    {
        var r = CliRunner.Run("trends", "--series", Paths.Fixture("trends", "series_se.csv"), "--break", "2015", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(["series", "trends", "notes", "provenance"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["indicator", "group", "year", "value", "source"], root.GetProperty("series")[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["indicator", "group", "from", "to", "slope", "se", "scale"], root.GetProperty("trends")[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(4, root.GetProperty("trends").GetArrayLength()); // two groups × two segments
        Assert.All(root.GetProperty("trends").EnumerateArray(), t => Assert.Equal("logit", t.GetProperty("scale").GetString()));
    }

    [Fact]
    public void BuiltInRunShowsTheRealCbsSeries()
    {
        var r = CliRunner.Run("trends", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("real", root.GetProperty("provenance").GetString());
        Assert.Contains(root.GetProperty("series").EnumerateArray(), p => p.GetProperty("indicator").GetString() == "trust_tweede_kamer" && p.GetProperty("year").GetDouble() == 2020
            && p.GetProperty("value").GetDouble() == 53 && p.GetProperty("source").GetString()!.Contains("blikopnieuws"));
        var soc = root.GetProperty("societal");
        Assert.Equal("derived", soc.GetProperty("provenance").GetString());
        foreach (var s in soc.GetProperty("splits").EnumerateArray())
            Assert.True(Math.Abs(s.GetProperty("composition").GetDouble() + s.GetProperty("within").GetDouble() - s.GetProperty("change").GetDouble()) < 1e-15);
        var table = CliRunner.Run("trends");
        Assert.Contains("REAL", table.Out);
        Assert.Contains("Composition vs within groups, 2012–2022", table.Out);
    }

    [Fact]
    public void YearColumnWithOneValueIsAnErrorNamingTheColumn()
    {
        var dir = Paths.TempDir();
        var file = Path.Combine(dir, "one.csv");
        File.WriteAllLines(file, File.ReadAllLines(Waves).Where((l, i) => i == 0 || l.StartsWith("2018,")));
        var outFile = Path.Combine(dir, "out.json");
        var r = CliRunner.Run("trends", "--data", file, "--year", "year", "--var", "trust", "--weight", "weight", "--format", "json", "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 'year'", r.Err);
        Assert.Contains("only one value (2018)", r.Err);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void SeriesWithOneYearIsAnErrorAndWritesNothing()
    {
        var dir = Paths.TempDir();
        var file = Path.Combine(dir, "one.csv");
        File.WriteAllLines(file, ["indicator,group,year,value,source", "trust,all,2022,66,CBS", "trust,low,2022,40,CBS"]);
        string outFile = Path.Combine(dir, "o.json"), scen = Path.Combine(dir, "s.json"), svg = Path.Combine(dir, "c.svg");
        var r = CliRunner.Run("trends", "--series", file, "--export-societal", scen, "--chart", svg, "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("only one year (2022)", r.Err);
        Assert.Contains("column 'year'", r.Err);
        Assert.False(File.Exists(outFile) || File.Exists(scen) || File.Exists(svg));
    }

    [Theory]
    [InlineData("2030")]
    [InlineData("2012")]
    [InlineData("2016,2025")]
    public void BreakOutsideTheDataIsAnError(string breaks)
    {
        var dir = Paths.TempDir();
        var outFile = Path.Combine(dir, "o.json");
        var r = CliRunner.Run("trends", "--series", Paths.RealData("cbs-ssw-national-trends", "nl_cohesion_trends_cbs.csv"), "--break", breaks, "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--break {breaks.Split(',')[^1]} is outside the data's years (2012–2024)", r.Err);
        Assert.False(File.Exists(outFile));
    }

    [Theory]
    [InlineData(new[] { "trends", "--data", "x.csv", "--series", "y.csv" }, "not both")]
    [InlineData(new[] { "trends", "--data", "x.csv" }, "--year")]
    [InlineData(new[] { "trends", "--series", "y.csv", "--panel" }, "--panel belongs to --data")]
    [InlineData(new[] { "trends", "--data", "x.csv", "--year", "y", "--panel" }, "--panel needs --cluster")]
    [InlineData(new[] { "trends", "--break", "twenty" }, "is not a year")]
    public void MisusedFlagsAreUsageErrors(string[] args, string message)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void ChartIsAnSvgWithSourceAndProvenance()
    {
        var dir = Paths.TempDir();
        var svg = Path.Combine(dir, "c.svg");
        var r = CliRunner.Run("trends", "--chart", svg, "--format", "csv");
        Assert.True(r.ExitCode == 0, r.Err);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<svg", text);
        Assert.Contains("data-panel=\"trust_tweede_kamer\"", text);
        Assert.Contains("REAL", text);
        Assert.Contains("CBS", text);
    }
}
