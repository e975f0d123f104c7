using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>The command-line contract of issue 19: <c>mixed --family/--nagq/--ddf/--profile/--weights</c> and
/// <c>panel --index/--model/--effect/--hausman/--test/--se/--cluster a,b/--cluster-type/--weights</c>.</summary>
public class ModelsDepthCliTests
{
    private static string Fx(string file) => Paths.Fixture("models_depth", file);

    private static JsonElement Json(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    [Fact]
    public void MixedBinomialJsonHasTheGlmmFields()
    {
        var c = FixtureJson.Load("models_depth", "glmm_cbpp.json").GetProperty("cases")[0];
        var j = Json("mixed", "--data", Fx("glmm_cbpp.csv"), "--formula", c.GetProperty("formula").GetString()!, "--family", "binomial", "--format", "json");
        Assert.Equal("binomial", j.GetProperty("family").GetString());
        Assert.True(j.GetProperty("converged").GetBoolean());
        Approx.Equal(c.GetProperty("logLik").GetDouble(), j.GetProperty("loglik").GetDouble(), 1e-9, "loglik");
        Approx.Equal(c.GetProperty("aic").GetDouble(), j.GetProperty("aic").GetDouble(), 1e-9, "aic");
        Approx.Equal(c.GetProperty("bic").GetDouble(), j.GetProperty("bic").GetDouble(), 1e-9, "bic");
        Assert.Equal(1.0, j.GetProperty("residual_variance").GetDouble());
        var fixedRows = j.GetProperty("fixed").EnumerateArray().ToList();
        var est = c.GetProperty("estimate").Doubles();
        var p = c.GetProperty("p").Doubles();
        for (int i = 0; i < est.Length; i++)
        {
            Approx.Equal(est[i], fixedRows[i].GetProperty("estimate").GetDouble(), 1e-5, "estimate");
            Assert.Equal(JsonValueKind.Null, fixedRows[i].GetProperty("df").ValueKind);
            Approx.Equal(p[i], fixedRows[i].GetProperty("p").GetDouble(), 1e-3, "Wald z p");
        }
        Approx.Equal(c.GetProperty("varcomp")[0].GetProperty("vcov").GetDouble(), j.GetProperty("random")[0].GetProperty("variance").GetDouble(), 2e-5, "herd variance");
    }

    [Fact]
    public void MixedQuadratureAndPoissonOffsetFromTheCommandLine()
    {
        var cases = FixtureJson.Load("models_depth", "glmm_cbpp.json").GetProperty("cases").EnumerateArray().ToList();
        var agq = cases.First(x => x.GetProperty("name").GetString() == "agq9");
        var j = Json("mixed", "--data", Fx("glmm_cbpp.csv"), "--formula", agq.GetProperty("formula").GetString()!, "--family", "binomial", "--nagq", "9", "--format", "json");
        Approx.Equal(agq.GetProperty("logLik").GetDouble(), j.GetProperty("loglik").GetDouble(), 1e-9, "AGQ loglik");
        Assert.Equal(9, j.GetProperty("nagq").GetInt32());
        var off = cases.First(x => x.GetProperty("name").GetString() == "poisson_offset");
        var k = Json("mixed", "--data", Fx("glmm_cbpp.csv"), "--formula", off.GetProperty("formula").GetString()!, "--family", "poisson", "--format", "json");
        Approx.Equal(off.GetProperty("logLik").GetDouble(), k.GetProperty("loglik").GetDouble(), 1e-9, "Poisson offset loglik");
    }

    [Fact]
    public void MixedGaussianGetsSatterthwaiteByDefaultAndKenwardRogerOnRequest()
    {
        var c = FixtureJson.Load("models_depth", "lmm_sleepstudy.json").GetProperty("cases")[0];
        var j = Json("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", c.GetProperty("formula").GetString()!, "--format", "json");
        Assert.Equal("gaussian", j.GetProperty("family").GetString());
        Assert.Equal("satterthwaite", j.GetProperty("ddf").GetString());
        var df = c.GetProperty("df").Doubles();
        var rows = j.GetProperty("fixed").EnumerateArray().ToList();
        for (int i = 0; i < df.Length; i++) Approx.Equal(df[i], rows[i].GetProperty("df").GetDouble(), 1e-6, "Satterthwaite df");
        var kr = Json("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", c.GetProperty("formula").GetString()!, "--ddf", "kenward-roger", "--format", "json");
        var krDf = c.GetProperty("kr").GetProperty("df").Doubles();
        var krRows = kr.GetProperty("fixed").EnumerateArray().ToList();
        for (int i = 0; i < krDf.Length; i++) Approx.Equal(krDf[i], krRows[i].GetProperty("df").GetDouble(), 1e-6, "KR df");
        var none = Json("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", c.GetProperty("formula").GetString()!, "--ddf", "none", "--format", "json");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("fixed")[0].GetProperty("p").ValueKind);
    }

    [Fact]
    public void MixedProfileListsStandardDeviationIntervals()
    {
        var c = FixtureJson.Load("models_depth", "lmm_sleepstudy.json").GetProperty("cases")[0];
        var j = Json("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", c.GetProperty("formula").GetString()!, "--profile", "--format", "json");
        var prof = j.GetProperty("profile").EnumerateArray().ToList();
        Assert.Equal(4, prof.Count);
        var sigma = prof.Single(x => x.GetProperty("group").GetString() == "Residual");
        var names = c.GetProperty("profile").GetProperty("parameter").Strings();
        int i = Array.IndexOf(names, "sigma");
        Approx.Equal(c.GetProperty("profile").GetProperty("lower").Doubles()[i], sigma.GetProperty("lower").GetDouble(), 1e-5, "sigma lower");
        Approx.Equal(c.GetProperty("profile").GetProperty("upper").Doubles()[i], sigma.GetProperty("upper").GetDouble(), 1e-5, "sigma upper");
        Assert.All(prof, x => Assert.True(x.TryGetProperty("term", out _)));
    }

    [Fact]
    public void MixedWeightedFitMatchesLmer()
    {
        var c = FixtureJson.Load("models_depth", "lmm_sleepstudy.json").GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == "weighted_ml");
        var j = Json("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", c.GetProperty("formula").GetString()!, "--weights", "w", "--ml", "--format", "json");
        Approx.Equal(c.GetProperty("logLik").GetDouble(), j.GetProperty("loglik").GetDouble(), 1e-9, "weighted logLik");
    }

    [Fact]
    public void MixedBadOptionValuesAreUsageErrors()
    {
        var a = CliRunner.Run("mixed", "--data", Fx("glmm_cbpp.csv"), "--formula", "incidence ~ 1 + (1|herd)", "--family", "gamma");
        Assert.Equal(2, a.ExitCode);
        Assert.Contains("--family", a.Err);
        var b = CliRunner.Run("mixed", "--data", Fx("lmm_sleepstudy.csv"), "--formula", "Reaction ~ Days + (1|Subject)", "--ddf", "wald");
        Assert.Equal(2, b.ExitCode);
        var c = CliRunner.Run("mixed", "--data", Fx("glmm_cbpp.csv"), "--formula", "incidence ~ 1 + (1|herd)", "--family", "poisson", "--ml");
        Assert.Equal(2, c.ExitCode);
    }

    [Fact]
    public void PanelRandomWithHausmanFollowsTheContract()
    {
        var root = FixtureJson.Load("models_depth", "plm_grunfeld.json");
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == "random_swar_individual");
        var j = Json("panel", "--data", Fx("plm_grunfeld.csv"), "--formula", "inv ~ value + capital", "--index", "firm,year", "--model", "random", "--hausman", "--test", "poolability", "--format", "json");
        Assert.Equal("random", j.GetProperty("model").GetString());
        Assert.Equal("individual", j.GetProperty("effect").GetString());
        var rows = j.GetProperty("coefficients").EnumerateArray().ToList();
        var se = c.GetProperty("se").Doubles();
        var st = c.GetProperty("statistic").Doubles();
        var p = c.GetProperty("p").Doubles();
        for (int i = 0; i < se.Length; i++)
        {
            Approx.Equal(se[i], rows[i].GetProperty("se").GetDouble(), 1e-7, "se");
            Approx.Equal(st[i], rows[i].GetProperty("statistic").GetDouble(), 1e-7, "z");
            Approx.Equal(p[i], rows[i].GetProperty("p").GetDouble(), 1e-6, "p");
        }
        Approx.Equal(c.GetProperty("theta").Doubles()[0], j.GetProperty("theta").GetDouble(), 1e-8, "theta");
        var h = root.GetProperty("tests").GetProperty("individual").GetProperty("hausman");
        Approx.Equal(h.GetProperty("statistic").GetDouble(), j.GetProperty("hausman").GetProperty("statistic").GetDouble(), 1e-6, "Hausman");
        Assert.Equal(2, j.GetProperty("hausman").GetProperty("df").GetInt32());
        var f = root.GetProperty("tests").GetProperty("individual").GetProperty("poolability");
        Approx.Equal(f.GetProperty("statistic").GetDouble(), j.GetProperty("poolability").GetProperty("statistic").GetDouble(), 1e-8, "F");
        Assert.True(j.GetProperty("poolability").GetProperty("p").GetDouble() > 0);
    }

    [Fact]
    public void PanelIndexedByTheIndividualAloneAsPlm()
    {
        // plm's index = "townid": periods numbered within each town; an unbalanced panel whose within model drops
        // the regressors constant within towns, and a Hausman test over the common coefficients (plm's abs())
        var root = FixtureJson.Load("models_depth", "plm_hedonic.json");
        string formula = root.GetProperty("formula").GetString()!;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("name").GetString()!, model = c.GetProperty("model").GetString()!;
            var j = Json("panel", "--data", Fx("plm_hedonic.csv"), "--formula", formula, "--index", "townid", "--model", model,
                "--random-method", c.GetProperty("random_method").GetString()!, "--format", "json");
            var terms = c.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ToArray();
            var rows = j.GetProperty("coefficients").EnumerateArray().ToList();
            Assert.Equal(terms, rows.Select(r => r.GetProperty("term").GetString()).ToArray());
            var est = c.GetProperty("estimate").Doubles();
            var se = c.GetProperty("se").Doubles();
            var p = c.GetProperty("p").Doubles();
            for (int i = 0; i < est.Length; i++)
            {
                Approx.Equal(est[i], rows[i].GetProperty("estimate").GetDouble(), 1e-7, $"{name} estimate {terms[i]}");
                Approx.Equal(se[i], rows[i].GetProperty("se").GetDouble(), 1e-7, $"{name} se {terms[i]}");
                if (p[i] > 1e-300) Approx.Equal(p[i], rows[i].GetProperty("p").GetDouble(), 1e-6, $"{name} p {terms[i]}");
            }
            Approx.Equal(c.GetProperty("rss").GetDouble(), j.GetProperty("rss").GetDouble(), 1e-8, $"{name} rss");
            Assert.False(j.GetProperty("balanced").GetBoolean());
            if (model == "random")
            {
                Approx.Equal(c.GetProperty("sigma2").GetProperty("idios").GetDouble(), j.GetProperty("sigma2").GetProperty("idiosyncratic").GetDouble(), 1e-8, $"{name} sigma2");
                Approx.Equal(c.GetProperty("sigma2").GetProperty("id").GetDouble(), j.GetProperty("sigma2").GetProperty("individual").GetDouble(), 1e-8, $"{name} sigma2_id");
                var theta = c.GetProperty("theta").Doubles();
                Approx.Equal(theta.Min(), j.GetProperty("theta").GetProperty("id").GetProperty("min").GetDouble(), 1e-8, $"{name} theta min");
                Approx.Equal(theta.Max(), j.GetProperty("theta").GetProperty("id").GetProperty("max").GetDouble(), 1e-8, $"{name} theta max");
            }
        }
        var t = root.GetProperty("tests").GetProperty("individual");
        var h = Json("panel", "--data", Fx("plm_hedonic.csv"), "--formula", formula, "--index", "townid", "--model", "random", "--hausman", "--test", "poolability", "--format", "json");
        Approx.Equal(t.GetProperty("hausman").GetProperty("statistic").GetDouble(), h.GetProperty("hausman").GetProperty("statistic").GetDouble(), 1e-7, "Hausman");
        Assert.Equal(t.GetProperty("hausman").GetProperty("df").GetInt32(), h.GetProperty("hausman").GetProperty("df").GetInt32());
        Approx.Equal(t.GetProperty("hausman").GetProperty("p").GetDouble(), h.GetProperty("hausman").GetProperty("p").GetDouble(), 1e-6, "Hausman p");
        Approx.Equal(t.GetProperty("poolability").GetProperty("statistic").GetDouble(), h.GetProperty("poolability").GetProperty("statistic").GetDouble(), 1e-8, "F");
        // plm refuses Amemiya when regressors lack within variation; so does cohesion, naming them
        var a = CliRunner.Run("panel", "--data", Fx("plm_hedonic.csv"), "--formula", formula, "--index", "townid", "--model", "random", "--random-method", "amemiya", "--format", "json");
        Assert.Equal(1, a.ExitCode);
        Assert.Contains("zn", a.Err);
        Assert.Equal("", a.Out);
    }

    [Fact]
    public void PanelTwoWayWithinAndFirstDifferences()
    {
        var root = FixtureJson.Load("models_depth", "plm_produc.json");
        foreach (var (name, model, effect) in new[] { ("within_twoways", "within", "twoways"), ("fd_individual", "fd", "individual"), ("between_time", "between", "time") })
        {
            var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == name);
            var j = Json("panel", "--data", Fx("plm_produc.csv"), "--formula", root.GetProperty("formula").GetString()!, "--index", "state,year", "--model", model, "--effect", effect, "--format", "json");
            var est = c.GetProperty("estimate").Doubles();
            var rows = j.GetProperty("coefficients").EnumerateArray().ToList();
            Assert.Equal(est.Length, rows.Count);
            for (int i = 0; i < est.Length; i++) Approx.Equal(est[i], rows[i].GetProperty("estimate").GetDouble(), 1e-7, $"{name} estimate");
        }
    }

    [Fact]
    public void PanelMultiwayClusteringAndHcTypes()
    {
        var r = FixtureJson.Load("models_depth", "sandwich_petersen.json").GetProperty("results").GetProperty("lm");
        var j = Json("panel", "--data", Fx("sandwich_petersen.csv"), "--formula", "y ~ x", "--cluster", "firm,year", "--format", "json");
        var rows = j.GetProperty("coefficients").EnumerateArray().ToList();
        var se = r.GetProperty("cl_firm_year").Doubles();
        for (int i = 0; i < se.Length; i++) Approx.Equal(se[i], rows[i].GetProperty("se").GetDouble(), 1e-9, "multiway se");
        Assert.Equal(2, j.GetProperty("clusters_per_column").GetArrayLength());
        var k = Json("panel", "--data", Fx("sandwich_petersen.csv"), "--formula", "y ~ x", "--se", "hc3", "--format", "json");
        var hc3 = r.GetProperty("hc3").Doubles();
        Approx.Equal(hc3[1], k.GetProperty("coefficients")[1].GetProperty("se").GetDouble(), 1e-9, "HC3");
        var w = Json("panel", "--data", Fx("sandwich_petersen.csv"), "--formula", "y ~ x", "--weights", "w", "--se", "hc1", "--format", "json");
        var rw = FixtureJson.Load("models_depth", "sandwich_petersen.json").GetProperty("results").GetProperty("lm_weighted");
        Approx.Equal(rw.GetProperty("hc1").Doubles()[1], w.GetProperty("coefficients")[1].GetProperty("se").GetDouble(), 1e-9, "weighted HC1");
        var plm = FixtureJson.Load("models_depth", "sandwich_petersen.json").GetProperty("results").GetProperty("plm_within");
        var h0 = Json("panel", "--data", Fx("sandwich_petersen.csv"), "--formula", "y ~ x | firm", "--cluster", "firm", "--cluster-type", "hc0", "--format", "json");
        Approx.Equal(plm.GetProperty("hc0").Doubles()[0], h0.GetProperty("coefficients")[0].GetProperty("se").GetDouble(), 1e-9, "plm HC0");
    }

    [Fact]
    public void PanelBadOptionValuesAreUsageErrors()
    {
        Assert.Equal(2, CliRunner.Run("panel", "--data", Fx("plm_grunfeld.csv"), "--formula", "inv ~ value", "--index", "firm,year", "--model", "gls").ExitCode);
        Assert.Equal(2, CliRunner.Run("panel", "--data", Fx("plm_grunfeld.csv"), "--formula", "inv ~ value", "--model", "random").ExitCode);
        Assert.Equal(2, CliRunner.Run("panel", "--data", Fx("plm_grunfeld.csv"), "--formula", "inv ~ value", "--se", "hc4").ExitCode);
        Assert.Equal(2, CliRunner.Run("panel", "--data", Fx("plm_grunfeld.csv"), "--formula", "inv ~ value", "--index", "firm,year", "--model", "random", "--se", "hc1").ExitCode);
    }
}
