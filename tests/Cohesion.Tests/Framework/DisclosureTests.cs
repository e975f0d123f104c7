using Cohesion.Disclosure;
using Xunit;

namespace Cohesion.Tests.Framework;

public class DisclosureTests
{
    [Fact]
    public void CellsBelowTheThresholdAreSuppressed()
    {
        var status = DisclosureControl.Apply([9, 10, 250, 0], [0, 0, 0, 0], DisclosureRule.Default);
        Assert.Equal([SuppressionReason.TooFewRespondents, SuppressionReason.None, SuppressionReason.None, SuppressionReason.TooFewRespondents], status);
    }

    [Fact]
    public void ThresholdIsConfigurable()
    {
        var rule = new DisclosureRule(50);
        Assert.Equal([SuppressionReason.TooFewRespondents, SuppressionReason.None], DisclosureControl.Apply([49, 50], [0, 0], rule));
        Assert.Equal("✕ <50", rule.Mark);
        Assert.Contains("minder dan 50 respondenten", rule.Footnote);
        Assert.Contains("fewer than 50 respondents", rule.Footnote);
        Assert.All(DisclosureControl.Apply([0, 1], [0, 0], DisclosureRule.Off), s => Assert.Equal(SuppressionReason.None, s));
    }

    [Fact]
    public void ComplementarySuppressionProtectsALoneSuppressedCell()
    {
        var rule = new DisclosureRule(10, Complementary: true);
        // breakdown 0: one primary (n=4) → the smallest other (n=30) is suppressed too; margin (-1) untouched
        // breakdown 1: two primaries already protect each other
        var status = DisclosureControl.Apply([1000, 4, 30, 500, 3, 5, 800], [-1, 0, 0, 0, 1, 1, 1], rule);
        Assert.Equal([SuppressionReason.None, SuppressionReason.TooFewRespondents, SuppressionReason.Complementary, SuppressionReason.None,
            SuppressionReason.TooFewRespondents, SuppressionReason.TooFewRespondents, SuppressionReason.None], status);
        Assert.Equal("✕ (c)", rule.MarkFor(SuppressionReason.Complementary));
    }
}
