using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Xunit;

namespace Cohesion.Tests.Framework;

public class FrameworkScorerTests
{
    private static CohesionFramework Mini(string extra = "") => FrameworkLoader.Parse($$"""
        {
          "missing": [998, 999],
          {{extra}}
          "dimensions": [
            {"id":"social_trust","label_nl":"a","label_en":"b","axis":"horizontal","kind":"attitude"},
            {"id":"political_participation","label_nl":"a","label_en":"b","axis":"vertical","kind":"behaviour"}
          ],
          "indicators": [
            {"id":"t1","column":"a","dimension":"social_trust","recode":"in [1]","label_nl":"x","label_en":"x"},
            {"id":"t2","column":"b","dimension":"social_trust","recode":"scale [1, 5] reverse","label_nl":"x","label_en":"x"},
            {"id":"t3","column":"c","dimension":"social_trust","recode":">= 6","label_nl":"x","label_en":"x"},
            {"id":"p1","column":"d","dimension":"political_participation","recode":"in [\"ja\"]","missing":["weet niet"],"label_nl":"x","label_en":"x"}
          ]
        }
        """, "mini.json");

    private static DataFrame Data() => new([
        new NumericColumn("a", [1, 2, 998, double.NaN, 1]),
        new NumericColumn("b", [1, 5, 3, 999, double.NaN]),
        new NumericColumn("c", [7, 6, 5, double.NaN, 0]),
        CategoricalColumn.FromStrings("d", ["ja", "nee", "weet niet", "ja", null])
    ], "data.csv");

    [Fact]
    public void RecodesWithMissingCodesAndRules()
    {
        var s = FrameworkScorer.Score(Mini(), Data());
        Assert.Equal([1, 0, double.NaN, double.NaN, 1], s.Indicator("t1"));
        Assert.Equal([1, 0, 0.5, double.NaN, double.NaN], s.Indicator("t2"));
        Assert.Equal([1, 1, 0, double.NaN, 0], s.Indicator("t3"));
        Assert.Equal([1, 0, double.NaN, 1, double.NaN], s.Indicator("p1"));
    }

    [Fact]
    public void DimensionScoreIsMeanOfPresentIndicatorsWhenAtLeastHalfArePresent()
    {
        var s = FrameworkScorer.Score(Mini(), Data());
        // social_trust has 3 indicators → needs 2 present
        var st = s.Dimension("social_trust");
        Assert.Equal(1.0, st[0], 12);                 // (1 + 1 + 1)/3
        Assert.Equal(1.0 / 3, st[1], 12);             // (0 + 0 + 1)/3
        Assert.Equal(0.25, st[2], 12);                // (0.5 + 0)/2, t1 missing
        Assert.True(double.IsNaN(st[3]));             // none present
        Assert.Equal(0.5, st[4], 12);                 // (1 + 0)/2
        Assert.Equal([1, 0, double.NaN, 1, double.NaN], s.Dimension("political_participation"));
    }

    [Fact]
    public void MinShareIsConfigurable()
    {
        var s = FrameworkScorer.Score(Mini("\"score_rule\": {\"min_share\": 1},"), Data());
        var st = s.Dimension("social_trust");
        Assert.False(double.IsNaN(st[0]));
        Assert.True(double.IsNaN(st[2]));             // only 2 of 3 present
        Assert.True(double.IsNaN(st[4]));
        Assert.Equal(2, new ScoreRule(0.5).MinPresent(3));
        Assert.Equal(2, new ScoreRule(0.5).MinPresent(4));
        Assert.Equal(1, new ScoreRule(0.5).MinPresent(1));
        Assert.Equal(3, new ScoreRule(1).MinPresent(3));
    }

    [Fact]
    public void MissingColumnNamesIndicatorAndColumn()
    {
        var f = Mini();
        var data = new DataFrame([new NumericColumn("a", [1.0])], "data.csv");
        var ex = Assert.Throws<CohesionException>(() => FrameworkScorer.Score(f, data));
        Assert.Equal("data.csv", ex.File);
        Assert.Equal("b", ex.Column);
        Assert.Contains("indicator 't2'", ex.Message);
    }

    [Fact]
    public void ValueOutsideScaleRangeNamesRow()
    {
        var data = Data();
        data.Set(new NumericColumn("b", [1, 5, 3, 7, 2]));
        var ex = Assert.Throws<CohesionException>(() => FrameworkScorer.Score(Mini(), data));
        Assert.Equal("data.csv, column 'b', row 4: value 7 is outside the scale range [1, 5] of indicator 't2' (declare it in the indicator's 'missing' codes if it means missing)", ex.Describe());
    }

    [Fact]
    public void NonNumericTextUnderThresholdRuleNamesRow()
    {
        var data = Data();
        data.Set(CategoricalColumn.FromStrings("c", ["7", "6", "veel", "", "0"]));
        var ex = Assert.Throws<CohesionException>(() => FrameworkScorer.Score(Mini(), data));
        Assert.Equal("c", ex.Column);
        Assert.Equal(3, ex.Row);
        Assert.Contains("'veel'", ex.Message);
    }
}
