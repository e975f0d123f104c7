using System.Text.Json;
using Cohesion.Statistics;
using Cohesion.Statistics.Imputation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>RubinsRules.Combine against mitools::MIcombine (tools/reference/rubin.R): pooled estimates, total covariance,
/// df with and without the Barnard–Rubin correction for finite complete-data df, and the fraction of missing information.</summary>
public class RubinsRulesReferenceTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("rubin", "rubin_reference.json"))).RootElement.GetProperty("cases"));

    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var p in Reference.Value.EnumerateObject()) d.Add(p.Name);
        return d;
    }

    private static double[] Doubles(JsonElement e) =>
        e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.PositiveInfinity : x.GetDouble()).ToArray();

    private static void Close(double expected, double actual, string what)
    {
        if (double.IsPositiveInfinity(expected)) { Assert.True(double.IsPositiveInfinity(actual), $"{what}: expected Inf, got {actual}"); return; }
        double tol = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Combine_equals_MIcombine(string name)
    {
        var c = Reference.Value.GetProperty(name);
        var est = c.GetProperty("estimates").EnumerateArray().Select(Doubles).ToList();
        var cov = c.GetProperty("covariances").EnumerateArray().Select(Doubles).ToList();
        double dfc = c.GetProperty("completeDf").ValueKind == JsonValueKind.Null ? double.PositiveInfinity : c.GetProperty("completeDf").GetDouble();
        var p = RubinsRules.Combine(est, cov, dfc);
        Assert.Equal(est.Count, p.Imputations);
        var pooled = Doubles(c.GetProperty("pooled"));
        var total = Doubles(c.GetProperty("covariance"));
        var df = Doubles(c.GetProperty("df"));
        var fmi = Doubles(c.GetProperty("fmi"));
        Assert.Equal(pooled.Length, p.Count);
        for (int k = 0; k < pooled.Length; k++)
        {
            Close(pooled[k], p.Estimates[k], $"{name} estimate {k}");
            Close(df[k], p.Df[k], $"{name} df {k}");
            Close(fmi[k], p.Fmi[k], $"{name} fmi {k}");
        }
        for (int k = 0; k < total.Length; k++) Close(total[k], p.Covariance[k], $"{name} covariance {k}");
    }

    private static readonly Lazy<JsonElement> Survey = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("rubin", "rubin_survey.json"))).RootElement.GetProperty("cases"));

    public static TheoryData<string> SurveyCases()
    {
        var d = new TheoryData<string>();
        foreach (var p in Survey.Value.EnumerateObject()) d.Add(p.Name);
        return d;
    }

    /// <summary><c>estimate</c>/<c>glm --imputation imp [--df-complete N]</c> against MIcombine(..., df.complete = N), svyolr
    /// included.</summary>
    [Theory]
    [MemberData(nameof(SurveyCases))]
    public void Df_complete_through_the_command_line_equals_MIcombine(string name)
    {
        var c = Survey.Value.GetProperty(name);
        var spec = c.GetProperty("spec");
        var a = c.GetProperty("analysis");
        string kind = c.GetProperty("kind").GetString()!;
        if (kind is "panel" or "mixed") { ModelMatches(name, c, kind); return; }
        bool glm = kind == "glm";
        string dir = spec.TryGetProperty("dir", out var d) ? d.GetString()! : "survey_depth";
        var args = new List<string> { glm ? "glm" : "estimate", "--data", Paths.Fixture(dir, spec.GetProperty("data").GetString()!),
            "--weight", spec.GetProperty("weights").GetString()!, "--imputation", "imp",
            "--lonely-psu", spec.GetProperty("lonely").GetString()!, "--format", "json" };
        if (c.GetProperty("completeDf").ValueKind == JsonValueKind.Number)
            args.AddRange(["--df-complete", c.GetProperty("completeDf").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
        if (a.TryGetProperty("levels", out var lv)) args.AddRange(["--levels", lv.GetString()!]);
        if (spec.TryGetProperty("strata", out var st)) args.AddRange(["--strata", st.GetString()!]);
        args.AddRange(["--cluster", string.Join(",", spec.GetProperty("clusters").EnumerateArray().Select(x => x.GetString()))]);
        if (glm) args.AddRange(["--formula", a.GetProperty("formula").GetString()!, "--family", a.GetProperty("family").GetString()!]);
        else
        {
            args.AddRange(["--var", a.GetProperty("var").GetString()!, "--stat", a.GetProperty("stat").GetString()!]);
            if (a.TryGetProperty("by", out var by)) args.AddRange(["--by", by.GetString()!]);
        }
        var res = CliRunner.Run(args.ToArray());
        Assert.True(res.ExitCode == 0, $"{name}: exit {res.ExitCode}: {res.Err}");
        var got = JsonDocument.Parse(res.Out).RootElement.GetProperty(glm ? "coefficients" : "estimates").EnumerateArray().ToList();
        var want = c.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(want.Count, got.Count);
        for (int i = 0; i < want.Count; i++)
        {
            if (glm) Assert.Equal(want[i].GetProperty("term").GetString(), got[i].GetProperty("term").GetString());
            foreach (var f in new[] { "estimate", "se", "df", "fmi" })
                Approx.Equal(want[i].GetProperty(f).GetDouble(), got[i].GetProperty(f).GetDouble(), 1e-8, $"{name} row {i} {f}");
        }
    }

    /// <summary><c>panel</c>/<c>mixed --imputation imp --df-complete N</c>: MIcombine over lm and lmer fits.</summary>
    private static void ModelMatches(string name, JsonElement c, string kind)
    {
        var res = CliRunner.Run(kind, "--data", Paths.Fixture("survey_depth", c.GetProperty("spec").GetProperty("data").GetString()!),
            "--formula", c.GetProperty("analysis").GetProperty("formula").GetString()!, "--imputation", "imp",
            "--df-complete", c.GetProperty("completeDf").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(res.ExitCode == 0, $"{name}: exit {res.ExitCode}: {res.Err}");
        var got = JsonDocument.Parse(res.Out).RootElement.GetProperty(kind == "panel" ? "coefficients" : "fixed").EnumerateArray().ToList();
        var want = c.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(want.Count, got.Count);
        double tol = kind == "mixed" ? 1e-6 : 1e-8; // lmer's optimum: REML fits agree with lme4 to about 1e-7
        for (int i = 0; i < want.Count; i++)
        {
            Assert.Equal(want[i].GetProperty("term").GetString(), got[i].GetProperty("term").GetString());
            foreach (var f in new[] { "estimate", "se", "df", "fmi" })
                Approx.Equal(want[i].GetProperty(f).GetDouble(), got[i].GetProperty(f).GetDouble(), tol, $"{name} row {i} {f}");
        }
    }

    [Fact]
    public void Df_complete_needs_imputations_and_a_positive_value()
    {
        var data = Paths.Fixture("survey_depth", "smi_stacked.csv");
        var without = CliRunner.Run("estimate", "--data", data, "--var", "drinkreg", "--weight", "w", "--df-complete", "20");
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--df-complete", without.Err);
        var zero = CliRunner.Run("glm", "--data", data, "--formula", "drinkreg ~ sex", "--weight", "w", "--imputation", "imp", "--df-complete", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--df-complete must be a positive", zero.Err);
        var panel = CliRunner.Run("panel", "--data", data, "--formula", "drinkreg ~ sex", "--df-complete", "20");
        Assert.Equal(2, panel.ExitCode);
        Assert.Contains("--df-complete is used with --imputation", panel.Err);
    }

    [Fact]
    public void Barnard_Rubin_df_never_exceeds_the_complete_data_df()
    {
        var est = new List<double[]> { new[] { 1.0 }, new[] { 1.4 }, new[] { 0.8 } };
        var cov = new List<double[]> { new[] { 0.2 }, new[] { 0.25 }, new[] { 0.22 } };
        var large = RubinsRules.Combine(est, cov).Df[0];
        foreach (var dfc in new[] { 3.0, 10.0, 50.0 })
        {
            var d = RubinsRules.Combine(est, cov, dfc).Df[0];
            Assert.True(d < dfc && d < large, $"df.complete {dfc}: df {d}, unadjusted {large}");
        }
    }

    [Fact]
    public void One_imputation_is_refused()
    {
        var ex = Assert.Throws<CohesionException>(() => RubinsRules.Combine(new[] { 1.0 }, new[] { 0.1 }));
        Assert.Contains("at least two", ex.Message);
    }
}
