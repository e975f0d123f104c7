using System.Net;
using System.Text.Json;
using Cohesion.Pipeline;
using Cohesion.Tests.Infrastructure;
using Cohesion.Web;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>A dashboard over its own catalogue with one ensemble written by <c>cohesion simulate --catalogue</c>.</summary>
public sealed class EnsembleDashboardFixture : DashboardFixture
{
    public static readonly string Database = Path.Combine(Paths.TempDir(), "dash-ensembles.duckdb");

    static EnsembleDashboardFixture()
    {
        var r = CliRunner.Run("simulate", "--societal", "trends", "--stochastic", "8", "--reps", "0", "--seed", "6", "--to", "2030",
            "--catalogue", "demo_ens", "--db", Database, "--format", "json");
        if (r.ExitCode != 0) throw new InvalidOperationException(r.Err);
        Json = r.Out;
    }

    public static string Json { get; }

    public override DashboardOptions Options => base.Options with { CatalogueDatabase = Database };
}

/// <summary>Issue 16 item 5: /api/ensembles lists the catalogue's ensemble results, /api/ensembles/{name} serves one
/// with its provenance, manifest and the label of bands incl. demographic uncertainty.</summary>
public class DashboardEnsembleTests(EnsembleDashboardFixture fx) : IClassFixture<EnsembleDashboardFixture>
{
    [Fact]
    public async Task ListsAndServesTheStoredEnsemble()
    {
        var list = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/ensembles")).RootElement;
        Assert.Equal("synthetic", list.GetProperty("provenance").GetString());
        var e = Assert.Single(list.GetProperty("ensembles").EnumerateArray());
        Assert.Equal("demo_ens", e.GetProperty("name").GetString());
        Assert.True(e.GetProperty("demographic_uncertainty").GetBoolean());
        Assert.Equal(DashboardService.DemographicUncertaintyNl, e.GetProperty("label_nl").GetString());
        Assert.Equal("incl. demographic uncertainty", e.GetProperty("label_en").GetString());
        Assert.Equal(8, e.GetProperty("manifest").GetProperty("trajectories").GetInt32());

        var one = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/ensembles/demo_ens")).RootElement;
        Assert.Equal("synthetic", one.GetProperty("provenance").GetString());
        Assert.Equal(6, one.GetProperty("ensemble").GetProperty("manifest").GetProperty("seed").GetInt32());
        // the bands are those simulate printed
        var cli = JsonDocument.Parse(EnsembleDashboardFixture.Json).RootElement.GetProperty("runs")[0];
        var run = Assert.Single(one.GetProperty("runs").EnumerateArray());
        Assert.Equal("midden", run.GetProperty("scenario").GetString());
        Assert.Equal("trends", run.GetProperty("societal").GetString());
        var years = run.GetProperty("years").EnumerateArray().ToArray();
        var cliYears = cli.GetProperty("years").EnumerateArray().ToArray();
        Assert.Equal(cliYears.Length, years.Length);
        for (int i = 0; i < years.Length; i++)
        {
            Assert.Equal(cliYears[i].GetProperty("year").GetInt32(), years[i].GetProperty("year").GetInt32());
            foreach (var d in cliYears[i].GetProperty("dimensions").EnumerateObject())
            {
                var b = years[i].GetProperty("dimensions").GetProperty(d.Name);
                foreach (var f in new[] { "mean", "lower", "upper" })
                    Assert.Equal(d.Value.GetProperty(f).GetDouble(), b.GetProperty(f).GetDouble());
            }
        }
        Assert.True(years[^1].GetProperty("dimensions").GetProperty("social_trust").GetProperty("upper").GetDouble()
                    > years[^1].GetProperty("dimensions").GetProperty("social_trust").GetProperty("lower").GetDouble());
    }

    [Theory]
    [InlineData("nl", "Sociaal vertrouwen, incl. demografische onzekerheid", ",", "CBS-prognose (midden), Voortzetting van trends")]
    [InlineData("en", "Social trust, incl. demographic uncertainty", ".", "CBS forecast (medium), Continued trends")]
    public async Task EachDimensionIsDrawnByTheChartLayerWithItsLabelAndProvenance(string lang, string title, string decimalMark, string run)
    {
        var one = JsonDocument.Parse(await fx.Client.GetStringAsync("/api/ensembles/demo_ens")).RootElement;
        Assert.Equal(["social_trust", "social_participation", "institutional_trust", "political_participation"],
            one.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!).ToArray());
        var r = await fx.Client.GetAsync($"/api/ensembles/demo_ens?format=svg&dimension=social_trust&lang={lang}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/svg+xml", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal("synthetic", r.Headers.GetValues(DashboardApi.ProvenanceHeader).Single());
        var svg = System.Xml.Linq.XDocument.Parse(await r.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(title, svg.Root!.Element(ns + "title")!.Value);
        Assert.Equal("synthetic", svg.Root.Attribute("data-provenance")!.Value);
        // one band (polygon) and one mean line for the one run; ticks in the language's number format
        Assert.Single(svg.Descendants(ns + "polygon"));
        Assert.Equal(run, Assert.Single(svg.Descendants(ns + "path"), p => p.Attribute("data-series") is not null).Attribute("data-series")!.Value);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.EndsWith('%') && t.Value.Contains(decimalMark));
        var bad = await fx.Client.GetAsync("/api/ensembles/demo_ens?format=svg&dimension=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown dimension 'nope'", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Client.GetAsync("/api/ensembles/demo_ens?format=png")).StatusCode);
    }

    [Fact]
    public void StoredRunsAreTheSimulatedBands()
    {
        var stored = EnsembleCatalogue.Read("demo_ens", EnsembleDashboardFixture.Database);
        var run = Assert.Single(stored.Runs());
        Assert.Equal(("midden", "trends", (string?)null), (run.Scenario, run.Societal, run.Policy));
        var cli = JsonDocument.Parse(EnsembleDashboardFixture.Json).RootElement.GetProperty("runs")[0].GetProperty("years").EnumerateArray().ToArray();
        Assert.Equal(cli.Length, run.Years.Count);
        var dims = stored.DimensionIds();
        for (int i = 0; i < cli.Length; i++)
            for (int d = 0; d < dims.Count; d++)
            {
                var b = cli[i].GetProperty("dimensions").GetProperty(dims[d]);
                Assert.Equal(b.GetProperty("lower").GetDouble(), run.Years[i].Dimensions[d].Lower);
                Assert.Equal(b.GetProperty("upper").GetDouble(), run.Years[i].Dimensions[d].Upper);
            }
    }

    [Fact]
    public async Task UnknownOrBadNamesAreClientErrors()
    {
        var missing = await fx.Client.GetAsync("/api/ensembles/nothing_here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no ensemble named 'nothing_here'", await missing.Content.ReadAsStringAsync());
        var bad = await fx.Client.GetAsync("/api/ensembles/..%2Fetc");
        Assert.True(bad.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, bad.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Client.GetAsync("/api/ensembles/9x")).StatusCode);
    }
}
