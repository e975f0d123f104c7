using System.Net;
using System.Text.Json;
using Cohesion.Framework;
using Cohesion.Pipeline;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Issue 14 item 3: /api/datasets lists the dashboard's catalogue (<c>cohesion data import</c>) and
/// /api/groups?dataset=NAME&amp;by=COL measures that data set as <c>cohesion measure --data FILE --by COL</c> does;
/// /api/projection with two population scenarios returns one run per scenario.</summary>
public class DashboardDatasetsTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task DatasetsListTheCatalogueWithoutServerPaths()
    {
        var body = await fx.Client.GetStringAsync("/api/datasets");
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal("cohesion.duckdb", root.GetProperty("catalogue").GetString());
        var sets = root.GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal(["builtin", TestCatalogue.SampleName], sets.Select(d => d.GetProperty("name").GetString()));
        var sample = sets[1];
        Assert.Equal(TestCatalogue.SampleRows, sample.GetProperty("rows").GetInt64());
        Assert.Equal("survey_sample.csv", sample.GetProperty("source").GetString());
        // the imported file's metadata says synthetic: the data set stays labelled so
        Assert.Equal("synthetic", sample.GetProperty("provenance").GetString());
        var cols = sample.GetProperty("group_columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("education3", cols);
        Assert.Contains("province", cols);
        Assert.DoesNotContain("id", cols);
        Assert.DoesNotContain(Path.GetDirectoryName(TestCatalogue.DatabasePath)!, body);
        var missing = await fx.Client.GetAsync("/api/datasets?name=nope");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task GroupsOnACatalogueDataSetEqualTheMeasureStepOnItsFile()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync($"/api/groups?dataset={TestCatalogue.SampleName}&by=province"));
        var root = doc.RootElement;
        Assert.Equal(TestCatalogue.SampleName, root.GetProperty("dataset").GetString());
        Assert.Equal("synthetic", root.GetProperty("provenance").GetString());
        var expected = MeasureStep.Run(new MeasureRequest { Data = TestCatalogue.SampleFile, Options = new MeasureOptions { By = ["province"] } }).Result
            .Rows.Where(r => r.Level == MeasureLevel.Dimension).ToList();
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.True(rows.Select(r => r.GetProperty("group").GetString()).Distinct().Count() >= 3);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Group, rows[i].GetProperty("group").GetString());
            Assert.Equal(expected[i].N, rows[i].GetProperty("n").GetDouble());
            if (expected[i].Suppressed) Assert.Equal(JsonValueKind.Null, rows[i].GetProperty("estimate").ValueKind);
            else Assert.Equal(expected[i].Estimate, rows[i].GetProperty("estimate").GetDouble(), 12);
        }
        // the built-in survey gives other numbers for the same grouping
        using var builtIn = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/groups?by=education3"));
        using var sample = JsonDocument.Parse(await fx.Client.GetStringAsync($"/api/groups?dataset={TestCatalogue.SampleName}&by=education3"));
        Assert.Equal("builtin", builtIn.RootElement.GetProperty("dataset").GetString());
        Assert.NotEqual(builtIn.RootElement.GetProperty("rows")[0].GetProperty("estimate").GetDouble(), sample.RootElement.GetProperty("rows")[0].GetProperty("estimate").GetDouble());
        // the chart: dot plots with intervals, one panel per dimension
        var svg = await fx.Client.GetStringAsync($"/api/groups?dataset={TestCatalogue.SampleName}&by=education3&format=svg&lang=en");
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(svg, "class=\"panel\"").Count);
        Assert.Equal(4 * 3, System.Text.RegularExpressions.Regex.Matches(svg, "class=\"interval\"").Count);
        Assert.Contains("data-provenance=\"synthetic\"", svg);
        foreach (var bad in new[] { "dataset=nope&by=sex", $"dataset={TestCatalogue.SampleName}&by=id", "dataset=../x&by=sex" })
        {
            var r = await fx.Client.GetAsync("/api/groups?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.DoesNotContain(Path.GetDirectoryName(TestCatalogue.DatabasePath)!, await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ProjectionWithTwoScenariosReturnsOneRunEach()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/projection?scenario=midden,groei&societal=individualisation"));
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["midden", "groei"], runs.Select(r => r.GetProperty("scenario").GetString()));
        Assert.All(runs, r => Assert.Equal(2050, r.GetProperty("years").EnumerateArray().Last().GetProperty("year").GetInt32()));
        Assert.NotEqual(runs[0].GetProperty("years").EnumerateArray().Last().GetProperty("dimensions")[0].GetProperty("mean").GetDouble(),
            runs[1].GetProperty("years").EnumerateArray().Last().GetProperty("dimensions")[0].GetProperty("mean").GetDouble());
        Assert.Equal(2024, doc.RootElement.GetProperty("edition").GetInt32());
    }
}

/// <summary>Issue 14 item 4 on the server: the geometry as compact TopoJSON (the same shapes as the built-in boundary
/// file: identical arcs and transform, every area, its gemeente) and the values with the SVG map's classes.</summary>
public class DashboardTopologyTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task TopologyIsTheBoundaryFileCompactedAndCacheable()
    {
        var r = await fx.Client.GetAsync("/api/topology?level=buurt");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("real", r.Headers.GetValues(Cohesion.Web.DashboardApi.ProvenanceHeader).Single());
        Assert.Contains("max-age", r.Headers.CacheControl!.ToString());
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var file = Cohesion.Neighbourhoods.NeighbourhoodMap.BoundaryFile("buurt");
        Assert.True(bytes.Length < new FileInfo(file).Length * 0.85, $"{bytes.Length} bytes");
        using var doc = JsonDocument.Parse(bytes);
        using var orig = JsonDocument.Parse(File.ReadAllBytes(file));
        Assert.Equal(orig.RootElement.GetProperty("arcs").GetRawText().Replace(" ", ""), doc.RootElement.GetProperty("arcs").GetRawText());
        var geoms = doc.RootElement.GetProperty("objects").GetProperty("buurt").GetProperty("geometries").EnumerateArray().ToList();
        var topo = Cohesion.Maps.Topology.Load(file);
        Assert.Equal(topo.Features.Select(f => f.Code), geoms.Select(g => g.GetProperty("id").GetString()));
        var amsterdam = geoms.First(g => g.GetProperty("id").GetString()!.StartsWith("BU0363"));
        Assert.Equal("GM0363", amsterdam.GetProperty("properties").GetProperty("p").GetString());
        Assert.Equal("Amsterdam", doc.RootElement.GetProperty("parents").GetProperty("GM0363").GetString());
        // sent once: the ETag answers 304
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/topology?level=buurt");
        again.Headers.TryAddWithoutValidation("If-None-Match", r.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await fx.Client.SendAsync(again)).StatusCode);
        // compressed when the client asks (as browsers do)
        var gz = new HttpRequestMessage(HttpMethod.Get, "/api/topology?level=buurt");
        gz.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        var zr = await fx.Client.SendAsync(gz);
        Assert.Equal("gzip", zr.Content.Headers.ContentEncoding.Single());
        Assert.True((await zr.Content.ReadAsByteArrayAsync()).Length < 700_000);
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Client.GetAsync("/api/topology?level=wijk")).StatusCode);
        using var gm = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/topology?level=gemeente"));
        Assert.Equal(Cohesion.Maps.Topology.Load(Cohesion.Neighbourhoods.NeighbourhoodMap.BoundaryFile("gemeente")).Features.Count,
            gm.RootElement.GetProperty("objects").GetProperty("gemeente").GetProperty("geometries").GetArrayLength());
    }

    [Fact]
    public async Task MapValuesCarryTheSvgMapsClassesUnitYearAndSource()
    {
        using var doc = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/map?format=json"));
        var root = doc.RootElement;
        Assert.Equal("2020", root.GetProperty("period").GetString());
        Assert.Contains("RIVM", root.GetProperty("source").GetString());
        var classes = root.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(5, classes.Count);
        // the SVG map's legend has the same colours, and a buurt's class colour is its fill in the SVG
        var svg = await fx.Client.GetStringAsync("/api/map");
        foreach (var c in classes) Assert.Contains($"fill=\"{c.GetProperty("colour").GetString()}\"", svg);
        var v = root.GetProperty("values").EnumerateArray().First(x => x.GetProperty("code").GetString()!.StartsWith("BU0363") && svg.Contains($"data-code=\"{x.GetProperty("code").GetString()}\""));
        var colour = classes[v.GetProperty("class").GetInt32()].GetProperty("colour").GetString();
        Assert.Matches($"data-code=\"{v.GetProperty("code").GetString()}\"[^>]* fill=\"{colour}\"", svg);
    }
}
