using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The built-in analysis (default seed) against plm and lme4 on the exported synthetic panel
/// (tools/reference/neighbourhoods.R, section 4).</summary>
public class BuiltInReferenceTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "builtin_reference.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    private static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Fact]
    public void RegressionsStepsAndGelbachMatchPlm()
    {
        var r = DiversityCohesionTests.BuiltIn.Value;
        Assert.Equal(Reference.GetProperty("n").GetInt32(), r.Regressions[1].Result.N);
        foreach (var (name, index) in new[] { ("pooled", 0), ("fe", 1) })
        {
            var e = Reference.GetProperty(name);
            var terms = Strings(e.GetProperty("term"));
            var est = Doubles(e.GetProperty("estimate"));
            var se = Doubles(e.GetProperty("se"));
            var fit = r.Regressions[index].Result;
            Assert.Equal(terms.Length, fit.Coefficients.Count);
            for (int i = 0; i < terms.Length; i++)
            {
                Approx.Equal(est[i], fit[terms[i]].Estimate, 1e-6, $"{name} {terms[i]}");
                Approx.Equal(se[i], fit[terms[i]].StdError, 1e-6, $"{name} se {terms[i]}");
            }
        }
        var steps = Doubles(Reference.GetProperty("steps"));
        for (int s = 0; s < steps.Length; s++) Approx.Equal(steps[s], r.Steps[s].Estimate, 1e-6, $"step {s}");
        var g = Reference.GetProperty("gelbach");
        var contribution = Doubles(g.GetProperty("contribution"));
        var gse = Doubles(g.GetProperty("se"));
        for (int i = 0; i < contribution.Length; i++)
        {
            Assert.Equal(g.GetProperty("group")[i].GetString(), r.Gelbach.Groups[i].Name);
            Approx.Equal(contribution[i], r.Gelbach.Groups[i].Contribution, 1e-6, $"delta {i}");
            Approx.Equal(gse[i], r.Gelbach.Groups[i].StdError, 1e-6, $"delta se {i}");
        }
    }

    [Fact]
    public void MixedModelMatchesLme4()
    {
        var m = DiversityCohesionTests.BuiltIn.Value.Mixed!;
        var e = Reference.GetProperty("lmm");
        // lmer stops at max|grad| 0.0021 (its convergence warning) on a flat likelihood: the log-likelihoods agree to
        // 1e-8, fixed effects to 1e-5, the buurt variance to 2.2e-5 (hence 5e-5 there)
        Approx.Equal(e.GetProperty("loglik").GetDouble(), m.LogLik, 1e-8, "logLik");
        var terms = Strings(e.GetProperty("term"));
        var est = Doubles(e.GetProperty("estimate"));
        var se = Doubles(e.GetProperty("se"));
        for (int i = 0; i < terms.Length; i++)
        {
            var f = m.Fixed.Single(x => x.Term == terms[i]);
            Approx.Equal(est[i], f.Estimate, 1e-5, $"LMM {terms[i]}");
            Approx.Equal(se[i], f.StdError, 1e-5, $"LMM se {terms[i]}");
        }
        var groups = Strings(e.GetProperty("group"));
        var variance = Doubles(e.GetProperty("variance"));
        for (int i = 0; i < groups.Length; i++)
        {
            double actual = groups[i] == "Residual" ? m.ResidualVariance : m.Random.Single(v => v.Group == groups[i]).Variance;
            Approx.Equal(variance[i], actual, 5e-5, $"variance {groups[i]}");
        }
    }
}
