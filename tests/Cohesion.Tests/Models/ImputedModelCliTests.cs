using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary><c>panel</c> and <c>mixed</c> with <c>--imputation</c> against MIcombine over lm / vcovCL / within / lmer fits
/// of PISA New Zealand's five plausible values (tools/reference/survey_depth.R).</summary>
public class ImputedModelCliTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey_depth", "survey_depth.json"))).RootElement.GetProperty("mi_models"));

    public static TheoryData<string> Cases() => [.. Reference.Value.EnumerateObject().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void PooledCoefficientsMatchMIcombine(string name)
    {
        var r = Reference.Value.GetProperty(name);
        string verb = r.TryGetProperty("verb", out var v) ? v.GetString()! : "panel";
        var args = new List<string> { verb, "--data", Paths.Fixture("survey_depth", "pisa_pv_stacked.csv"), "--imputation", "imp", "--format", "json" };
        args.AddRange(r.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
        var res = CliRunner.Run(args.ToArray());
        Assert.True(res.ExitCode == 0, res.Err);
        var doc = JsonDocument.Parse(res.Out).RootElement;
        Assert.Equal(5, doc.GetProperty("imputations").GetInt32());
        var rows = doc.GetProperty(verb == "mixed" ? "fixed" : "coefficients").EnumerateArray().ToArray();
        var terms = Many(r.GetProperty("terms")).Select(t => t.GetString()).ToArray();
        Assert.Equal(terms, rows.Select(x => x.GetProperty("term").GetString()));
        double tol = verb == "mixed" ? 1e-6 : 1e-8; // lmer's optimum agrees to ~1e-7 (the mixed verb's own tolerance)
        foreach (var f in new[] { "estimate", "se", "df", "fmi", "p" })
        {
            var e = Many(r.GetProperty(f)).Select(x => x.GetDouble()).ToArray();
            for (int k = 0; k < e.Length; k++) Approx.Equal(e[k], rows[k].GetProperty(f).GetDouble(), f == "p" ? 1e-6 : tol, $"{name} {f} {terms[k]}");
        }
    }

    /// <summary>jsonlite writes one-element vectors as scalars.</summary>
    private static IEnumerable<JsonElement> Many(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : [e];

    [Fact]
    public void DecompositionAndRanefAreNotPooled()
    {
        var p = CliRunner.Run("panel", "--data", Paths.Fixture("survey_depth", "pisa_pv_stacked.csv"), "--formula", "math ~ MATHEFF + ST04Q01",
            "--decompose", "sex=ST04Q01", "--imputation", "imp");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--decompose", p.Err);
        var m = CliRunner.Run("mixed", "--data", Paths.Fixture("survey_depth", "pisa_pv_stacked.csv"), "--formula", "math ~ MATHEFF + (1|SCHOOLID)",
            "--ranef", Path.Combine(Paths.TempDir(), "r.csv"), "--imputation", "imp");
        Assert.Equal(2, m.ExitCode);
    }
}
