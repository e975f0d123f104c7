using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary><c>cohesion glm</c>: bad input gets a message naming flag or column and the documented exit code; the
/// output formats carry the contract's fields.</summary>
public class GlmCliTests
{
    private static readonly string Clus1 = Paths.Fixture("survey_depth", "apiclus1.csv");

    private static CliRunner.Result Glm(params string[] extra) =>
        CliRunner.Run(["glm", "--data", Clus1, "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", .. extra]);

    /// <summary>In apistrat, acs_k3 (average class size K-3) is missing for every middle and high school, so among the
    /// complete cases stype has one level: R's svyglm stops ("contrasts can be applied only to factors with 2 or more
    /// levels"); the term is not dropped silently. So does R in a domain where the factor has one level (svyglm and svyolr
    /// on subset(design, stype == "E")).</summary>
    [Fact]
    public void AFactorLeftWithOneLevelIsAnErrorNamingTheColumn()
    {
        var strat = Paths.Fixture("survey_depth", "apistrat.csv");
        string[] design = ["--weight", "pw", "--strata", "stype", "--fpc", "fpc"];
        var r = CliRunner.Run(["glm", "--data", strat, "--formula", "api00 ~ acs_k3 + factor(stype)", .. design]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 'stype'", r.Err);
        Assert.Contains("only one level ('E')", r.Err);
        var ord = CliRunner.Run(["glm", "--data", strat, "--formula", "factor(mealcat) ~ acs_k3 + stype", "--family", "ordinal", .. design]);
        Assert.Equal(1, ord.ExitCode);
        Assert.Contains("column 'stype'", ord.Err);
        var domain = CliRunner.Run(["glm", "--data", strat, "--formula", "api00 ~ ell + factor(stype)", "--subset", "stype == 'E'", .. design]);
        Assert.Equal(1, domain.ExitCode);
        Assert.Contains("column 'stype'", domain.Err);
        var ok = CliRunner.Run(["glm", "--data", strat, "--formula", "api00 ~ acs_k3 + ell", "--format", "json", .. design]);
        Assert.Equal(0, ok.ExitCode);
    }

    [Fact]
    public void AFamilyThatDoesNotFitTheOutcomeIsAnErrorNamingTheColumn()
    {
        var pois = Glm("--formula", "growth ~ meals", "--family", "poisson");
        Assert.Equal(1, pois.ExitCode);
        Assert.Contains("column 'growth'", pois.Err);
        Assert.Contains("non-negative", pois.Err);
        var bin = Glm("--formula", "api00 ~ meals", "--family", "binomial");
        Assert.Equal(1, bin.ExitCode);
        Assert.Contains("column 'api00'", bin.Err);
        Assert.Contains("0/1", bin.Err);
        var gauss = Glm("--formula", "stype ~ meals", "--family", "gaussian");
        Assert.Equal(1, gauss.ExitCode);
        Assert.Contains("column 'stype'", gauss.Err);
        Assert.Contains("ordinal", gauss.Err);
        var ord = Glm("--formula", "sch_wide ~ meals", "--family", "ordinal");
        Assert.Equal(1, ord.ExitCode);
        Assert.Contains("3 or more categories", ord.Err);
        var continuous = Glm("--formula", "api00 ~ meals", "--family", "ordinal");
        Assert.Equal(1, continuous.ExitCode);
        Assert.Contains("column 'api00'", continuous.Err);
        Assert.Contains("looks continuous", continuous.Err);
        var unknown = Glm("--formula", "api00 ~ meals", "--family", "gamma");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--family", unknown.Err);
        Assert.Equal("", pois.Out + bin.Out + gauss.Out + ord.Out);
    }

    [Fact]
    public void SubsetAndFormulaErrorsNameWhatIsWrong()
    {
        var col = Glm("--formula", "api00 ~ meals", "--subset", "school == 'E'");
        Assert.Equal(1, col.ExitCode);
        Assert.Contains("no column 'school'", col.Err);
        var lvl = Glm("--formula", "api00 ~ meals", "--subset", "stype == 'X'");
        Assert.Equal(1, lvl.ExitCode);
        Assert.Contains("column 'stype'", lvl.Err);
        var empty = Glm("--formula", "api00 ~ meals", "--subset", "meals > 1000");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("selects no rows", empty.Err);
        var missing = Glm("--formula", "api00 ~ mealz");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("mealz", missing.Err);
        var or = Glm("--formula", "api00 ~ meals", "--odds-ratios");
        Assert.Equal(2, or.ExitCode);
        Assert.Contains("--odds-ratios", or.Err);
    }

    [Fact]
    public void JsonCarriesTheContractFieldsAndOddsRatios()
    {
        var r = Glm("--formula", "sch_wide ~ ell + meals", "--family", "quasibinomial", "--odds-ratios", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var doc = JsonDocument.Parse(r.Out).RootElement;
        foreach (var f in new[] { "family", "coefficients", "dispersion", "df_residual", "n" }) Assert.True(doc.TryGetProperty(f, out _), f);
        var c = doc.GetProperty("coefficients")[1];
        foreach (var f in new[] { "term", "estimate", "se", "statistic", "p", "odds_ratio", "or_lower", "or_upper" }) Assert.True(c.TryGetProperty(f, out _), f);
        Assert.Equal(Math.Exp(c.GetProperty("estimate").GetDouble()), c.GetProperty("odds_ratio").GetDouble(), 12);
        Assert.True(c.GetProperty("or_lower").GetDouble() < c.GetProperty("odds_ratio").GetDouble());
        var csv = Glm("--formula", "sch_wide ~ ell + meals", "--family", "quasibinomial", "--format", "csv");
        Assert.StartsWith("term,estimate,se,statistic,p,ci_lower,ci_upper", csv.Out);
        var table = Glm("--formula", "sch_wide ~ ell + meals", "--family", "quasibinomial");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("svyglm", table.Out);
        Assert.Contains("ell", table.Out);
    }

    [Fact]
    public void OrdinalThresholdsFollowTheSlopesAndLevelsSetTheirOrder()
    {
        var data = Paths.Fixture("survey_depth", "nhanes.csv");
        var r = CliRunner.Run("glm", "--data", data, "--formula", "agecat ~ RIAGENDR", "--family", "ordinal", "--weight", "WTMEC2YR",
            "--strata", "SDMVSTRA", "--cluster", "SDMVPSU", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var terms = JsonDocument.Parse(r.Out).RootElement.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("term").GetString()).ToArray();
        Assert.Equal(["RIAGENDR", "(0,19]|(19,39]", "(19,39]|(39,59]", "(39,59]|(59,Inf]"], terms);
        var reversed = CliRunner.Run("glm", "--data", data, "--formula", "agecat ~ RIAGENDR", "--family", "ordinal", "--weight", "WTMEC2YR",
            "--strata", "SDMVSTRA", "--cluster", "SDMVPSU", "--levels", "(59,Inf];(39,59];(19,39];(0,19]", "--format", "json");
        Assert.Equal(0, reversed.ExitCode);
        var a = JsonDocument.Parse(r.Out).RootElement.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble();
        var b = JsonDocument.Parse(reversed.Out).RootElement.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble();
        Assert.Equal(-a, b, 2); // reversing the categories flips the slope (up to where BFGS stops, as in R)
        var bad = CliRunner.Run("glm", "--data", data, "--formula", "agecat ~ RIAGENDR", "--family", "ordinal", "--weight", "WTMEC2YR",
            "--levels", "a,b,c");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("not among the given levels", bad.Err);
    }

    [Fact]
    public void SeparationAndSingularitiesAreWarnedAboutAsRDoes()
    {
        var dir = Directory.CreateTempSubdirectory("glm-warn").FullName;
        var sep = Path.Combine(dir, "sep.csv");
        File.WriteAllText(sep, "y,x,w\n0,1,1\n0,2,1\n1,3,1\n1,4,1\n0,1.5,1\n1,3.5,1\n");
        var r = CliRunner.Run("glm", "--data", sep, "--formula", "y ~ x", "--family", "binomial", "--weight", "w", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: fitted probabilities numerically 0 or 1 occurred", r.Err);
        var warnings = JsonDocument.Parse(r.Out).RootElement.GetProperty("warnings").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("separation"));
        var colin = Path.Combine(dir, "colin.csv");
        File.WriteAllText(colin, "y,x,w\n1,1,1\n2,1,1\n3,1,1\n");
        var c = CliRunner.Run("glm", "--data", colin, "--formula", "y ~ x", "--weight", "w");
        Assert.Equal(0, c.ExitCode);
        Assert.Contains("not defined because of singularities: x", c.Err);
        var clean = Glm("--formula", "api00 ~ meals", "--format", "json");
        Assert.Equal(0, JsonDocument.Parse(clean.Out).RootElement.GetProperty("warnings").GetArrayLength());
        Assert.DoesNotContain("warning:", clean.Err);
    }
}
