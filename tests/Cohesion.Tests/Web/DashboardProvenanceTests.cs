using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cohesion.Neighbourhoods;
using Cohesion.Web;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Issue 12 in the dashboard: every API response says real, synthetic or derived; the map's default measure
/// is real buurt data (the RIVM/CBS layer of <c>neighbourhoods --analysis rivm-panel</c>), synthetic measures are
/// labelled in the option list and in every hover text, and hover texts name the gemeente and the unit.</summary>
public class DashboardProvenanceTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    private static readonly Lazy<RivmPanelResult> Real = new(() => RivmPanelAnalysis.Run());

    private async Task<JsonElement> Json(string path)
    {
        var r = await fx.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task OptionsListEveryMapMeasureWithItsProvenanceAndTheDefaultIsReal()
    {
        var o = await Json("/api/options");
        Assert.Equal("real", o.GetProperty("provenance").GetString());
        Assert.Equal("volunteering", o.GetProperty("map_default").GetString());
        var measures = o.GetProperty("map_measures").EnumerateArray().ToList();
        var expected = BuurtMapCatalog.Measures(Real.Value);
        Assert.Equal(expected.Select(m => m.Id), measures.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["volunteering", "lonely", "lonely_change_2012_2020", "volunteering_change_2016_2020"],
            measures.Where(m => m.GetProperty("provenance").GetString() == "real").Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(8, measures.Count(m => m.GetProperty("provenance").GetString() == "synthetic"));
        foreach (var m in measures)
        {
            bool synthetic = m.GetProperty("provenance").GetString() == "synthetic";
            foreach (var lang in new[] { "nl", "en" })
            {
                var text = m.GetProperty(lang).GetString()!;
                Assert.Equal(synthetic, text.Contains("synthetisch / synthetic"));
                Assert.Equal(!synthetic, text.Contains("echte gegevens / real data"));
            }
        }
        var def = measures.Single(m => m.GetProperty("id").GetString() == "volunteering");
        Assert.Equal("% volwassenen", def.GetProperty("unit_nl").GetString());
        Assert.Equal("% of adults", def.GetProperty("unit_en").GetString());
    }

    [Fact]
    public async Task DefaultMapIsRealRivmVolunteeringWithProvenanceHeaderLabelGemeenteAndUnit()
    {
        var r = await fx.Client.GetAsync("/api/map");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("real", r.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        var svg = await r.Content.ReadAsStringAsync();
        Assert.Contains("data-provenance=\"real\"", svg);
        Assert.Contains("class=\"provenance\">echte gegevens / real data</text>", svg);
        Assert.Contains("% volwassenen / % of adults</text>", svg);
        Assert.DoesNotContain("SYNTHETI", svg);
        // a buurt of Amsterdam: its hover text names the gemeente, the unit and the provenance, and shows the RIVM value
        var layer = Real.Value.LevelMaps.Single(l => l.Measure == "volunteering");
        var (code, value) = layer.Values.Where(kv => kv.Key.StartsWith("BU0363", StringComparison.Ordinal))
            .First(kv => svg.Contains($"data-code=\"{kv.Key}\"", StringComparison.Ordinal));
        var path = Regex.Match(svg, $"<path id=\"{code}\"[^>]*>.*?</path>").Value;
        Assert.Contains("data-context=\"gemeente Amsterdam (GM0363)\"", path);
        Assert.Contains($"data-value=\"{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"", path);
        Assert.Matches(", gemeente Amsterdam \\(GM0363\\): [0-9.]+ % volwassenen / % of adults — echte gegevens / real data</title>", path);
    }

    [Fact]
    public async Task MapJsonValuesEqualTheDomainLayer()
    {
        var j = await Json("/api/map?format=json");
        Assert.Equal("real", j.GetProperty("provenance").GetString());
        Assert.Equal("volunteering", j.GetProperty("measure").GetString());
        var layer = Real.Value.LevelMaps.Single(l => l.Measure == "volunteering");
        var values = j.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(layer.Values.Count, values.Count);
        Assert.True(values.Count > 10_000, $"{values.Count} buurten");
        foreach (var v in values)
            Assert.Equal(layer.Values[v.GetProperty("code").GetString()!], v.GetProperty("value").GetDouble());
        var ams = values.First(v => v.GetProperty("code").GetString()!.StartsWith("BU0363", StringComparison.Ordinal));
        Assert.Equal("gemeente Amsterdam (GM0363)", ams.GetProperty("gemeente").GetString());

        var change = await Json("/api/map?measure=lonely_change_2012_2020&format=json");
        var changeLayer = Real.Value.ChangeMaps.Single(l => l.Measure == "lonely_change_2012_2020");
        Assert.Equal("real", change.GetProperty("provenance").GetString());
        Assert.Equal("procentpunt", change.GetProperty("unit_nl").GetString());
        Assert.Equal(changeLayer.Values.Count, change.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task SyntheticMeasuresSaySyntheticInEveryHoverText()
    {
        var r = await fx.Client.GetAsync("/api/map?measure=cohesion");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("synthetic", r.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        var svg = await r.Content.ReadAsStringAsync();
        Assert.Contains("data-provenance=\"synthetic\"", svg);
        var titles = Regex.Matches(svg, "<path [^>]*data-value=[^>]*><title>([^<]*)</title>").Select(m => m.Groups[1].Value).ToList();
        Assert.True(titles.Count > 1000);
        Assert.All(titles, t => Assert.EndsWith("— SYNTHETISCH / SYNTHETIC", t));
        Assert.All(titles, t => Assert.Contains(", gemeente ", t));
        var j = await Json("/api/map?measure=cohesion&format=json");
        Assert.Equal("synthetic", j.GetProperty("provenance").GetString());
        Assert.Contains("SYNTHETIC", j.GetProperty("title_en").GetString());
    }

    [Fact]
    public async Task BadMapParametersAre400NamingTheParameter()
    {
        var f = await fx.Client.GetAsync("/api/map?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, f.StatusCode);
        Assert.Contains("query parameter 'format'", await f.Content.ReadAsStringAsync());
        var m = await fx.Client.GetAsync("/api/map?measure=nosuch");
        Assert.Equal(HttpStatusCode.BadRequest, m.StatusCode);
        Assert.Contains("query parameter 'measure'", await m.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryDataResponseCarriesItsProvenance()
    {
        Assert.Equal("synthetic", (await Json("/api/groups?by=education3")).GetProperty("provenance").GetString());
        Assert.Equal("derived", (await Json("/api/population?scenario=midden&year=2030")).GetProperty("provenance").GetString());
        Assert.Equal("synthetic", (await Json("/api/projection?scenario=midden&societal=estimated&policy=none")).GetProperty("provenance").GetString());
        Assert.Equal("real", (await Json("/api/files?name=" + Uri.EscapeDataString("real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"))).GetProperty("provenance").GetString());
        var forest = await fx.Client.GetAsync("/api/forest");
        Assert.Equal("synthetic", forest.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        Assert.Contains("SYNTHETISCH", await forest.Content.ReadAsStringAsync());
    }
}
