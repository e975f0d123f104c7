using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Xunit;

namespace Cohesion.Tests.Data;

public class RowFilterTests
{
    private static DataFrame Frame() => new(
    [
        new NumericColumn("x", [1, 2, double.NaN, 4, 5]),
        CategoricalColumn.FromStrings("g", ["a", "b", "a", null, "c"]),
        new NumericColumn("y", [5, 4, 3, 2, 1]),
    ], "t.csv");

    [Theory]
    [InlineData("x == 2", new[] { false, true, false, false, false })]
    [InlineData("x >= 2", new[] { false, true, false, true, true })]
    [InlineData("x != 2", new[] { true, false, false, true, true })]
    [InlineData("g == 'a'", new[] { true, false, true, false, false })]
    [InlineData("g == a", new[] { true, false, true, false, false })]
    [InlineData("g != \"a\"", new[] { false, true, false, false, true })]
    [InlineData("g %in% c('a', 'c')", new[] { true, false, true, false, true })]
    [InlineData("x > 1 & g == a", new[] { false, false, false, false, false })]
    [InlineData("x > 1 | g == a", new[] { true, true, true, true, true })]
    [InlineData("!(x > 1)", new[] { true, false, false, false, false })]
    [InlineData("x < y", new[] { true, true, false, false, false })]
    [InlineData("(x == 1 || x == 5) && y > 0", new[] { true, false, false, false, true })]
    public void SelectsLikeRsSubsetWithMissingValuesDropped(string expr, bool[] expected) =>
        Assert.Equal(expected, RowFilter.Evaluate(Frame(), expr));

    [Fact]
    public void UnknownColumnsLevelsAndSyntaxAreClearErrors()
    {
        var f = Frame();
        Assert.Equal("z", Assert.Throws<CohesionException>(() => RowFilter.Evaluate(f, "z == 1")).Column);
        var lvl = Assert.Throws<CohesionException>(() => RowFilter.Evaluate(f, "g == 'q'"));
        Assert.Equal("g", lvl.Column);
        Assert.Contains("values: a, b, c", lvl.Message);
        Assert.Contains("expected a comparison", Assert.Throws<CohesionException>(() => RowFilter.Evaluate(f, "x 2")).Message);
        Assert.Contains("not a number", Assert.Throws<CohesionException>(() => RowFilter.Evaluate(f, "x == abc")).Message);
        Assert.Contains("missing ')'", Assert.Throws<CohesionException>(() => RowFilter.Evaluate(f, "(x == 1")).Message);
    }
}
