using System.Text.Json;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Mixed;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

public class MixedCliTests
{
    [Fact]
    public void CakeNestedWithPolynomialContrastsMatchesLme4()
    {
        // lme4's cake has temperature as an ordered factor (contr.poly); rebuild those columns from R's contr.poly(6)
        double[,] poly =
        {
            { -0.59761430466719689, 0.54554472558998091, -0.37267799624996506, 0.18898223650461365, -0.062994078834871056 },
            { -0.35856858280031806, -0.10910894511799603, 0.52174919474995096, -0.56694670951384107, 0.314970394174355461 },
            { -0.11952286093343939, -0.43643578047198472, 0.29814239699997180, 0.37796447300922781, -0.629940788348711700 },
            { 0.11952286093343931, -0.43643578047198472, -0.29814239699997191, 0.37796447300922664, 0.629940788348712477 },
            { 0.35856858280031806, -0.10910894511799614, -0.52174919474995085, -0.56694670951384074, -0.314970394174356405 },
            { 0.59761430466719678, 0.54554472558998091, 0.37267799624996489, 0.18898223650461368, 0.062994078834871264 },
        };
        var data = Cohesion.Data.DatasetLoader.Load(Paths.Fixture("shared", "mixed_cake.csv"));
        var temp = data.Categorical("temperature");
        var order = temp.Levels.Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var rank = order.Select(v => order.Count(o => o < v)).ToArray();
        string[] names = ["tL", "tQ", "tC", "t4", "t5"];
        for (int c = 0; c < 5; c++)
        {
            var v = new double[data.RowCount];
            for (int i = 0; i < v.Length; i++) v[i] = poly[rank[temp.Codes[i]], c];
            data.Add(new NumericColumn(names[c], v));
        }
        var fit = LinearMixedModel.Fit(data, "angle ~ tL + tQ + tC + t4 + t5 + (1|recipe/replicate)");
        var r = FixtureJson.Load("shared", "mixed_cake.json").GetProperty("results").GetProperty("reml");
        var est = r.GetProperty("estimate").Doubles();
        var se = r.GetProperty("se").Doubles();
        for (int i = 0; i < est.Length; i++)
        {
            Approx.Equal(est[i], fit.Fixed[i].Estimate, 1e-6, "estimate " + i);
            Approx.Equal(se[i], fit.Fixed[i].StdError, 1e-6, "se " + i);
        }
        Assert.Equal("replicate:recipe", fit.Random[0].Group);
        Approx.Equal(40.2910101145297, fit.Random[0].Variance, 1e-5, "replicate:recipe");
        Assert.Equal("recipe", fit.Random[1].Group);
        Assert.True(fit.Random[1].Variance < 1e-8 * fit.ResidualVariance);
        Assert.True(fit.Singular);
        Approx.Equal(20.4766666654193, fit.ResidualVariance, 1e-5, "residual");
        Approx.Equal(r.GetProperty("logLik").GetDouble(), fit.LogLik, 1e-7, "logLik");
    }

    [Fact]
    public void MixedJsonFollowsTheContract()
    {
        var res = CliRunner.Run("mixed", "--data", Paths.Fixture("models", "lmm_sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json");
        Assert.True(res.ExitCode == 0, res.Err);
        var j = JsonDocument.Parse(res.Out).RootElement;
        var r = FixtureJson.Load("models", "lmm_sleepstudy.json").GetProperty("results").GetProperty("slopes").GetProperty("reml");
        Assert.Equal(180, j.GetProperty("n").GetInt32());
        Assert.True(j.GetProperty("reml").GetBoolean());
        var fx = j.GetProperty("fixed").EnumerateArray().ToList();
        Assert.Equal(["(Intercept)", "Days"], fx.Select(f => f.GetProperty("term").GetString()));
        for (int i = 0; i < 2; i++)
        {
            Approx.Equal(r.GetProperty("estimate").Doubles()[i], fx[i].GetProperty("estimate").GetDouble(), 1e-6);
            Approx.Equal(r.GetProperty("se").Doubles()[i], fx[i].GetProperty("se").GetDouble(), 1e-6);
        }
        var rnd = j.GetProperty("random").EnumerateArray().ToList();
        Assert.Equal(3, rnd.Count);
        Assert.Equal("Subject", rnd[2].GetProperty("group").GetString());
        Assert.Equal("(Intercept)", rnd[2].GetProperty("term").GetString());
        Assert.Equal("Days", rnd[2].GetProperty("term2").GetString());
        Assert.Equal(JsonValueKind.Null, rnd[0].GetProperty("term2").ValueKind);
        Assert.Equal(JsonValueKind.Null, rnd[0].GetProperty("correlation").ValueKind);
        var vc = r.GetProperty("varcomp").EnumerateArray().ToList();
        Approx.Equal(vc[2].GetProperty("sdcor").GetDouble(), rnd[2].GetProperty("correlation").GetDouble(), 1e-5, "corr");
        Approx.Equal(vc[0].GetProperty("vcov").GetDouble(), rnd[0].GetProperty("variance").GetDouble(), 1e-5, "var");
        Approx.Equal(vc[0].GetProperty("sdcor").GetDouble(), rnd[0].GetProperty("sd").GetDouble(), 1e-5, "sd");
        Approx.Equal(vc[3].GetProperty("vcov").GetDouble(), j.GetProperty("residual_variance").GetDouble(), 1e-5, "residual");
        Approx.Equal(r.GetProperty("logLik").GetDouble(), j.GetProperty("loglik").GetDouble(), 1e-8, "loglik");

        var ranefPath = Path.Combine(Paths.TempDir(), "ranef.csv");
        var withRanef = CliRunner.Run("mixed", "--data", Paths.Fixture("models", "lmm_sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days|Subject)", "--ranef", ranefPath, "--format", "json");
        Assert.Equal(0, withRanef.ExitCode);
        var lines = File.ReadAllLines(ranefPath);
        Assert.Equal("group,level,term,value", lines[0]);
        Assert.Equal(1 + 18 * 2, lines.Length);
        var re = r.GetProperty("ranef")[0];
        int idx = Array.IndexOf(re.GetProperty("levels").Strings(), "308");
        double expected = re.GetProperty("values")[idx].Doubles()[1];
        var line = lines.Single(l => l.StartsWith("Subject,308,Days,"));
        Approx.Equal(expected, double.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture), 1e-4, "ranef 308 Days");

        var ml = CliRunner.Run("mixed", "--data", Paths.Fixture("models", "lmm_sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days|Subject)", "--ml", "--format", "json");
        Assert.False(JsonDocument.Parse(ml.Out).RootElement.GetProperty("reml").GetBoolean());
        foreach (var fmt in new[] { "table", "csv" })
        {
            var t = CliRunner.Run("mixed", "--data", Paths.Fixture("models", "lmm_sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days|Subject)", "--format", fmt);
            Assert.Equal(0, t.ExitCode);
            Assert.Contains("Subject", t.Out);
        }
    }

    [Fact]
    public void MixedBadInputGivesClearErrors()
    {
        string data = Paths.Fixture("models", "lmm_sleepstudy.csv");
        var missing = CliRunner.Run("mixed", "--data", data, "--formula", "Reaction ~ Days + (1|nosuch)");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("column 'nosuch'", missing.Err);
        Assert.Contains("lmm_sleepstudy.csv", missing.Err);
        var nonConv = CliRunner.Run("mixed", "--data", data, "--formula", "Reaction ~ Days + (Days|Subject)", "--max-evaluations", "12");
        Assert.Equal(1, nonConv.ExitCode);
        Assert.Contains("did not converge", nonConv.Err);
        // a grouping factor with one observation per level (as many levels as observations)
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "one.csv");
        File.WriteAllLines(path, ["y,x,id", .. Enumerable.Range(0, 30).Select(i => $"{Math.Sin(i)},{i},u{i}")]);
        var perObs = CliRunner.Run("mixed", "--data", path, "--formula", "y ~ x + (1|id)");
        Assert.Equal(1, perObs.ExitCode);
        Assert.Contains("must be < number of observations", perObs.Err);
        var noRandom = CliRunner.Run("mixed", "--data", data, "--formula", "Reaction ~ Days");
        Assert.Equal(1, noRandom.ExitCode);
        Assert.Contains("no random-effect term", noRandom.Err);
    }
}
