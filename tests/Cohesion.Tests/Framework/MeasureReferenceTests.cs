using System.Text.Json;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Framework;

/// <summary>cohesion measure's estimates against R survey (tools/reference/framework.R): the recodes, the
/// dimension-score rule and the design-based estimation, nationally and with svyby semantics.</summary>
public class MeasureReferenceTests
{
    private sealed record RRow(string Variable, string? Group, double Estimate, double Se);

    private static (List<RRow> Rows, Dictionary<string, int> N) Fixture(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("framework", name)));
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().Select(e => new RRow(
            e.GetProperty("variable").GetString()!, e.TryGetProperty("group", out var g) ? g.GetString() : null,
            e.GetProperty("estimate").GetDouble(), e.GetProperty("se").GetDouble())).ToList();
        var n = doc.RootElement.GetProperty("n") is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()) : [];
        return (rows, n);
    }

    private static void Compare(List<RRow> expected, MeasureResult result, string byKey, Dictionary<string, int>? n = null)
    {
        int compared = 0;
        foreach (var r in expected)
        {
            if (r.Group is not null && !r.Group.StartsWith(byKey + "=", StringComparison.Ordinal)) continue;
            string? group = r.Group?[(byKey.Length + 1)..];
            var row = result.Rows.Single(x => x.Variable == r.Variable && x.Group == group);
            Approx.Equal(r.Estimate, row.Estimate, 1e-9, $"{r.Variable} [{group ?? "national"}] estimate");
            Approx.Equal(r.Se, row.StandardError, 1e-8, $"{r.Variable} [{group ?? "national"}] SE");
            if (group is null && n is not null) Assert.Equal(n[r.Variable], row.N);
            compared++;
        }
        Assert.True(compared > 10, $"only {compared} rows compared for {byKey}");
    }

    private static readonly Lazy<Cohesion.Statistics.Data.DataFrame> Synthetic = new(() => DatasetLoader.Load(Path.Combine(Paths.RepoRoot, "data", "survey", "nl-synthetic-ssw.csv")));
    private static CohesionFramework Ssw => FrameworkLoader.Load(Path.Combine(Paths.RepoRoot, "data", "framework", "cbs-ssw.json"));

    [Theory]
    [InlineData("education3")]
    [InlineData("origin7")]
    public void SyntheticSurveyMatchesRSurvey(string by)
    {
        var (rows, n) = Fixture("synthetic_measure.json");
        var result = CohesionMeasurement.Run(Ssw, Synthetic.Value, new MeasureOptions { By = [by] });
        Compare(rows, result, by, n);
    }

    [Fact]
    public void CrossedGroupsMatchSvybyWithTwoFactors()
    {
        var (rows, _) = Fixture("synthetic_measure.json");
        var result = CohesionMeasurement.Run(Ssw, Synthetic.Value, new MeasureOptions { By = ["education3", "sex"] });
        Compare(rows.Where(r => r.Group is not null).ToList(), result, "education3.sex");
        // groups follow the framework's order: low, middle, high × male, female
        Assert.Equal(["low.male", "low.female", "middle.male", "middle.female", "high.male", "high.female"],
            result.Rows.Where(r => r.Variable == "social_trust" && r.Group is not null).Select(r => r.Group).ToArray());
    }

    [Fact]
    public void JackknifeReplicateSEsMatchAsSvrepdesignJKn()
    {
        var (rows, _) = Fixture("synthetic_jkn.json");
        var result = CohesionMeasurement.Run(Ssw, Synthetic.Value, new MeasureOptions
        {
            By = ["education3"], Replicates = Cohesion.Statistics.Survey.ReplicateType.JKn
        });
        Compare(rows, result, "education3");
        Assert.Contains("JKn replicate weights", result.Design.Describe());
    }

    [Fact]
    public void VuPanelRunsThroughItsOwnFrameworkWithEqualWeights()
    {
        var (rows, n) = Fixture("vu_measure.json");
        var data = DatasetLoader.Load(Paths.RealData("vu-election-panel-2021", "wave0.csv"));
        var fw = FrameworkLoader.Load(Path.Combine(Paths.RepoRoot, "data", "framework", "vu-election-panel-2021.json"));
        foreach (var by in new[] { "education", "ethnicity" })
        {
            var result = CohesionMeasurement.Run(fw, data, new MeasureOptions { By = [by], Disclosure = Cohesion.Disclosure.DisclosureRule.Off });
            Assert.Null(result.Design.Weight);
            Compare(rows, result, by, n);
        }
    }

    [Fact]
    public void VuTrustInTweedeKamerIsTheShareScoringSixOrMore()
    {
        // independent check of the threshold recode: count answers >= 6 among valid 0-10 answers
        var data = DatasetLoader.Load(Paths.RealData("vu-election-panel-2021", "wave0.csv"));
        var raw = data.Numeric("F2_4").Values.Where(v => !double.IsNaN(v) && v <= 10).ToArray();
        double expected = raw.Count(v => v >= 6) / (double)raw.Length;
        // R's na.rm keeps the full design (all N rows are PSUs, missing ones contribute zero): var = N/(N-1)·p(1-p)/n
        int all = data.RowCount;
        double se = Math.Sqrt((double)all / (all - 1) * expected * (1 - expected) / raw.Length);
        var fw = FrameworkLoader.Load(Path.Combine(Paths.RepoRoot, "data", "framework", "vu-election-panel-2021.json"));
        var row = CohesionMeasurement.Run(fw, data, new MeasureOptions()).Rows.Single(r => r.Variable == "trust_tweede_kamer");
        Approx.Equal(expected, row.Estimate, 1e-12);
        Approx.Equal(se, row.StandardError, 1e-10, "equal-weight standard error with na.rm domain semantics");
        Assert.Equal(raw.Length, row.N);
    }
}

/// <summary><c>--ci logit</c> against R's svyciprop(method="logit") (tools/reference/framework.R, part 3).</summary>
public class LogitIntervalReferenceTests
{
    [Fact]
    public void LogitIntervalsMatchSvyciprop()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("framework", "logit_ci.json")));
        var synthetic = CohesionMeasurement.Run(FrameworkLoader.Load(Path.Combine(Paths.RepoRoot, "data", "framework", "cbs-ssw.json")),
            DatasetLoader.Load(Path.Combine(Paths.RepoRoot, "data", "survey", "nl-synthetic-ssw.csv")),
            new MeasureOptions { By = ["education3"], Ci = CiMethod.Logit });
        var vu = CohesionMeasurement.Run(FrameworkLoader.Load(Path.Combine(Paths.RepoRoot, "data", "framework", "vu-election-panel-2021.json")),
            DatasetLoader.Load(Paths.RealData("vu-election-panel-2021", "wave0.csv")),
            new MeasureOptions { By = ["ethnicity"], Ci = CiMethod.Logit, Disclosure = Cohesion.Disclosure.DisclosureRule.Off });
        int compared = 0;
        foreach (var e in doc.RootElement.GetProperty("estimates").EnumerateArray())
        {
            var result = e.GetProperty("data").GetString() == "vu" ? vu : synthetic;
            string? group = e.TryGetProperty("group", out var g) ? g.GetString()![(g.GetString()!.IndexOf('=') + 1)..] : null;
            var row = result.Rows.Single(r => r.Variable == e.GetProperty("variable").GetString() && r.Group == group);
            // svyciprop reports the IRLS fit of a quasibinomial glm: equal to the exact share to ~1e-9
            Approx.Equal(e.GetProperty("estimate").GetDouble(), row.Estimate, 1e-7, "estimate");
            Approx.Equal(e.GetProperty("ci_lower").GetDouble(), row.CiLower, 1e-7, $"{row.Variable} [{group}] ci_lower");
            Approx.Equal(e.GetProperty("ci_upper").GetDouble(), row.CiUpper, 1e-7, $"{row.Variable} [{group}] ci_upper");
            Assert.InRange(row.CiLower, 0, 1);
            Assert.InRange(row.CiUpper, 0, 1);
            compared++;
        }
        Assert.True(compared >= 25, $"{compared}");
    }
}
