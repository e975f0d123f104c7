using System.Text.Json;
using Cohesion.Statistics.Mixed;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>lmerTest's Satterthwaite and Kenward–Roger t tests, weights and offsets in lmer, against the tight-optimum
/// fixtures of tools/reference/models_depth.R.</summary>
public class MixedInferenceTests
{
    private static readonly string[] Files = ["lmm_sleepstudy", "lmm_penicillin", "lmm_pastes", "lmm_insteval", "lmm_simulated"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files)
            foreach (var c in FixtureJson.Load("models_depth", file + ".json").GetProperty("cases").EnumerateArray())
                data.Add(file, c.GetProperty("name").GetString()!);
        return data;
    }

    internal static (JsonElement Case, Cohesion.Statistics.Data.DataFrame Data, MixedOptions Options) Load(string file, string name)
    {
        var root = FixtureJson.Load("models_depth", file + ".json");
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == name);
        var path = Path.GetFullPath(Path.Combine(Paths.Fixture("models_depth"), root.GetProperty("data").GetString()!));
        var data = Cohesion.Data.DatasetLoader.Load(path);
        return (c, data, new MixedOptions { Reml = c.GetProperty("REML").GetBoolean(), Weights = c.Str("weights") });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SatterthwaiteMatchesLmerTest(string file, string name)
    {
        var (c, data, options) = Load(file, name);
        var fit = LinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options with { Ddf = DenominatorDf.Satterthwaite });
        Assert.Equal(c.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(DenominatorDf.Satterthwaite, fit.Ddf);
        Assert.Equal(c.GetProperty("terms").Strings(), fit.Fixed.Select(f => GlmmTests.RName(f.Term)));
        var est = c.GetProperty("estimate").Doubles();
        var se = c.GetProperty("se").Doubles();
        var df = c.GetProperty("df").Doubles();
        var p = c.GetProperty("p").Doubles();
        for (int i = 0; i < est.Length; i++)
        {
            var f = fit.Fixed[i];
            Assert.True(Math.Abs(est[i] - f.Estimate) <= 1e-6 * Math.Max(Math.Abs(est[i]), se[i]), $"{name} {f.Term}: expected {est[i]:R}, got {f.Estimate:R}");
            Approx.Equal(se[i], f.StdError, 1e-6, $"{name} {f.Term} se");
            Approx.Equal(df[i], f.Df!.Value, 1e-6, $"{name} {f.Term} Satterthwaite df");
            Approx.Equal(p[i], f.PValue, 1e-5, $"{name} {f.Term} p");
        }
        Approx.Equal(c.GetProperty("logLik").GetDouble(), fit.LogLik, 1e-9, $"{name} logLik");
        Approx.Equal(c.GetProperty("aic").GetDouble(), fit.Aic, 1e-9, $"{name} AIC");
        Approx.Equal(c.GetProperty("bic").GetDouble(), fit.Bic, 1e-9, $"{name} BIC");
        Approx.Equal(c.GetProperty("residual_variance").GetDouble(), fit.ResidualVariance, 1e-6, $"{name} sigma²");
    }

    public static TheoryData<string, string> KrCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files)
            foreach (var c in FixtureJson.Load("models_depth", file + ".json").GetProperty("cases").EnumerateArray())
                if (c.TryGetProperty("kr", out _)) data.Add(file, c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(KrCases))]
    public void KenwardRogerMatchesPbkrtest(string file, string name)
    {
        var (c, data, options) = Load(file, name);
        var fit = LinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options with { Ddf = DenominatorDf.KenwardRoger });
        var kr = c.GetProperty("kr");
        var se = kr.GetProperty("se").Doubles();
        var df = kr.GetProperty("df").Doubles();
        var p = kr.GetProperty("p").Doubles();
        for (int i = 0; i < se.Length; i++)
        {
            var f = fit.Fixed[i];
            Approx.Equal(se[i], f.StdError, 1e-6, $"{name} {f.Term} KR se");
            Approx.Equal(df[i], f.Df!.Value, 1e-6, $"{name} {f.Term} KR df");
            Approx.Equal(p[i], f.PValue, 1e-5, $"{name} {f.Term} KR p");
        }
    }

    [Fact]
    public void KenwardRogerNeedsRemlAsLmerTest()
    {
        var (c, data, options) = Load("lmm_sleepstudy", "slopes_ml");
        var ex = Assert.Throws<Cohesion.Statistics.ModelException>(() =>
            LinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options with { Ddf = DenominatorDf.KenwardRoger }));
        Assert.Contains("REML", ex.Message);
    }

    [Fact]
    public void NoDdfGivesNoPValues()
    {
        var (c, data, options) = Load("lmm_sleepstudy", "slopes_reml");
        var fit = LinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options with { Ddf = DenominatorDf.None });
        Assert.All(fit.Fixed, f => { Assert.Null(f.Df); Assert.True(double.IsNaN(f.PValue)); });
    }

    [Fact]
    public void AnOffsetIsTheSameModelAsTheShiftedResponse()
    {
        var (_, data, options) = Load("lmm_sleepstudy", "offset_reml");
        var off = LinearMixedModel.Fit(data, "Reaction ~ Days + offset(expo) + (1|Subject)", options);
        var shifted = LinearMixedModel.Fit(data, "Reaction - expo ~ Days + (1|Subject)", options);
        Approx.Equal(shifted.Fixed[1].Estimate, off.Fixed[1].Estimate, 1e-9, "Days");
        Approx.Equal(shifted.LogLik, off.LogLik, 1e-10, "logLik");
    }

    public static TheoryData<string, string> ProfileCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files)
            foreach (var c in FixtureJson.Load("models_depth", file + ".json").GetProperty("cases").EnumerateArray())
                if (c.TryGetProperty("profile", out _)) data.Add(file, c.GetProperty("name").GetString()!);
        return data;
    }

    /// <summary>lme4's parameter name of an interval: sd_(Intercept)|Subject, cor_Days.(Intercept)|Subject, sigma.</summary>
    private static string Lme4Name(ProfileInterval iv) => iv.Parameter switch
    {
        "sigma" => "sigma",
        "sd" => $"sd_{iv.Term}|{iv.Group}",
        _ => $"cor_{iv.Term2}.{iv.Term}|{iv.Group}",
    };

    [Theory]
    [MemberData(nameof(ProfileCases))]
    public void ProfileIntervalsMatchLme4Confint(string file, string name)
    {
        var (c, data, options) = Load(file, name);
        var fit = LinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options with { Ddf = DenominatorDf.None });
        var ivs = MixedProfile.Intervals(fit);
        var pr = c.GetProperty("profile");
        var names = pr.GetProperty("parameter").Strings();
        var lower = pr.GetProperty("lower").Doubles();
        var upper = pr.GetProperty("upper").Doubles();
        Assert.Equal(names.Order(), ivs.Select(Lme4Name).Order());
        foreach (var iv in ivs)
        {
            int i = Array.IndexOf(names, Lme4Name(iv));
            // lme4 interpolates a spline through its profile grid, and its inner optimisations (nloptwrap) stop early far
            // out on the profile: agreement to ~1e-5 (the intervals' own interpolation error is ~1e-4)
            double scale = Math.Max(Math.Abs(upper[i] - lower[i]), 1e-3);
            Assert.True(Math.Abs(lower[i] - iv.Lower!.Value) <= 2e-5 * scale, $"{name} {names[i]} lower: expected {lower[i]:R}, got {iv.Lower:R}");
            if (double.IsNaN(upper[i])) Assert.Null(iv.Upper);
            else Assert.True(Math.Abs(upper[i] - iv.Upper!.Value) <= 2e-5 * scale, $"{name} {names[i]} upper: expected {upper[i]:R}, got {iv.Upper:R}");
        }
    }
}
