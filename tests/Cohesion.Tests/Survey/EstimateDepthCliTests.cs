using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Bad input to the estimate additions of issue 18: clear messages naming the flag, column or file, and the
/// documented exit codes (1 user error, 2 usage).</summary>
public class EstimateDepthCliTests
{
    private static string Data(string file) => Paths.Fixture("survey_depth", file);

    private static string Totals(params string[] lines)
    {
        var path = Path.Combine(Paths.TempDir(), "totals.csv");
        File.WriteAllLines(path, ["term,total", .. lines]);
        return path;
    }

    [Fact]
    public void ACalibrationTotalForAnUnknownTermIsAnErrorNamingTheTermAndFile()
    {
        var totals = Totals("(Intercept),6194", "stypeH,755", "stypeM,1018", "api98,3914069");
        var r = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--cluster", "dnum",
            "--calibrate", "~ stype + api99", "--population", totals);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("unknown term 'api98'", r.Err);
        Assert.Contains("totals.csv", r.Err);
        Assert.Contains("api99", r.Err); // lists the model's terms
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void AMissingCalibrationTotalIsAnError()
    {
        var totals = Totals("(Intercept),6194", "stypeH,755");
        var r = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--cluster", "dnum",
            "--calibrate", "~ stype", "--population", totals);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no population total for term 'stypeM'", r.Err);
    }

    [Fact]
    public void CalibrationFlagsWithoutTheirPartnersAreUsageErrors()
    {
        var r = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--calibrate", "~ stype");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--population", r.Err);
        var totals = Totals("(Intercept),6194", "stypeH,755", "stypeM,1018");
        var logit = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--calibrate", "~ stype",
            "--population", totals, "--calfun", "logit");
        Assert.Equal(2, logit.ExitCode);
        Assert.Contains("--bounds", logit.Err);
    }

    [Fact]
    public void ReplicateColumnsThatDoNotMatchTheTypeAreAnErrorNamingTheColumn()
    {
        // jackknife columns declared as BRR half-samples
        var r = CliRunner.Run("estimate", "--data", Data("apiclus1_jk1.csv"), "--var", "api00", "--weight", "pw",
            "--repweights", "^jk1_", "--repweights-type", "BRR");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 'jk1_1'", r.Err);
        Assert.Contains("BRR", r.Err);
        var none = CliRunner.Run("estimate", "--data", Data("apiclus1_jk1.csv"), "--var", "api00", "--weight", "pw",
            "--repweights", "^rep", "--repweights-type", "JK1");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("matches no column", none.Err);
        var jkn = CliRunner.Run("estimate", "--data", Data("apistrat_jkn.csv"), "--var", "api00", "--weight", "pw",
            "--repweights", "^jkn_", "--repweights-type", "JKn");
        Assert.Equal(1, jkn.ExitCode);
        Assert.Contains("rscales", jkn.Err);
        var mixed = CliRunner.Run("estimate", "--data", Data("apiclus1_jk1.csv"), "--var", "api00", "--weight", "pw", "--cluster", "dnum",
            "--repweights", "^jk1_", "--repweights-type", "JK1");
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("--repweights", mixed.Err);
        var fay = CliRunner.Run("estimate", "--data", Data("nhanes_fay.csv"), "--var", "HI_CHOL", "--weight", "WTMEC2YR",
            "--repweights", "^fay_", "--repweights-type", "Fay");
        Assert.Equal(2, fay.ExitCode);
        Assert.Contains("--rho", fay.Err);
    }

    [Fact]
    public void IntervalAndTestFlagsCheckWhatTheyApplyTo()
    {
        var ci = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--ci", "logit");
        Assert.Equal(1, ci.ExitCode);
        Assert.Contains("0/1", ci.Err);
        Assert.Contains("api00", ci.Err);
        var total = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "sch_wide", "--stat", "total", "--weight", "pw", "--ci", "beta");
        Assert.Equal(2, total.ExitCode);
        var chisq = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "sch_wide", "--weight", "pw", "--test", "chisq");
        Assert.Equal(2, chisq.ExitCode);
        Assert.Contains("--by", chisq.Err);
        var q = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--stat", "quantile", "--quantiles", "0.5,1.5");
        Assert.Equal(2, q.ExitCode);
        Assert.Contains("--quantiles", q.Err);
        var cat = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "stype", "--weight", "pw", "--stat", "quantile");
        Assert.Equal(1, cat.ExitCode);
        Assert.Contains("numeric", cat.Err);
    }

    [Fact]
    public void ImputationNeedsSeveralImputationsAndIsNotUsedForTheTest()
    {
        var one = CliRunner.Run("estimate", "--data", Data("apiclus1.csv"), "--var", "api00", "--weight", "pw", "--imputation", "fpc");
        Assert.Equal(1, one.ExitCode); // fpc is constant: one imputation only
        Assert.Contains("column 'fpc'", one.Err);
        Assert.Contains("at least two", one.Err);
        var r = CliRunner.Run("estimate", "--data", Data("pisa_pv_stacked.csv"), "--var", "ST04Q01", "--by", "ST14Q02", "--weight", "W_FSTUWT",
            "--test", "chisq", "--imputation", "imp");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--imputation", r.Err);
    }

    [Fact]
    public void PooledRowsCarryDfAndFmiAndTheImputationCount()
    {
        var r = CliRunner.Run("estimate", "--data", Data("pisa_pv_stacked.csv"), "--var", "math", "--weight", "W_FSTUWT", "--strata", "STRATUM",
            "--cluster", "SCHOOLID", "--lonely-psu", "adjust", "--imputation", "imp", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var doc = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(5, doc.GetProperty("imputations").GetInt32());
        var row = doc.GetProperty("estimates")[0];
        Assert.True(row.GetProperty("df").GetDouble() > 4);
        double fmi = row.GetProperty("fmi").GetDouble();
        Assert.InRange(fmi, 0, 1);
    }
}
