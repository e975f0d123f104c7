using System.Text.Json;
using Cohesion.Statistics;
using Cohesion.Statistics.Glm;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Design-based GLMs against <c>summary(svyglm(...))</c> (tools/reference/survey_glm.R): every family, Taylor and
/// replicate variances, domains, calibration and missing values.</summary>
public class SurveyGlmReferenceTests
{
    internal static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey_depth", "survey_glm.json"))).RootElement.GetProperty("results"));

    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var p in Reference.Value.EnumerateObject()) d.Add(p.Name);
        return d;
    }

    internal static SurveyGlmFit FitCase(JsonElement r)
    {
        var spec = r.GetProperty("spec");
        var (frame, design, domain) = FixtureDesigns.Build(spec);
        return SurveyGlm.Fit(design, frame, FixtureDesigns.Str(spec, "formula")!, GlmFamily.Parse(FixtureDesigns.Str(spec, "family")!), domain);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesSvyglmSummary(string name)
    {
        var r = Reference.Value.GetProperty(name);
        var fit = FitCase(r);
        const double tol = 1e-8;
        Assert.Equal(r.GetProperty("family").GetString(), fit.Family.Name);
        var table = fit.CoefficientTable();
        var expected = r.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(e => e.GetProperty("term").GetString()), table.Select(c => c.Term));
        for (int j = 0; j < expected.Length; j++)
        {
            var e = expected[j];
            string t = table[j].Term;
            Approx.Equal(e.GetProperty("estimate").GetDouble(), table[j].Estimate, tol, $"{name} estimate {t}");
            Approx.Equal(e.GetProperty("se").GetDouble(), table[j].StdError, tol, $"{name} se {t}");
            Approx.Equal(e.GetProperty("statistic").GetDouble(), table[j].Statistic, tol, $"{name} t {t}");
            Approx.Equal(e.GetProperty("p").GetDouble(), table[j].PValue, 1e-6, $"{name} p {t}");
        }
        Assert.Equal(r.GetProperty("df_residual").GetInt32(), fit.DfResidual);
        Assert.Equal(r.GetProperty("n").GetInt32(), fit.N);
        Approx.Equal(r.GetProperty("dispersion").GetDouble(), fit.Dispersion, tol, $"{name} dispersion");
        Approx.Equal(r.GetProperty("deviance").GetDouble(), fit.Fit.Deviance, tol, $"{name} deviance");
        Approx.Equal(r.GetProperty("null_deviance").GetDouble(), fit.Fit.NullDeviance, tol, $"{name} null deviance");
        if (r.TryGetProperty("aic", out var aic) && aic.ValueKind == JsonValueKind.Number)
            Approx.Equal(aic.GetDouble(), fit.Fit.Aic, tol, $"{name} AIC");
        var vcov = FixtureDesigns.Doubles(r.GetProperty("vcov"));
        int p = table.Count;
        double scale = vcov.Max(Math.Abs);
        for (int a = 0; a < p; a++)
        for (int b = 0; b < p; b++)
        {
            // R's vcov is column-major; compare off-diagonal terms against the matrix scale (they may be near zero)
            double e = vcov[b * p + a], g = fit.Covariance[a * p + b];
            Assert.True(Math.Abs(e - g) <= tol * Math.Max(Math.Abs(e), scale * 1e-3), $"{name} vcov[{a},{b}]: expected {e:R}, got {g:R}");
        }
        if (r.TryGetProperty("odds_ratio", out var or))
        {
            var ors = fit.ExponentiatedCoefficients();
            var lo = FixtureDesigns.Doubles(r.GetProperty("or_lower"));
            var hi = FixtureDesigns.Doubles(r.GetProperty("or_upper"));
            var est = FixtureDesigns.Doubles(or);
            for (int j = 0; j < p; j++)
            {
                Approx.Equal(est[j], ors[j].Ratio, tol, $"{name} odds ratio {ors[j].Term}");
                Approx.Equal(lo[j], ors[j].Lower, tol, $"{name} OR lower {ors[j].Term}");
                Approx.Equal(hi[j], ors[j].Upper, tol, $"{name} OR upper {ors[j].Term}");
            }
        }
    }
}
