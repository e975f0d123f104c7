using System.Globalization;
using System.Text.Json;
using Cohesion.SurveyAnalysis;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Every case of tools/reference/survey_depth.R (calibration, quantiles, svyciprop, svychisq, supplied replicate
/// weights, multiple imputation) through the Core entry point and through the <c>estimate</c> command line.</summary>
public class SurveyDepthReferenceTests
{
    internal static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey_depth", "survey_depth.json"))).RootElement.GetProperty("results"));

    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var p in Reference.Value.EnumerateObject()) d.Add(p.Name);
        return d;
    }

    private static EstimateRequest Request(JsonElement r)
    {
        var spec = r.GetProperty("spec");
        var a = r.GetProperty("analysis");
        return new EstimateRequest
        {
            Data = Paths.Fixture("survey_depth", FixtureDesigns.Str(spec, "data")!),
            Variables = FixtureDesigns.Strings(a, "var"), By = FixtureDesigns.Str(a, "by"),
            Stat = Enum.Parse<EstimateStatistic>(FixtureDesigns.Str(a, "stat")!, ignoreCase: true), Denominator = FixtureDesigns.Str(a, "denominator"),
            Quantiles = a.TryGetProperty("quantiles", out var q) ? FixtureDesigns.Doubles(q) : [0.5],
            Ci = Enum.Parse<IntervalMethod>(FixtureDesigns.Str(a, "ci") ?? "wald", ignoreCase: true),
            ChiSquareTest = FixtureDesigns.Str(a, "test") == "chisq",
            Design = FixtureDesigns.Request(spec), Imputation = FixtureDesigns.Str(spec, "imputation"),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CoreMatchesR(string name)
    {
        var r = Reference.Value.GetProperty(name);
        var result = SurveyEstimation.Run(Request(r));
        AssertRows(name, r, result.Rows.Select(x => (x.Variable, x.Level, x.Group, x.Quantile, x.Estimate, x.StandardError, x.CiLower, x.CiUpper, x.Df, x.Fmi)).ToList());
        if (r.TryGetProperty("chisq", out var c))
        {
            Assert.NotNull(result.ChiSquare);
            AssertChisq(name, c, result.ChiSquare!.Statistic, result.ChiSquare.Ndf, result.ChiSquare.Ddf, result.ChiSquare.P);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CommandLineMatchesR(string name)
    {
        var r = Reference.Value.GetProperty(name);
        var args = Arguments(r, out var temp);
        try
        {
            var res = CliRunner.Run(args.ToArray());
            Assert.True(res.ExitCode == 0, $"{name}: exit {res.ExitCode}: {res.Err}");
            var doc = JsonDocument.Parse(res.Out).RootElement;
            var rows = doc.GetProperty("estimates").EnumerateArray().Select(e => (
                e.GetProperty("variable").GetString()!, e.TryGetProperty("level", out var l) ? l.GetString() : null,
                e.GetProperty("group").ValueKind == JsonValueKind.Null ? null : e.GetProperty("group").GetString(),
                e.TryGetProperty("quantile", out var qq) ? qq.GetDouble() : (double?)null,
                Num(e, "estimate"), Num(e, "se"), Num(e, "ci_lower"), Num(e, "ci_upper"),
                e.TryGetProperty("df", out var df) ? Num(e, "df") : (double?)null, e.TryGetProperty("fmi", out _) ? Num(e, "fmi") : (double?)null)).ToList();
            AssertRows(name, r, rows);
            if (r.TryGetProperty("chisq", out var c))
            {
                var g = doc.GetProperty("chisq");
                AssertChisq(name, c, Num(g, "statistic"), Num(g, "ndf"), Num(g, "ddf"), Num(g, "p"));
            }
        }
        finally { if (temp is not null) File.Delete(temp); }
    }

    /// <summary>A number of R's JSON (jsonlite writes NaN/Inf as strings) or of ours (null for non-finite).</summary>
    private static double Num(JsonElement e, string p) => e.GetProperty(p) switch
    {
        { ValueKind: JsonValueKind.Null } => double.NaN,
        { ValueKind: JsonValueKind.String } s => s.GetString() switch { "Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.NaN },
        var v => v.GetDouble(),
    };

    /// <summary>The command line a user would type for the case's spec and analysis.</summary>
    internal static List<string> Arguments(JsonElement r, out string? tempFile)
    {
        var spec = r.GetProperty("spec");
        var a = r.GetProperty("analysis");
        tempFile = null;
        var args = new List<string> { "estimate", "--data", Paths.Fixture("survey_depth", FixtureDesigns.Str(spec, "data")!),
            "--var", string.Join(",", FixtureDesigns.Strings(a, "var")), "--stat", FixtureDesigns.Str(a, "stat")!, "--format", "json" };
        if (FixtureDesigns.Str(a, "by") is { } by) args.AddRange(["--by", by]);
        if (FixtureDesigns.Str(a, "denominator") is { } den) args.AddRange(["--denominator", den]);
        if (a.TryGetProperty("quantiles", out var q)) args.AddRange(["--quantiles", string.Join(",", FixtureDesigns.Doubles(q).Select(x => x.ToString("R", CultureInfo.InvariantCulture)))]);
        if (FixtureDesigns.Str(a, "ci") is { } ci) args.AddRange(["--ci", ci]);
        if (FixtureDesigns.Str(a, "test") is { } t) args.AddRange(["--test", t]);
        tempFile = DesignArguments(spec, args);
        return args;
    }

    /// <summary>Appends the design flags of a spec; returns the temporary population-totals file it wrote, if any.</summary>
    internal static string? DesignArguments(JsonElement spec, List<string> args)
    {
        string? temp = null;
        var d = FixtureDesigns.Request(spec);
        if (d.Weight is { } w) args.AddRange(["--weight", w]);
        if (d.Strata is { } s) args.AddRange(["--strata", s]);
        if (d.Clusters.Count > 0) args.AddRange(["--cluster", string.Join(",", d.Clusters)]);
        if (d.Fpc.Count > 0) args.AddRange(["--fpc", string.Join(",", d.Fpc)]);
        if (d.LonelyPsu != Statistics.Survey.LonelyPsu.Fail) args.AddRange(["--lonely-psu", d.LonelyPsu.ToString().ToLowerInvariant()]);
        if (d.Replicates is { } rt) args.AddRange(["--replicates", rt.ToString().ToLowerInvariant()]);
        if (d.Mse) args.Add("--mse");
        if (d.SuppliedReplicates is { } sup)
        {
            args.AddRange(["--repweights", sup.Pattern, "--repweights-type", sup.Type.ToString()]);
            if (sup.Rho is { } rho) args.AddRange(["--rho", rho.ToString("R", CultureInfo.InvariantCulture)]);
            if (sup.Scale is { } sc) args.AddRange(["--scale", sc.ToString("R", CultureInfo.InvariantCulture)]);
            if (sup.Rscales is { } rs) args.AddRange(["--rscales", string.Join(",", rs.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))]);
            if (sup.Mse) args.Add("--mse");
        }
        foreach (var m in d.Rake) args.AddRange(["--rake", m]);
        if (d.Calibration is { } cal)
        {
            temp = Path.Combine(Paths.TempDir(), "totals.csv");
            File.WriteAllLines(temp, new[] { "term,total" }.Concat(cal.Totals!.Select(t => $"\"{t.Term}\",{t.Total.ToString("R", CultureInfo.InvariantCulture)}")));
            args.AddRange(["--calibrate", cal.Formula, "--population", temp, "--calfun", cal.Function.ToString().ToLowerInvariant()]);
            if (double.IsFinite(cal.Lower) || double.IsFinite(cal.Upper))
                args.AddRange(["--bounds", $"{cal.Lower.ToString("R", CultureInfo.InvariantCulture)},{cal.Upper.ToString("R", CultureInfo.InvariantCulture)}"]);
        }
        if (FixtureDesigns.Str(spec, "imputation") is { } imp) args.AddRange(["--imputation", imp]);
        return temp;
    }

    private static void AssertRows(string name, JsonElement r, List<(string Variable, string? Level, string? Group, double? Quantile, double Estimate, double Se, double Lo, double Hi, double? Df, double? Fmi)> got)
    {
        var exp = r.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(exp.Length, got.Count);
        const double tol = 1e-8;
        for (int i = 0; i < exp.Length; i++)
        {
            var e = exp[i];
            var g = got[i];
            string at = $"{name} row {i} ({g.Variable} {g.Level} {g.Group} {g.Quantile})";
            Assert.Equal(FixtureDesigns.Str(e, "variable"), g.Variable);
            Assert.Equal(FixtureDesigns.Str(e, "level"), g.Level);
            Assert.Equal(FixtureDesigns.Str(e, "group"), g.Group);
            if (e.TryGetProperty("quantile", out var q) && q.ValueKind == JsonValueKind.Number) Assert.Equal(q.GetDouble(), g.Quantile);
            Approx.Equal(Num(e, "estimate"), g.Estimate, tol, $"{at} estimate");
            Approx.Equal(Num(e, "se"), g.Se, tol, $"{at} se");
            Approx.Equal(Num(e, "ci_lower"), g.Lo, tol, $"{at} ci_lower");
            Approx.Equal(Num(e, "ci_upper"), g.Hi, tol, $"{at} ci_upper");
            if (e.TryGetProperty("df", out var df) && df.ValueKind == JsonValueKind.Number) Approx.Equal(df.GetDouble(), g.Df ?? double.NaN, tol, $"{at} df");
            else if (e.TryGetProperty("df", out _)) Assert.True(g.Df is null || !double.IsFinite(g.Df.Value), $"{at} df should be infinite");
            if (e.TryGetProperty("fmi", out var fmi) && fmi.ValueKind == JsonValueKind.Number) Approx.Equal(fmi.GetDouble(), g.Fmi ?? double.NaN, tol, $"{at} fmi");
        }
    }

    private static void AssertChisq(string name, JsonElement c, double stat, double ndf, double ddf, double p)
    {
        Approx.Equal(c.GetProperty("statistic").GetDouble(), stat, 1e-8, $"{name} chisq statistic");
        Approx.Equal(c.GetProperty("ndf").GetDouble(), ndf, 1e-8, $"{name} chisq ndf");
        Approx.Equal(c.GetProperty("ddf").GetDouble(), ddf, 1e-8, $"{name} chisq ddf");
        Approx.Equal(c.GetProperty("p").GetDouble(), p, 1e-7, $"{name} chisq p");
    }
}
