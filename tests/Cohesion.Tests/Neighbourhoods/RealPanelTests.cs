using System.Text.Json;
using Cohesion.Neighbourhoods;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The real-data analyses of issue 12 against R on the shipped files (tools/reference/neighbourhoods_real.R):
/// the RIVM buurt panel 2012–2020 against plm within/twoways with vcovHC arellano "sss", and the Amsterdam KWB 2019 ×
/// RIVM steps and Gelbach decomposition against lm, sandwich::vcovCL and a direct Gelbach computation.</summary>
public class RealPanelTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "real_panel_reference.json"))).RootElement;

    private static readonly Lazy<RivmPanelResult> Panel = new(() => RivmPanelAnalysis.Run());
    private static readonly Lazy<AmsterdamDiversityResult> Amsterdam = new(() => AmsterdamDiversityAnalysis.Run());

    [Theory]
    [InlineData("lonely")]
    [InlineData("volunteering")]
    public void RivmPanelMatchesPlmTwoWayWithin(string outcome)
    {
        var e = Reference.GetProperty("rivm_panel").GetProperty(outcome);
        var m = Panel.Value.Models.Single(x => x.Outcome.Name == outcome);
        Assert.Equal("hardship", m.Regressor.Name);
        Assert.Equal(e.GetProperty("n").GetInt32(), m.N);
        Assert.Equal(e.GetProperty("units").GetInt32(), m.Units);
        Assert.Equal(e.GetProperty("singletons").GetInt32(), m.Singletons);
        Assert.Equal(e.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()), m.Years);
        Approx.Equal(e.GetProperty("estimate").GetDouble(), m.Coefficient.Estimate, 1e-6, $"{outcome} estimate");
        Approx.Equal(e.GetProperty("se").GetDouble(), m.Coefficient.StdError, 1e-6, $"{outcome} se");
        Assert.Single(m.Result.Coefficients); // only the slope: buurt and year are absorbed
    }

    [Fact]
    public void RivmPanelSummariesAndMapsAreRealAndComplete()
    {
        var r = Panel.Value;
        Assert.Equal(Provenance.Real, r.Provenance);
        foreach (var s in Reference.GetProperty("summaries").EnumerateArray())
        {
            var a = r.Summaries.Single(x => x.Indicator == s.GetProperty("indicator").GetString() && x.Year == s.GetProperty("year").GetInt32());
            Assert.Equal(s.GetProperty("buurten").GetInt32(), a.Buurten);
            Approx.Equal(s.GetProperty("mean").GetDouble(), a.Mean, 1e-10, "mean");
            Approx.Equal(s.GetProperty("sd").GetDouble(), a.Sd, 1e-10, "sd");
        }
        // 2012 has no volunteering; the national rows are the published NL values (SOURCE.md)
        Assert.DoesNotContain(r.Summaries, s => s.Indicator == "volunteering" && s.Year == 2012);
        Assert.Equal(39.6, r.Summaries.Single(s => s.Indicator == "lonely" && s.Year == 2012).National);
        Assert.Equal(24.6, r.Summaries.Single(s => s.Indicator == "volunteering" && s.Year == 2020).National);
        var vol = r.ChangeMaps.Single(m => m.Measure == "volunteering_change_2016_2020");
        var lonely = r.ChangeMaps.Single(m => m.Measure == "lonely_change_2012_2020");
        Assert.InRange(vol.Values.Count, 12_900, 13_066);
        Assert.InRange(lonely.Values.Count, 12_800, 12_975);
        Assert.True(vol.Values.Values.Average() < 0); // volunteering fell 2016 → 2020
        Assert.True(lonely.Values.Values.Average() > 0);
        Assert.Contains("real data", vol.TitleEn);
        Assert.Contains(r.LevelMaps, m => m.Measure == "volunteering" && m.TitleEn.Contains("2020"));
    }

    [Fact]
    public void AmsterdamStepsMatchLmWithClusteredSes()
    {
        var r = Amsterdam.Value;
        Assert.Equal(Provenance.Real, r.Provenance);
        int compared = 0;
        foreach (var seq in Reference.GetProperty("amsterdam_steps").EnumerateArray())
        {
            string outcome = seq.GetProperty("outcome").GetString()!, div = seq.GetProperty("diversity").GetString()!;
            int year = seq.GetProperty("rivm_year").GetInt32();
            foreach (var s in seq.GetProperty("steps").EnumerateArray())
            {
                var a = r.Steps.Single(x => x.Outcome == outcome && x.Diversity == div && x.RivmYear == year && x.Step == s.GetProperty("step").GetInt32());
                var what = $"{outcome} {div} {year} step {a.Step}";
                Assert.Equal(s.GetProperty("added").GetString(), a.Added);
                Assert.Equal(s.GetProperty("n").GetInt32(), a.N);
                Assert.Equal(s.GetProperty("clusters").GetInt32(), a.Clusters);
                Approx.Equal(s.GetProperty("estimate").GetDouble(), a.Coefficient.Estimate, 1e-6, what);
                Approx.Equal(s.GetProperty("se").GetDouble(), a.Coefficient.StdError, 1e-6, what + " se");
                Approx.Equal(s.GetProperty("r2").GetDouble(), a.RSquared, 1e-6, what + " R²");
                compared++;
            }
        }
        Assert.Equal(2 * 2 * 2 * 3, compared);
    }

    [Fact]
    public void AmsterdamGelbachMatchesDirectComputation()
    {
        var r = Amsterdam.Value;
        foreach (var e in Reference.GetProperty("amsterdam_gelbach").EnumerateArray())
        {
            string outcome = e.GetProperty("outcome").GetString()!, div = e.GetProperty("diversity").GetString()!;
            int year = e.GetProperty("rivm_year").GetInt32();
            var g = r.Gelbach.Single(x => x.Outcome == outcome && x.Diversity == div && x.RivmYear == year).Result;
            var what = $"{outcome} {div} {year}";
            Approx.Equal(e.GetProperty("base_estimate").GetDouble(), g.BaseEstimate, 1e-6, what + " base");
            Approx.Equal(e.GetProperty("full_estimate").GetDouble(), g.FullEstimate, 1e-6, what + " full");
            Approx.Equal(e.GetProperty("total_change").GetDouble(), g.TotalChange, 1e-6, what + " total");
            Approx.Equal(e.GetProperty("total_change_se").GetDouble(), g.TotalChangeSe, 1e-6, what + " total se");
            foreach (var c in e.GetProperty("groups").EnumerateArray())
            {
                var a = g.Groups.Single(x => x.Name == c.GetProperty("group").GetString());
                Approx.Equal(c.GetProperty("contribution").GetDouble(), a.Contribution, 1e-6, $"{what} {a.Name}");
                Approx.Equal(c.GetProperty("se").GetDouble(), a.StdError, 1e-6, $"{what} {a.Name} se");
                Approx.Equal(c.GetProperty("share").GetDouble(), a.Share, 1e-6, $"{what} {a.Name} share");
            }
        }
    }

    [Fact]
    public void AmsterdamNamesWhatCannotBeControlled()
    {
        var r = Amsterdam.Value;
        Assert.Equal(["neglect", "turnover"], r.Missing.Select(m => m.Control));
        Assert.Contains(r.Notes, n => n.Contains("missing control 'neglect'"));
        Assert.Contains(r.Notes, n => n.Contains("missing control 'turnover'"));
        Assert.Contains(r.Notes, n => n.Contains("479 of 479") && n.Contains("identical"));
        Assert.Equal(["kwb-amsterdam-2019", "rivm-gezondheid-wijkbuurt-2016", "rivm-gezondheid-wijkbuurt-2012-2020"], r.SourceFolders);
    }
}

/// <summary>The command-line contracts of issue 12 for the two real-data analyses.</summary>
public class RealPanelCommandTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "real_panel_reference.json"))).RootElement;

    [Fact]
    public void RivmPanelJsonFollowsTheContract()
    {
        var map = Path.Combine(Paths.TempDir(), "change.svg");
        var r = CliRunner.Run("neighbourhoods", "--analysis", "rivm-panel", "--format", "json", "--map", map);
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("real", root.GetProperty("provenance").GetString());
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["lonely", "volunteering"], models.Select(m => m.GetProperty("outcome").GetString()));
        foreach (var m in models)
        {
            var e = Reference.GetProperty("rivm_panel").GetProperty(m.GetProperty("outcome").GetString()!);
            Assert.Equal("hardship", m.GetProperty("regressor").GetString());
            Assert.Equal(["buurt", "year"], m.GetProperty("fixed_effects").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal("buurt", m.GetProperty("cluster").GetString());
            Assert.Equal(e.GetProperty("n").GetInt32(), m.GetProperty("n").GetInt32());
            Assert.Equal(e.GetProperty("units").GetInt32(), m.GetProperty("units").GetInt32());
            var c = m.GetProperty("coefficients").EnumerateArray().Single();
            Assert.Equal("hardship", c.GetProperty("term").GetString());
            Approx.Equal(e.GetProperty("estimate").GetDouble(), c.GetProperty("estimate").GetDouble(), 1e-6, "estimate");
            Approx.Equal(e.GetProperty("se").GetDouble(), c.GetProperty("se").GetDouble(), 1e-6, "se");
        }
        Assert.Equal("volunteering_change_2016_2020", root.GetProperty("map_measure").GetString());
        var svg = File.ReadAllText(map);
        Assert.Contains("real data", svg);
        Assert.Contains("data-code=\"BU", svg);
    }

    [Fact]
    public void AmsterdamJsonFollowsTheContract()
    {
        var r = CliRunner.Run("neighbourhoods", "--analysis", "amsterdam", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("real", root.GetProperty("provenance").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(24, steps.Count);
        var first = Reference.GetProperty("amsterdam_steps")[0];
        var s0 = steps.Single(s => s.GetProperty("outcome").GetString() == first.GetProperty("outcome").GetString()
            && s.GetProperty("diversity").GetString() == first.GetProperty("diversity").GetString()
            && s.GetProperty("rivm_year").GetInt32() == first.GetProperty("rivm_year").GetInt32() && s.GetProperty("step").GetInt32() == 2);
        Approx.Equal(first.GetProperty("steps")[2].GetProperty("estimate").GetDouble(), s0.GetProperty("estimate").GetDouble(), 1e-6, "full-model estimate");
        var gelbach = root.GetProperty("gelbach").EnumerateArray().ToList();
        Assert.Equal(8, gelbach.Count);
        Assert.All(gelbach, g => Assert.Equal(["ses", "housing"], g.GetProperty("groups").EnumerateArray().Select(x => x.GetProperty("group").GetString())));
        var notes = root.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("neglect"));
        Assert.Contains(notes, n => n.Contains("turnover"));
    }

    [Fact]
    public void RealAnalysesRejectBadFlagsWithUsageErrors()
    {
        var r = CliRunner.Run("neighbourhoods", "--analysis", "rivm-panel", "--map", Path.Combine(Paths.TempDir(), "m.svg"), "--map-measure", "cohesion");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("volunteering_change_2016_2020", r.Err);
        r = CliRunner.Run("neighbourhoods", "--analysis", "amsterdam", "--map", Path.Combine(Paths.TempDir(), "a.svg"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no boundaries", r.Err);
        r = CliRunner.Run("neighbourhoods", "--analysis", "rivm-panel", "--data", "x.csv");
        Assert.Equal(2, r.ExitCode);
    }
}
