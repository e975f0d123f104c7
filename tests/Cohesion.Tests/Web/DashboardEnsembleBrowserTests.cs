using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Web;

/// <summary>Chromium over the dashboard whose catalogue holds the ensemble of <see cref="EnsembleDashboardFixture"/>.</summary>
public sealed class EnsembleBrowserFixture() : BrowserFixture(new EnsembleDashboardFixture());

/// <summary>Issue 16 item 5 in the browser: the ensembles view lists the catalogue's ensemble and shows it — per dimension
/// the server's chart of the bands labelled incl. demographic uncertainty, the manifest, the provenance, a table
/// alternative with the API's values in the page's number format, the download hooks — in Dutch and English; axe finds
/// no violations at 1280 and 320 px and the page does not scroll sideways at 320 px.</summary>
[Trait("Category", "Browser")]
public class DashboardEnsembleBrowserTests(EnsembleBrowserFixture fx, ITestOutputHelper output) : IClassFixture<EnsembleBrowserFixture>
{
    [Theory]
    [InlineData("nl", 1280)]
    [InlineData("nl", 320)]
    [InlineData("en", 1280)]
    [InlineData("en", 320)]
    public async Task ShowsTheStoredEnsembleAccessibly(string lang, int width)
    {
        var errors = new List<string>();
        var page = await fx.OpenDashboardAsync(lang, width);
        page.PageError += (_, e) => errors.Add(e);
        bool nl = lang == "nl";
        string label = nl ? "incl. demografische onzekerheid" : "incl. demographic uncertainty";

        Assert.Equal("1", await page.GetAttributeAsync("#ensembles", "data-count"));
        Assert.True(await page.Locator("#ensembles-empty").IsHiddenAsync());
        Assert.Equal("demo_ens", await page.InputValueAsync("#ensemble-name"));
        Assert.Contains(label, await page.InnerTextAsync("#ensemble-name option[value=demo_ens]"));

        // one server-drawn chart per dimension, each titled with the label, with its SVG/PNG downloads
        var figs = page.Locator("#ensemble-charts figure");
        Assert.Equal(4, await figs.CountAsync());
        for (int i = 0; i < 4; i++)
        {
            var fig = figs.Nth(i);
            Assert.Contains(label, await fig.Locator("figcaption").InnerTextAsync());
            Assert.Contains(label, await fig.Locator("svg title").TextContentAsync());
            Assert.Equal(1, await fig.Locator("svg polygon").CountAsync());   // one run: one band
            Assert.Equal("synthetic", await fig.GetAttributeAsync("data-provenance"));
        }
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#ensemble-charts figure')].every(f => f.querySelector('[data-download=svg]') && f.querySelector('[data-download=png]'))"
            + " && document.querySelector('#ensemble-table [data-download=csv]') && document.querySelector('#ensemble-table [data-download=xlsx]')");

        // provenance and manifest
        Assert.Equal("synthetic", await page.GetAttributeAsync("#ensemble-provenance", "data-provenance"));
        Assert.StartsWith(nl ? "SYNTHETISCH" : "SYNTHETIC", await page.InnerTextAsync("#ensemble-provenance"));
        Assert.Equal("8", await page.InnerTextAsync("#ensemble-manifest dd[data-field=trajectories]"));
        Assert.Equal("6", await page.InnerTextAsync("#ensemble-manifest dd[data-field=seed]"));
        Assert.StartsWith("midden", await page.InnerTextAsync("#ensemble-manifest dd[data-field=scenarios]"));
        Assert.Equal("trends", await page.InnerTextAsync("#ensemble-manifest dd[data-field=societal]"));
        Assert.Equal(nl ? "geen" : "none", await page.InnerTextAsync("#ensemble-manifest dd[data-field=calibration]"));
        Assert.Equal("2024–2030", await page.InnerTextAsync("#ensemble-manifest dd[data-field=years]"));

        // the table alternative: every year and dimension of the API, the shown numbers in the page's format
        var api = JsonDocument.Parse(await fx.Dashboard.Client.GetStringAsync("/api/ensembles/demo_ens")).RootElement;
        var years = api.GetProperty("runs")[0].GetProperty("years").EnumerateArray().ToArray();
        var rows = page.Locator("#ensemble-table tbody tr");
        Assert.Equal(years.Length * 4, await rows.CountAsync());
        var last = years[^1].GetProperty("dimensions").GetProperty("social_trust");
        var row = page.Locator($"#ensemble-table tbody tr[data-year='{years[^1].GetProperty("year").GetInt32()}'][data-dimension=social_trust]");
        var cells = await row.Locator("td").AllTextContentsAsync();
        string Pct(double v) => Cohesion.Presentation.Charts.ChartFormat.For(lang).Percent(v, 1);
        Assert.Equal(Pct(last.GetProperty("mean").GetDouble()), cells[1]);
        Assert.Equal(Pct(last.GetProperty("lower").GetDouble()), cells[2]);
        Assert.Equal(Pct(last.GetProperty("upper").GetDouble()), cells[3]);
        Assert.Contains(nl ? "," : ".", cells[1]);
        Assert.True(last.GetProperty("upper").GetDouble() > last.GetProperty("lower").GetDouble());

        await BrowserFixture.AssertAccessibleAsync(page, width, output.WriteLine);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
