using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Cohesion.Trends;
using Xunit;
using static Cohesion.Tests.Trends.WaveTrendsReferenceTests;

namespace Cohesion.Tests.Trends;

/// <summary>Series fits against R's lm(qlogis(value/100) ~ year, weights) (tools/reference/trends.R), on the real CBS
/// series and on synthetic series weighted by n and by 1/se², with and without break years.</summary>
public class PublishedSeriesTests
{
    public static TheoryData<string, string, int[]> Cases() => new()
    {
        { "series_cbs", "cbs", [] },
        { "series_cbs_break2020", "cbs", [2020] },
        { "series_cbs_break2016_2020", "cbs", [2016, 2020] },
        { "series_n", "series_n.csv", [] },
        { "series_se", "series_se.csv", [] },
        { "series_se_break2015", "series_se.csv", [2015] },
    };

    private static string PathOf(string file) => file == "cbs"
        ? Paths.RealData("cbs-ssw-national-trends", "nl_cohesion_trends_cbs.csv")
        : Paths.Fixture("trends", file);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesRLm(string name, string file, int[] breaks)
    {
        var r = Reference.Value.GetProperty(name);
        var result = PublishedSeries.Fit(PublishedSeries.Read(PathOf(file)), breaks);
        var ind = Vec(r, "indicator");
        Assert.Equal(ind.Count, result.Trends.Count);
        for (int i = 0; i < ind.Count; i++)
        {
            string group = Vec(r, "group")[i].GetString()!;
            double from = Num(Vec(r, "from")[i]), to = Num(Vec(r, "to")[i]);
            var t = result.Trends.Single(x => x.Indicator == ind[i].GetString() && x.Group == group && x.From == from);
            Assert.Equal(to, t.To);
            Assert.Equal((int)Num(Vec(r, "n")[i]), t.Points);
            Approx.Equal(Num(Vec(r, "slope")[i]), t.Slope, 1e-9, $"{name} {t.Indicator} {group} {from} slope");
            Approx.Equal(Num(Vec(r, "intercept")[i]), t.Intercept, 1e-9, $"{name} {t.Indicator} {group} {from} intercept");
            Approx.Equal(Num(Vec(r, "se")[i]), t.StandardError, 1e-8, $"{name} {t.Indicator} {group} {from} se");
            Assert.Equal("logit", t.Scale);
        }
        Assert.Equal(file == "series_n.csv" ? "n" : file == "series_se.csv" ? "1/se^2" : "unweighted", result.Trends[0].Weighting);
    }

    [Fact]
    public void OneYearSeriesIsAnErrorNamingTheYear()
    {
        var points = PublishedSeries.Read(PathOf("cbs")).Where(p => p.Year == 2022).ToList();
        var ex = Assert.Throws<CohesionException>(() => PublishedSeries.Fit(points));
        Assert.Contains("only one year (2022)", ex.Message);
        Assert.Equal("year", ex.Column);
    }

    [Theory]
    [InlineData(2012)]
    [InlineData(2030)]
    [InlineData(1999)]
    public void BreakOutsideTheDataIsAnError(int year)
    {
        var ex = Assert.Throws<CohesionException>(() => PublishedSeries.Fit(PublishedSeries.Read(PathOf("cbs")), [year]));
        Assert.Contains($"--break {year} is outside the data's years (2012–2024)", ex.Message);
    }

    [Fact]
    public void SingleYearGroupsGetANoteNotATrend()
    {
        var result = PublishedSeries.Fit(PublishedSeries.Read(PathOf("cbs")));
        Assert.Contains(result.Notes, n => n.StartsWith("trust_health_care (total_15plus): one year only (2022)"));
        Assert.DoesNotContain(result.Trends, t => t.Indicator == "trust_health_care");
        // every CBS row keeps its source page
        Assert.All(result.Points, p => Assert.Contains("http", p.Source));
    }
}
