using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>The shared R fixture: NHANES, svydesign(id=~SDMVPSU, strata=~SDMVSTRA, weights=~WTMEC2YR, nest=TRUE).</summary>
public class NhanesSharedFixtureTests
{
    private static readonly Lazy<(DataFrame Frame, JsonElement Results)> Data = new(() =>
    {
        var frame = DatasetLoader.Load(Paths.Fixture("shared", "survey_nhanes.csv"));
        var json = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("shared", "survey_nhanes.json"))).RootElement.GetProperty("results");
        return (frame, json);
    });

    private static SurveyDesign Design(DataFrame f) => SurveyDesign.Create(new SurveyDesignOptions
    {
        Weights = f.Numeric("WTMEC2YR").Values,
        Strata = f.Categorical("SDMVSTRA").Codes,
        Clusters = [f.Categorical("SDMVPSU").Codes],
        Nest = true,
    });

    [Fact]
    public void MeanAndTotalMatchR()
    {
        var (f, r) = Data.Value;
        var d = Design(f);
        var y = f.Numeric("HI_CHOL").Values;
        var m = SurveyEstimator.Mean(d, y);
        Approx.Equal(r.GetProperty("mean_HI_CHOL").GetProperty("estimate").GetDouble(), m.Estimate, 1e-10, "mean");
        Approx.Equal(r.GetProperty("mean_HI_CHOL").GetProperty("se").GetDouble(), m.StandardError, 1e-8, "mean se");
        var t = SurveyEstimator.Total(d, y);
        Approx.Equal(r.GetProperty("total_HI_CHOL").GetProperty("estimate").GetDouble(), t.Estimate, 1e-10, "total");
        Approx.Equal(r.GetProperty("total_HI_CHOL").GetProperty("se").GetDouble(), t.StandardError, 1e-8, "total se");
        Assert.Equal(y.Count(v => !double.IsNaN(v)), m.N);
    }

    [Theory]
    [InlineData("race", "by_race_HI_CHOL")]
    [InlineData("agecat", "by_agecat_HI_CHOL")]
    public void DomainMeansMatchSvyby(string by, string key)
    {
        var (f, r) = Data.Value;
        var d = Design(f);
        var dom = f.Categorical(by);
        var est = SurveyEstimator.MeanBy(d, f.Numeric("HI_CHOL").Values, dom.Codes, dom.LevelCount);
        var expected = r.GetProperty(key);
        var groups = expected.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        Assert.Equal(groups, dom.Levels);
        for (int i = 0; i < groups.Length; i++)
        {
            Approx.Equal(expected.GetProperty("estimate")[i].GetDouble(), est[i].Estimate, 1e-10, $"{groups[i]} estimate");
            Approx.Equal(expected.GetProperty("se")[i].GetDouble(), est[i].StandardError, 1e-8, $"{groups[i]} se");
        }
    }
}
