using Cohesion.Demography;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Cohesion.Tests.Simulation;
using Cohesion.Trends;
using Xunit;

namespace Cohesion.Tests.Trends;

/// <summary>The societal change estimated from the real CBS series: the split adds up, the exported scenario loads and
/// equals the shipped data/scenarios/societal/estimated.json, and its SEs widen simulate's bands.</summary>
public class SocietalEstimationTests
{
    private static readonly Lazy<HistoricalPopulation> Population = new(() => new HistoricalPopulation(SimulationFixture.Engine));

    private static readonly Lazy<SeriesTrendsOutcome> BuiltIn = new(() => SeriesTrends.Run(new SeriesTrendsRequest
    {
        Societal = true, Models = SimulationFixture.Models, Population = Population.Value,
    }));

    [Fact]
    public void CompositionPlusWithinEqualsTheObservedChange()
    {
        var est = BuiltIn.Value.Societal!;
        Assert.Equal(2012, est.From);
        Assert.Equal(2022, est.To);
        var trust = est.Splits.Single(s => s.Indicator == "trust_people");
        Assert.Equal((2012, 2022), (trust.FromYear, trust.ToYear));
        Approx.Equal(0.58, trust.ObservedFrom, 1e-15);
        Approx.Equal(0.66, trust.ObservedTo, 1e-15);
        var eta = new PropensityModel(SimulationFixture.Models, CohesionScenario.None(), null).GroupEta();
        var ids = SimulationFixture.Models.Models.Select(m => m.Id).ToList();
        var groupOfCell = GroupCoding.GroupOfCell();
        foreach (var s in est.Splits)
        {
            Assert.Equal(s.ObservedTo - s.ObservedFrom, s.Change, 15);
            Assert.True(Math.Abs(s.Composition + s.Within - s.Change) <= 1e-15, $"{s.Indicator}: {s.Composition} + {s.Within} != {s.Change}");
            // the within part computed the other way (propensities change, population fixed) is the same number, because
            // the offsets reproduce the observed values exactly
            int k = ids.IndexOf(s.Indicator);
            var popA = Population.Value.At(s.FromYear); var popB = Population.Value.At(s.ToYear);
            double aA = SocietalEstimation.Offset(eta[k], popA, groupOfCell, s.ObservedFrom);
            double aB = SocietalEstimation.Offset(eta[k], popB, groupOfCell, s.ObservedTo);
            Approx.Equal(s.ObservedFrom, SocietalEstimation.Share(eta[k], popA, groupOfCell, aA), 1e-13);
            Approx.Equal(s.ObservedTo, SocietalEstimation.Share(eta[k], popB, groupOfCell, aB), 1e-13);
            double within = 0.5 * ((SocietalEstimation.Share(eta[k], popA, groupOfCell, aB) - SocietalEstimation.Share(eta[k], popA, groupOfCell, aA))
                                 + (SocietalEstimation.Share(eta[k], popB, groupOfCell, aB) - SocietalEstimation.Share(eta[k], popB, groupOfCell, aA)));
            Assert.True(Math.Abs(within - s.Within) < 1e-12, $"{s.Indicator}: within {within} vs {s.Within}");
            Approx.Equal(aB - aA, s.LogitWithin, 1e-12);
        }
        // SCP: rising education raises trust mechanically, but the within-group change is larger for trust in others,
        // and the fall of trust in the Tweede Kamer is within groups (composition alone would have raised it)
        Assert.InRange(trust.Composition, 0.002, 0.04);
        Assert.True(trust.Within > trust.Composition);
        var tk = est.Splits.Single(s => s.Indicator == "trust_tweede_kamer");
        Assert.True(tk.Composition > 0 && tk.Within < tk.Change);
    }

    [Fact]
    public void RulesAreTheEstimatesAndGroupSeriesAreUsedDirectly()
    {
        var est = BuiltIn.Value.Societal!;
        var national = est.Trends.Single(t => t.Indicator == "trust_tweede_kamer");
        var split = est.Splits.Single(s => s.Indicator == "trust_tweede_kamer");
        Approx.Equal(split.LogitWithin / 10, national.LogitPerYear, 1e-12, "within-group logit change per year");
        Assert.Equal(2034, national.Until);
        // trust in others by education: the low and high groups have their own CBS series, the national rule the rest
        var low = est.Trends.Single(t => t.Indicator == "trust_people" && t.Group.Education == "low");
        Approx.Equal((PublishedSeries.Logit(0.40) - PublishedSeries.Logit(0.39)) / 6, low.LogitPerYear, 1e-12, "primary-only 39% (2016) → 40% (2022)");
        var rest = est.Trends.Single(t => t.Indicator == "trust_people" && t.Group.IsNational);
        Assert.Equal(["high", "low"], rest.ExcludeEducation);
    }

    [Fact]
    public void ShippedScenarioEqualsTheDocumentedRegenerationCommand()
    {
        // the command documented in data/scenarios/README.md; if the built-in survey or demography changes on purpose,
        // regenerate the file with it (and the golden outputs that use the default societal scenario)
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "estimated.json");
        var r = CliRunner.Run("trends", "--series", Paths.RealData("cbs-ssw-national-trends", "nl_cohesion_trends_cbs.csv"), "--to", "2022",
            "--export-societal", path, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var shipped = File.ReadAllText(Path.Combine(Paths.RepoRoot, "data", "scenarios", "societal", "estimated.json"));
        Assert.True(shipped == File.ReadAllText(path),
            "data/scenarios/societal/estimated.json is not what `cohesion trends --series data/real/cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv --to 2022 --export-societal data/scenarios/societal/estimated.json` writes: regenerate it");
        // the built-in run without --series writes the same scenario
        var path2 = Path.Combine(dir, "builtin.json");
        Assert.Equal(0, CliRunner.Run("trends", "--export-societal", path2, "--format", "csv").ExitCode);
        Assert.Equal(shipped, File.ReadAllText(path2));
    }

    [Fact]
    public void ExportedScenarioLoadsWithItsStandardErrors()
    {
        var fw = SimulationFixture.Framework;
        var json = SocietalScenarioExport.ToJson(BuiltIn.Value.Societal!);
        var sc = CohesionScenarioLoader.Parse(json, "estimated.json", fw, ScenarioKind.Societal);
        Assert.Equal("derived", sc.Provenance);
        Assert.Equal(BuiltIn.Value.Societal!.Trends.Count, sc.Rules.Count);
        foreach (var (rule, t) in sc.Rules.Zip(BuiltIn.Value.Societal!.Trends))
        {
            Assert.Equal(RuleType.Trend, rule.Type);
            Assert.Equal(fw.Indicators.Select(i => i.Id).ToList().IndexOf(t.Indicator), Assert.Single(rule.Indicators));
            Approx.Equal(t.LogitPerYear, rule.Logit, 1e-11);
            if (double.IsFinite(t.StandardError)) Approx.Equal(t.StandardError, rule.StandardError, 1e-11);
            Assert.Equal(2024, rule.From);
            Assert.Equal(t.Until, rule.Until);
        }
        var rest = sc.Rules.Single(r => r.Label.StartsWith("trust_people: estimated"));
        Assert.Equal([1], rest.Filter.Educations.ToArray()); // middle only
        // and the built-in catalogue resolves it by name
        var builtIn = CohesionScenarioCatalog.Resolve("estimated", ScenarioKind.Societal, fw);
        Assert.Equal("derived", builtIn.Provenance);
        Assert.Contains("estimated", CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Societal));
    }

    [Fact]
    public void RuleStandardErrorsWidenTheBandsButNotTheMean()
    {
        var fw = SimulationFixture.Framework;
        var est = CohesionScenarioCatalog.Resolve("estimated", ScenarioKind.Societal, fw);
        var fixedRules = est with { Name = "estimated-fixed", Rules = est.Rules.Select(r => r with { StandardError = 0 }).ToList() };
        var proj = new CohesionProjection(SimulationFixture.Models, SimulationFixture.Engine);
        var request = new ProjectionRequest { Scenarios = ["midden"], Societal = [est, fixedRules], Reps = 100, LastYear = 2040 };
        var result = proj.Run(request);
        var withSe = result.Runs[0].Years[^1]; var without = result.Runs[1].Years[^1];
        int inst = result.DimensionIds.ToList().IndexOf("institutional_trust");
        Assert.Equal(without.Dimensions[inst].Mean, withSe.Dimensions[inst].Mean, 12);
        double w1 = withSe.Dimensions[inst].Upper - withSe.Dimensions[inst].Lower, w0 = without.Dimensions[inst].Upper - without.Dimensions[inst].Lower;
        Assert.True(w1 > 1.2 * w0, $"band with rule SEs {w1} should be wider than without {w0}");
        // in the base year the trends have not started: identical bands
        Assert.Equal(result.Runs[1].Years[0].Dimensions[inst], result.Runs[0].Years[0].Dimensions[inst]);
        // same seed, same bands
        var again = proj.Run(request);
        Assert.Equal(result.Runs[0].Years[^1].Dimensions[inst], again.Runs[0].Years[^1].Dimensions[inst]);
    }

    [Theory]
    [InlineData("-0.1", "must be a standard error between 0 and 0.5")]
    [InlineData("\"x\"", "must be a number")]
    public void BadRuleStandardErrorIsNamed(string value, string message)
    {
        var json = $$"""{"kind":"societal","name":"x","rules":[{"type":"trend","indicators":["voted"],"logit_per_year":0.01,"logit_per_year_se":{{value}},"from":2024}]}""";
        var ex = Assert.Throws<CohesionException>(() => CohesionScenarioLoader.Parse(json, "x.json", SimulationFixture.Framework));
        Assert.Contains("rules[0].logit_per_year_se", ex.Message);
        Assert.Contains(message, ex.Message);
        var shift = """{"kind":"societal","name":"x","rules":[{"type":"shift","indicators":["voted"],"logit":0.1,"logit_per_year_se":0.1,"from":2024}]}""";
        Assert.Contains("does not apply to a shift", Assert.Throws<CohesionException>(() => CohesionScenarioLoader.Parse(shift, "x.json", SimulationFixture.Framework)).Message);
    }

    [Fact]
    public void HistoricalPopulationIsContinuousAndShowsEducationalExpansion()
    {
        var hp = Population.Value;
        double HighShare(int y) => PopulationProjection.HighEducationShare(hp.At(y));
        double FirstGen(int y)
        {
            var byOrigin = PopulationProjection.ByOrigin(hp.At(y));
            return (byOrigin[1] + byOrigin[2] + byOrigin[3]) / byOrigin.Sum();
        }
        for (int y = 2012; y < 2024; y++)
        {
            Assert.True(HighShare(y + 1) > HighShare(y), $"hbo/wo share rises {y}→{y + 1}");
            Assert.True(FirstGen(y + 1) > FirstGen(y), $"first generation share rises {y}→{y + 1}");
            // no seam between the backward reconstruction (≤ 2018) and the projection (≥ 2019)
            Assert.InRange(HighShare(y + 1) - HighShare(y), 0.001, 0.012);
            Assert.InRange(FirstGen(y + 1) - FirstGen(y), 0.0005, 0.008);
        }
        // age × sex: WPP 2024 on 1 Jan 2012 (CBS: 16.73 million)
        Assert.InRange(hp.At(2012).Sum(), 16.5e6, 16.95e6);
        Assert.Throws<CohesionException>(() => hp.At(2011));
    }
}
