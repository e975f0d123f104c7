using Cohesion.Framework;
using Xunit;

namespace Cohesion.Tests.Framework;

public class RecodeRuleTests
{
    [Theory]
    [InlineData(">= 6", 5.0, 0.0)]
    [InlineData(">= 6", 6.0, 1.0)]
    [InlineData("> 6", 6.0, 0.0)]
    [InlineData("> 6", 6.5, 1.0)]
    [InlineData("<= 2", 2.0, 1.0)]
    [InlineData("<= 2", 3.0, 0.0)]
    [InlineData("< 2", 2.0, 0.0)]
    [InlineData("< 2", 1.0, 1.0)]
    [InlineData(">= 6 reverse", 7.0, 0.0)]
    [InlineData("in [1, 2]", 2.0, 1.0)]
    [InlineData("in [1, 2]", 3.0, 0.0)]
    [InlineData("in [1..14]", 14.0, 1.0)]
    [InlineData("in [1..14]", 998.0, 0.0)]
    [InlineData("in [1] reverse", 1.0, 0.0)]
    [InlineData("scale [0, 10]", 7.0, 0.7)]
    [InlineData("scale [1, 5]", 2.0, 0.25)]
    [InlineData("scale [1, 5] reverse", 2.0, 0.75)]
    [InlineData("scale [1,5]reverse", 2.0, 0.75)]
    public void AppliesNumericRules(string rule, double x, double expected)
    {
        var r = RecodeRule.Parse(rule);
        Assert.Equal(expected, r.Apply(x), 12);
    }

    [Fact]
    public void CategorySetsMatchTextAnswers()
    {
        var r = RecodeRule.Parse("in [\"ja\", 'yes, certainly', 1]");
        Assert.Equal(1.0, r.ApplyText("ja"));
        Assert.Equal(1.0, r.ApplyText("yes, certainly"));
        Assert.Equal(1.0, r.ApplyText("1"));
        Assert.Equal(0.0, r.ApplyText("nee"));
        Assert.Null(RecodeRule.Parse(">= 2").ApplyText("x"));
    }

    [Theory]
    [InlineData(">= 6")]
    [InlineData("< 2.5 reverse")]
    [InlineData("in [1, 2]")]
    [InlineData("in [1, \"ja\"] reverse")]
    [InlineData("scale [0, 10]")]
    [InlineData("scale [1, 5] reverse")]
    public void DescribeRoundTrips(string rule)
    {
        var r = RecodeRule.Parse(rule);
        Assert.Equal(rule, r.Describe());
        Assert.Equal(r, RecodeRule.Parse(r.Describe()));
    }

    [Theory]
    [InlineData("", "empty rule")]
    [InlineData("between 1 2", "unknown rule")]
    [InlineData(">= x", "needs a number")]
    [InlineData("in []", "empty")]
    [InlineData("in 1,2", "brackets")]
    [InlineData("in [1, , 2]", "empty element")]
    [InlineData("in [3..1]", "range")]
    [InlineData("scale [5, 1]", "greater than min")]
    [InlineData("scale [1]", "two numbers")]
    [InlineData("in [\"ja]", "unterminated")]
    public void RejectsMalformedRules(string rule, string message)
    {
        var ex = Assert.Throws<FormatException>(() => RecodeRule.Parse(rule));
        Assert.Contains(message, ex.Message);
    }
}
