using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cohesion.Maps;
using Cohesion.Presentation.Charts;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

public class ChoroplethTests
{
    private static readonly string GemeenteFile = Paths.RealData("cbs-boundaries-topojson", "Gemeente_2015_layer_q1e3.json");

    [Fact]
    public void TopoJsonArcsAreDeltaDecodedAndTransformed()
    {
        var t = Topology.Load(GemeenteFile);
        Assert.Equal(393, t.Features.Count);
        Assert.Equal(1215, t.ArcCount);
        // first arc starts at quantised (918, 881), then (+4, -5)
        Approx.Equal(918 * 0.003872489801646993 + 3.358378189237961, t.X[0], 1e-14);
        Approx.Equal(881 * 0.0028070877461801188 + 50.750373395421285, t.Y[0], 1e-14);
        Approx.Equal(922 * 0.003872489801646993 + 3.358378189237961, t.X[1], 1e-14);
        Approx.Equal(876 * 0.0028070877461801188 + 50.750373395421285, t.Y[1], 1e-14);
        var first = t.Features[0];
        Assert.Equal("GM1987", first.Code);
        Assert.Equal("Menterwolde", first.Name);
        Assert.Equal("PV20", first.Properties["provincie"]);
        // every ring closes on itself after stitching (shared endpoints)
        var x = new List<double>(); var y = new List<double>();
        foreach (var f in t.Features)
            foreach (var poly in f.Polygons)
                foreach (var ring in poly)
                {
                    x.Clear(); y.Clear();
                    t.RingPoints(ring, x, y);
                    Assert.True(x.Count >= 2); // the coarse q1e3 grid collapses a few tiny rings to a point
                    Approx.Equal(x[0], x[^1], 1e-12); Approx.Equal(y[0], y[^1], 1e-12);
                }
        // Amsterdam's centroid lies in Amsterdam
        var (lon, lat) = t.Centroid(t.Features.Single(f => f.Code == "GM0363"));
        Assert.InRange(lon, 4.75, 5.05);
        Assert.InRange(lat, 52.28, 52.43);
    }

    [Fact]
    public void MapHasEveryAreaWithCodeTitleAndHatchForMissing()
    {
        var t = Topology.Load(GemeenteFile);
        var values = new Dictionary<string, double>();
        int i = 0;
        foreach (var f in t.Features)
            if (i++ % 7 != 0) values[f.Code] = i % 50;
        values["GM9999"] = 1; // no such area
        var sw = new StringWriter();
        var summary = ChoroplethSvg.Write(sw, t, values, new ChoroplethOptions { TitleNl = "Test <kaart>", TitleEn = "Test map", MeasureLabel = "x" });
        var svg = XDocument.Parse(sw.ToString());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var paths = svg.Descendants(ns + "path").ToList();
        Assert.Equal(393, paths.Count);
        Assert.Equal(t.Features.Select(f => f.Code).Order(), paths.Select(p => (string)p.Attribute("data-code")!).Order());
        Assert.All(paths, p => Assert.Equal((string)p.Attribute("data-code")!, (string)p.Attribute("id")!));
        int missing = t.Features.Count(f => !values.ContainsKey(f.Code));
        Assert.Equal(missing, paths.Count(p => (string)p.Attribute("fill")! == "url(#hatch-missing)"));
        Assert.Equal(missing, summary.Missing);
        Assert.Equal(1, summary.ValuesWithoutArea);
        Assert.Single(svg.Descendants(ns + "pattern"), p => (string)p.Attribute("id")! == "hatch-missing");
        var amsterdam = paths.Single(p => (string)p.Attribute("data-code")! == "GM0363");
        Assert.Contains("Amsterdam (GM0363)", amsterdam.Element(ns + "title")!.Value);
        Assert.Equal(values["GM0363"], double.Parse((string)amsterdam.Attribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Test <kaart>", svg.Descendants(ns + "text").Select(e => e.Value));
        // the fill of a valued area is its quantile class colour
        var colours = ChartPalette.Sequential(summary.Classes.ClassCount);
        Assert.Equal(colours[summary.Classes.ClassOf(values["GM0363"])], (string)amsterdam.Attribute("fill")!);
        // coordinates lie inside the viewBox
        var vb = ((string)svg.Root!.Attribute("viewBox")!).Split(' ').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (Match m in Regex.Matches((string)amsterdam.Attribute("d")!, @"[ML]([\d.]+),([\d.]+)"))
            Assert.InRange(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, vb[2]);
    }

    [Theory]
    [InlineData(Provenance.Synthetic, "SYNTHETISCH / SYNTHETIC")]
    [InlineData(Provenance.Real, "echte gegevens / real data")]
    public void EveryValuedAreaAndTheLegendSayWhereTheValuesComeFrom(Provenance provenance, string label)
    {
        // a real place name beside a value: the hover text must say whether the value is real or synthetic
        var t = Topology.Load(GemeenteFile);
        var values = t.Features.Where((_, i) => i % 3 != 0).ToDictionary(f => f.Code, f => (double)f.Code.Length);
        var sw = new StringWriter();
        ChoroplethSvg.Write(sw, t, values, new ChoroplethOptions { TitleNl = "t", TitleEn = "t", MeasureLabel = "x", Provenance = provenance });
        var svg = XDocument.Parse(sw.ToString());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(provenance.Code(), (string)svg.Root!.Attribute("data-provenance")!);
        var paths = svg.Descendants(ns + "path").Where(p => p.Attribute("data-code") is not null).ToList();
        foreach (var p in paths)
        {
            string title = p.Element(ns + "title")!.Value;
            if (values.ContainsKey((string)p.Attribute("data-code")!)) Assert.EndsWith(" — " + label, title);
            else Assert.DoesNotContain(label, title);
        }
        Assert.Single(svg.Descendants(ns + "text"), e => (string?)e.Attribute("class") == "provenance" && e.Value == label);
    }

    [Fact]
    public void QuantileBreaksFollowRType7()
    {
        // R: quantile(1:10, (0:4)/4) = 1, 3.25, 5.5, 7.75, 10
        var c = Classification.Quantile(Enumerable.Range(1, 10).Select(i => (double)i), 4);
        Assert.Equal([1, 3.25, 5.5, 7.75, 10], c.Breaks);
        Assert.Equal(0, c.ClassOf(3.25));
        Assert.Equal(1, c.ClassOf(3.26));
        Assert.Equal(3, c.ClassOf(10));
        Assert.Equal(-1, c.ClassOf(double.NaN));
        var f = Classification.Fixed([0.5, 2, 9], [1, 5]);
        Assert.Equal([0.5, 1, 5, 9], f.Breaks);
        Assert.Throws<Cohesion.Statistics.CohesionException>(() => Classification.Fixed([1.0], [5, 1]));
    }
}
