using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

public class PanelCliTests
{
    private static string Males => Paths.Fixture("shared", "panel_males.csv");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PanelJsonFollowsTheContract(bool cluster)
    {
        string[] args = ["panel", "--data", Males, "--formula", "wage ~ exper + union + married | nr", "--format", "json"];
        if (cluster) args = [.. args, "--cluster", "nr"];
        var res = CliRunner.Run(args);
        Assert.True(res.ExitCode == 0, res.Err);
        var j = JsonDocument.Parse(res.Out).RootElement;
        Assert.Equal(4360, j.GetProperty("n").GetInt32());
        var r = FixtureJson.Load("shared", "panel_males.json").GetProperty("results").GetProperty("fe_nr");
        var se = r.GetProperty(cluster ? "se_cluster" : "se_iid").Doubles();
        var coefs = j.GetProperty("coefficients").EnumerateArray().ToList();
        Assert.Equal(r.GetProperty("terms").Strings(), coefs.Select(c => c.GetProperty("term").GetString()));
        for (int i = 0; i < coefs.Count; i++)
        {
            var c = coefs[i];
            double est = c.GetProperty("estimate").GetDouble(), s = c.GetProperty("se").GetDouble();
            Approx.Equal(r.GetProperty("estimate").Doubles()[i], est, 1e-8);
            Approx.Equal(se[i], s, 1e-8);
            Approx.Equal(est / s, c.GetProperty("statistic").GetDouble(), 1e-12);
            Assert.True(c.GetProperty("p").GetDouble() is > 0 and < 1);
            Assert.True(c.GetProperty("ci_lower").GetDouble() < est && est < c.GetProperty("ci_upper").GetDouble());
        }
    }

    [Fact]
    public void PanelWithoutBarRunsOlsAndCsvAndTableWork()
    {
        var res = CliRunner.Run("panel", "--data", Paths.Fixture("models", "lm_mtcars.csv"), "--formula", "mpg ~ wt + hp + factor(cyl)", "--format", "csv");
        Assert.Equal(0, res.ExitCode);
        var lines = res.Out.Trim().Split('\n');
        Assert.Equal("term,estimate,se,statistic,p,ci_lower,ci_upper", lines[0].Trim());
        Assert.StartsWith("(Intercept),", lines[1]);
        var table = CliRunner.Run("panel", "--data", Paths.Fixture("models", "lm_mtcars.csv"), "--formula", "mpg ~ wt + hp");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("OLS", table.Out);
    }

    [Fact]
    public void PanelDecomposeReportsGelbach()
    {
        var res = CliRunner.Run("panel", "--data", Paths.Fixture("models", "gelbach_synthetic.csv"), "--formula",
            "cohesion ~ diversity + woz + income + rent + turnover | year", "--cluster", "gemeente",
            "--decompose", "ses=woz,income;housing=rent;turnover=turnover", "--format", "json");
        Assert.True(res.ExitCode == 0, res.Err);
        var g = JsonDocument.Parse(res.Out).RootElement.GetProperty("gelbach");
        var r = FixtureJson.Load("models", "gelbach_synthetic.json").GetProperty("results").GetProperty("fe_year_cluster");
        var groups = g.GetProperty("groups").EnumerateArray().ToList();
        for (int i = 0; i < 3; i++)
        {
            Approx.Equal(r.GetProperty("delta").Doubles()[i], groups[i].GetProperty("contribution").GetDouble(), 1e-8);
            Approx.Equal(r.GetProperty("se").Doubles()[i], groups[i].GetProperty("se").GetDouble(), 1e-8);
        }
        Assert.Equal("diversity", g.GetProperty("variable").GetString());
    }

    [Fact]
    public void PanelBadInput()
    {
        var missing = CliRunner.Run("panel", "--data", Males, "--formula", "wage ~ nosuch | nr");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("column 'nosuch'", missing.Err);
        Assert.Contains("panel_males.csv", missing.Err);
        var collinearOnly = CliRunner.Run("panel", "--data", Males, "--formula", "wage ~ exper | nr + year");
        Assert.Equal(1, collinearOnly.ExitCode);
        Assert.Contains("collinear with the fixed effects", collinearOnly.Err);
        var collinear = CliRunner.Run("panel", "--data", Males, "--formula", "wage ~ exper + union | nr + year");
        Assert.Equal(1, collinear.ExitCode);
        Assert.Contains("panel_males.csv, column 'exper': exper is collinear with the fixed effects (nr + year)", collinear.Err);
        var dropped = CliRunner.Run("panel", "--data", Males, "--formula", "wage ~ exper + union | nr + year", "--drop-collinear", "--format", "json");
        Assert.Equal(0, dropped.ExitCode);
        Assert.Contains("note: exper is collinear with the fixed effects", dropped.Err);
        // singleton: a man observed once
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "males_single.csv");
        var lines = File.ReadAllLines(Males).ToList();
        lines.Add("999999,1980,1.5,3,\"no\",\"yes\"");
        File.WriteAllLines(path, lines);
        var single = CliRunner.Run("panel", "--data", path, "--formula", "wage ~ exper + union + married | nr", "--format", "json");
        Assert.Equal(0, single.ExitCode);
        Assert.Contains("singleton", single.Err);
        Assert.Equal(4360, JsonDocument.Parse(single.Out).RootElement.GetProperty("n").GetInt32());
        var badCluster = CliRunner.Run("panel", "--data", Males, "--formula", "wage ~ exper | nr", "--cluster", "nosuch");
        Assert.Equal(1, badCluster.ExitCode);
        Assert.Contains("column 'nosuch'", badCluster.Err);
    }
}
