using Cohesion.Presentation.Charts;
using Xunit;

namespace Cohesion.Tests.Presentation;

/// <summary>The shared pieces of the chart layer: ticks, the document writer and escape, the palette, number formats.</summary>
public class ChartLayerTests
{
    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.3, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3.0, 5)]
    [InlineData(7.0, 10)]
    [InlineData(0.03, 0.05)]
    [InlineData(240, 250)]
    [InlineData(0, 1)]
    public void NiceStepIsTheSmallestRoundStepCoveringTheValue(double v, double expected) =>
        Assert.Equal(expected, Ticks.NiceStep(v), 12);

    [Fact]
    public void NiceTicksCoverTheRangeWithRoundSteps()
    {
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], Ticks.Nice(0.03, 0.97, 4));
        Assert.Equal([60.0, 65, 70, 75, 80], Ticks.Nice(61, 79, 4));
        Assert.Equal([-2.0, -1, 0, 1, 2], Ticks.Nice(-1.6, 1.2, 4));
        Assert.Equal([2.0, 2.5, 3, 3.5, 4], Ticks.Nice(3, 3, 4)); // an empty range is widened by one each side
    }

    [Fact]
    public void EscapeHandlesTheFiveCharactersOnceAndLeavesOtherTextAlone()
    {
        Assert.Equal("a &amp; b &lt;c&gt; &quot;d&quot;", SvgDocument.Escape("a & b <c> \"d\""));
        Assert.Equal("&amp;amp;", SvgDocument.Escape("&amp;"));
        Assert.Equal("Fryslân — 5 %", SvgDocument.Escape("Fryslân — 5 %"));
    }

    [Fact]
    public void OpenWritesSizeViewBoxAccessibleNameProvenanceAndFont()
    {
        var open = SvgDocument.Open(new SvgRoot(760.5, 280) { Label = "A & B", Provenance = "synthetic", FontSize = 11 });
        Assert.Equal("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760.5\" height=\"280\" viewBox=\"0 0 760.5 280\" role=\"img\" aria-label=\"A &amp; B\" " +
                     "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" data-provenance=\"synthetic\" font-size=\"11\">\n", open);
        Assert.Equal("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\" viewBox=\"0 0 10 20\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
            SvgDocument.Open(new SvgRoot(10, 20)));
        Assert.Equal("<svg/>", SvgDocument.Inline("<?xml version=\"1.0\"?>\n<svg/>"));
    }

    [Fact]
    public void PaletteCyclesAndMapsUseYlGnBu()
    {
        Assert.Equal(ChartPalette.Categorical[0], ChartPalette.Color(ChartPalette.Categorical.Count));
        Assert.Equal(["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"], ChartPalette.Sequential(5));
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => ChartPalette.Sequential(10));
    }

    [Fact]
    public void NumbersFollowTheOutputLanguage()
    {
        Assert.Equal("1.234,6", ChartFormat.Dutch.Number(1234.56, 1));
        Assert.Equal("1,234.6", ChartFormat.English.Number(1234.56, 1));
        Assert.Equal("−0,50", ChartFormat.Dutch.Number(-0.5, 2));
        Assert.Equal("0", ChartFormat.Dutch.Number(-0.2));
        Assert.Equal("56,5%", ChartFormat.Dutch.Percent(0.565));
        Assert.Equal("+1.2 pp", ChartFormat.English.PercentagePoints(0.012));
        Assert.Equal("19,2 mln", ChartFormat.Dutch.Count(19.2e6));
        Assert.Equal("950 k", ChartFormat.English.Count(950_000));
        Assert.Equal("< 0,001", ChartFormat.Dutch.PValue(0.0004));
        Assert.Same(ChartFormat.English, ChartFormat.For("en"));
        Assert.Same(ChartFormat.Dutch, ChartFormat.For("fr"));
    }
}
