using System.Text.Json;
using Cohesion.Neighbourhoods;
using Cohesion.Statistics.Regression;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The real-data analyses against the same models in plm (vcovHC "sss" by region) and lme4, made by
/// tools/reference/neighbourhoods.R on the same files.</summary>
public class RealAnalysesTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "real_analyses_reference.json"))).RootElement;

    private static readonly Lazy<NeighbourhoodReport> UtrechtReport = new(() => NeighbourhoodAnalyses.Utrecht());
    private static readonly Lazy<NeighbourhoodReport> RivmReport = new(() => NeighbourhoodAnalyses.Rivm());
    private static readonly Lazy<NeighbourhoodReport> AmsterdamReport = new(() => NeighbourhoodAnalyses.AmsterdamCivic());

    private static void AssertRegression(JsonElement expected, RegressionResult actual, string what)
    {
        var terms = expected.GetProperty("term").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var est = expected.GetProperty("estimate").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var se = expected.GetProperty("se").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(terms.Length, actual.Coefficients.Count);
        for (int i = 0; i < terms.Length; i++)
        {
            Approx.Equal(est[i], actual[terms[i]].Estimate, 1e-6, $"{what} {terms[i]} estimate");
            Approx.Equal(se[i], actual[terms[i]].StdError, 1e-6, $"{what} {terms[i]} se");
        }
    }

    private static void AssertAnalysis(JsonElement expected, NeighbourhoodReport report, string prefix, string region)
    {
        var p = prefix.Length == 0 ? "" : prefix + ": ";
        var ols = report.Regressions.Single(r => r.Name == p + "OLS").Result;
        var fe = report.Regressions.Single(r => r.Name == p + $"Fixed effects ({region})").Result;
        Assert.Equal(expected.GetProperty("n").GetInt32(), ols.N);
        Assert.Equal(expected.GetProperty("n").GetInt32(), fe.N);
        AssertRegression(expected.GetProperty("ols"), ols, p + "OLS");
        AssertRegression(expected.GetProperty("fe"), fe, p + "FE");
        var steps = report.StepTables.Single(s => s.Name == prefix).Steps;
        Approx.Equal(expected.GetProperty("fe_base_estimate").GetDouble(), steps[0].Estimate, 1e-6, "FE without controls");
        var mixed = report.MixedModels.Single(m => m.Name.StartsWith(p + "Linear mixed model")).Result;
        var lmm = expected.GetProperty("lmm");
        var terms = lmm.GetProperty("term").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var est = lmm.GetProperty("estimate").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var se = lmm.GetProperty("se").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < terms.Length; i++)
        {
            var f = mixed.Fixed.Single(x => x.Term == terms[i]);
            Approx.Equal(est[i], f.Estimate, 1e-5, $"LMM {terms[i]}");
            Approx.Equal(se[i], f.StdError, 1e-5, $"LMM se {terms[i]}");
        }
        Approx.Equal(lmm.GetProperty("region_variance").GetDouble(), mixed.Random.Single(v => v.Group == region).Variance, 1e-5, "region variance");
        Approx.Equal(lmm.GetProperty("residual_variance").GetDouble(), mixed.ResidualVariance, 1e-5, "residual variance");
        Approx.Equal(lmm.GetProperty("loglik").GetDouble(), mixed.LogLik, 1e-6, "logLik");
    }

    [Fact]
    public void UtrechtLeefbaarometerMatchesPlmAndLme4()
    {
        var r = UtrechtReport.Value;
        Assert.False(r.Synthetic);
        Assert.Contains("REAL", r.DataLabel);
        AssertAnalysis(Reference.GetProperty("utrecht"), r, "", "gm_naam");
        Assert.Contains(r.Notes, n => n.Contains("WOZ value 0") && n.Contains("120"));
        Assert.Equal(["housing", "households"], r.Decompositions[0].Result.Groups.Select(g => g.Name));
    }

    [Fact]
    public void RivmVolunteeringAndLonelinessMatchPlmAndLme4()
    {
        var r = RivmReport.Value;
        AssertAnalysis(Reference.GetProperty("rivm_volunteering"), r, "Volunteering", "gemeente");
        AssertAnalysis(Reference.GetProperty("rivm_lonely"), r, "Loneliness", "gemeente");
        Assert.Equal("gemeente", r.Map!.Level);
        Assert.InRange(r.Map.Values.Count, 340, 360); // 355 gemeenten, a few suppressed
    }

    [Fact]
    public void AmsterdamIndicesAndCivicModelMatchR()
    {
        var r = AmsterdamReport.Value;
        AssertAnalysis(Reference.GetProperty("civic"), r, "Civic 2016 areas", "stadsdeel");
        Assert.NotNull(r.Diversity);
        Assert.Equal(460, r.Diversity!.Result.Units.Count); // 479 buurten less 19 with no inhabitants
        var kwb = r.Regressions.Single(m => m.Name == "KWB 2019 buurten: Fixed effects (wijk)").Result;
        Assert.True(kwb["low_income_households"].Estimate > 0, "diverse buurten have more low-income households");
        Assert.Null(r.Map);
    }
}
