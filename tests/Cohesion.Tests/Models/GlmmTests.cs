using System.Text.Json;
using Cohesion.Statistics.Mixed;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>glmer against lme4 (fixtures from tools/reference/models_depth.R: a tight glmer polished by Newton steps on
/// lme4's own deviance function, i.e. lme4's optimum).</summary>
public class GlmmTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "glmm_cbpp", "glmm_grouseticks", "glmm_verbagg", "glmm_buurten" })
            foreach (var c in FixtureJson.Load("models_depth", file + ".json").GetProperty("cases").EnumerateArray())
                data.Add(file, c.GetProperty("name").GetString()!);
        return data;
    }

    internal static (JsonElement Case, MixedResult Fit) FitCase(string file, string name)
    {
        var root = FixtureJson.Load("models_depth", file + ".json");
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == name);
        var data = Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models_depth", root.GetProperty("data").GetString()!));
        var options = new MixedOptions
        {
            Family = Enum.Parse<MixedFamily>(c.GetProperty("family").GetString()!, true),
            Nagq = c.GetProperty("nAGQ").GetInt32(),
            Weights = c.Str("weights"),
        };
        return (c, GeneralizedLinearMixedModel.Fit(data, c.GetProperty("formula").GetString()!, options));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLme4Optimum(string file, string name)
    {
        var (c, fit) = FitCase(file, name);
        Assert.Equal(c.GetProperty("n").GetInt32(), fit.N);
        // R names a factor's columns period2; in a CSV its codes are numbers, so the formula says factor(period)
        Assert.Equal(c.GetProperty("terms").Strings(), fit.Fixed.Select(f => RName(f.Term)));
        var theta = c.GetProperty("theta").Doubles();
        Assert.Equal(theta.Length, fit.Theta.Length);
        double thetaScale = theta.Max(Math.Abs);
        for (int i = 0; i < theta.Length; i++)
            Assert.True(Math.Abs(theta[i] - fit.Theta[i]) <= 1e-5 * Math.Max(Math.Abs(theta[i]), 0.1 * thetaScale),
                $"{name} theta[{i}]: expected {theta[i]:R}, got {fit.Theta[i]:R}");
        var est = c.GetProperty("estimate").Doubles();
        var se = c.GetProperty("se").Doubles();
        for (int i = 0; i < est.Length; i++)
        {
            // relative to the coefficient or, for a coefficient near zero, to its standard error
            Assert.True(Math.Abs(est[i] - fit.Fixed[i].Estimate) <= 1e-5 * Math.Max(Math.Abs(est[i]), se[i]),
                $"{name} {fit.Fixed[i].Term}: expected {est[i]:R}, got {fit.Fixed[i].Estimate:R}");
            // standard errors come from a numerical Hessian of the criterion (in lme4 and here): reproducible to ~1e-5
            Approx.Equal(se[i], fit.Fixed[i].StdError, 1e-4, $"{name} {fit.Fixed[i].Term} se");
            // summary(glmer)'s own standard errors (deriv12 at lme4's stopping point): within their own noise
            Approx.Equal(c.GetProperty("se_lme4").Doubles()[i], fit.Fixed[i].StdError, 2e-3, $"{name} {fit.Fixed[i].Term} se (lme4 summary)");
        }
        if (c.TryGetProperty("p", out var p))
            for (int i = 0; i < est.Length; i++)
                Approx.Equal(p.Doubles()[i], fit.Fixed[i].PValue, 1e-3, $"{name} {fit.Fixed[i].Term} p"); // z² × the se tolerance
        Approx.Equal(c.GetProperty("logLik").GetDouble(), fit.LogLik, 1e-9, $"{name} logLik");
        Approx.Equal(c.GetProperty("logLik_lme4").GetDouble(), fit.LogLik, 1e-8, $"{name} logLik (lme4's stopping point)");
        Approx.Equal(c.GetProperty("aic").GetDouble(), fit.Aic, 1e-9, $"{name} AIC");
        Approx.Equal(c.GetProperty("bic").GetDouble(), fit.Bic, 1e-9, $"{name} BIC");
        var vc = c.GetProperty("varcomp").EnumerateArray().ToList();
        Assert.Equal(vc.Count, fit.Random.Count);
        for (int i = 0; i < vc.Count; i++)
        {
            var v = vc[i];
            var mine = fit.Random[i];
            Assert.Equal(v.GetProperty("grp").GetString(), mine.Group);
            Assert.Equal(v.Str("var1"), mine.Term);
            Assert.Equal(v.Str("var2"), mine.Term2);
            double expected = v.GetProperty("vcov").GetDouble();
            Assert.True(Math.Abs(expected - mine.Variance) <= 2e-5 * Math.Max(Math.Abs(expected), 1e-3), $"{name} {mine.Group} {mine.Term} {mine.Term2}: expected {expected:R}, got {mine.Variance:R}");
        }
        Assert.Equal(c.GetProperty("singular").GetBoolean(), fit.Singular);
        Assert.Equal(fit.Singular || c.GetProperty("messages").GetArrayLength() == 0, fit.Converged || fit.Singular);
        Assert.Equal(c.GetProperty("family").GetString(), fit.Family.ToString().ToLowerInvariant());
        Assert.All(fit.Fixed, f => Assert.Null(f.Df));
    }

    internal static string RName(string term) => System.Text.RegularExpressions.Regex.Replace(term, @"factor\(([^)]+)\)", "$1");

    [Fact]
    public void ASingularFitHasTheGlmStandardErrors()
    {
        // with the group variance at zero the Laplace deviance is the GLM deviance: vcov = (XᵀWX)⁻¹ of glm
        var (_, fit) = FitCase("glmm_buurten", "singular");
        Assert.True(fit.Singular);
        Approx.Equal(0.0365152250811, fit.Fixed[0].StdError, 1e-9, "(Intercept) se = glm's");
        Approx.Equal(0.0365218825498, fit.Fixed[1].StdError, 1e-9, "x se = glm's");
    }

    [Fact]
    public void CbindAndProportionsWithWeightsAreTheSameModel()
    {
        var (_, a) = FitCase("glmm_cbpp", "laplace");
        var (_, b) = FitCase("glmm_cbpp", "proportion_weights");
        Approx.Equal(a.LogLik, b.LogLik, 1e-10, "logLik");
        for (int i = 0; i < a.Fixed.Count; i++) Approx.Equal(a.Fixed[i].Estimate, b.Fixed[i].Estimate, 1e-6, a.Fixed[i].Term);
    }

    [Fact]
    public void QuadratureWithOnePointIsTheLaplaceApproximationsOptimum()
    {
        // nAGQ = 1 is Laplace; AGQ with more points moves the optimum (the AGQ deviance drops the saturated-model
        // constant, so its logLik is on another scale, as in lme4)
        var (_, lap) = FitCase("glmm_cbpp", "laplace");
        var (_, agq) = FitCase("glmm_cbpp", "agq9");
        Assert.NotEqual(lap.LogLik, agq.LogLik);
        Assert.True(Math.Abs(lap.Fixed[0].Estimate - agq.Fixed[0].Estimate) < 0.01);
    }

    [Fact]
    public void QuadratureNeedsASingleScalarRandomEffect()
    {
        var data = Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models_depth", "glmm_verbagg.csv"));
        var ex = Assert.Throws<Cohesion.Statistics.ModelException>(() => GeneralizedLinearMixedModel.Fit(data, "r2 ~ Anger + (1|id) + (1|item)",
            new MixedOptions { Family = MixedFamily.Binomial, Nagq = 5 }));
        Assert.Contains("single scalar", ex.Message);
    }

    [Fact]
    public void BadResponsesNameTheColumnAndRow()
    {
        var data = Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models_depth", "glmm_cbpp.csv"));
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => GeneralizedLinearMixedModel.Fit(data, "size ~ factor(period) + (1|herd)",
            new MixedOptions { Family = MixedFamily.Binomial }));
        Assert.Equal("size", ex.Column);
        Assert.Equal(1, ex.Row);
        var prop = Assert.Throws<Cohesion.Statistics.CohesionException>(() => GeneralizedLinearMixedModel.Fit(data, "prop ~ factor(period) + (1|herd)",
            new MixedOptions { Family = MixedFamily.Poisson }));
        Assert.Equal("prop", prop.Column);
    }
}
