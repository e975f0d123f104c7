using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Web;

[Trait("Category", "Browser")]
public class DashboardBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> OpenAsync()
    {
        var page = await fx.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var response = await page.GotoAsync(fx.Dashboard.BaseUrl + "/");
        Assert.True(response!.Ok);
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 180_000 });
        Assert.Empty(errors);
        return page;
    }

    [Fact]
    public async Task PageLoadsWithEverySectionAndTakesAScreenshot()
    {
        var page = await OpenAsync();
        Assert.Equal(4, await page.Locator("#projection-charts figure svg").CountAsync());
        Assert.True(await page.Locator("#groups-table tbody tr").CountAsync() >= 12);
        Assert.True(await page.Locator("#map-svg path[data-code]").CountAsync() > 1000);
        Assert.True(await page.Locator("#pyramid svg rect").CountAsync() > 100);
        // every population chart states the edition (one edition throughout: 2024 unless configured)
        Assert.Contains("2024", await page.InnerTextAsync("#pyramid figcaption"));
        Assert.Contains("2024", await page.InnerTextAsync("#pop-totals figcaption"));
        Assert.Contains("synthet", (await page.InnerTextAsync("#explorer .synthetic")).ToLowerInvariant());
        // hovering a buurt shows its value
        await page.Locator("#map-svg path[data-value]").First.HoverAsync(new LocatorHoverOptions { Force = true });
        var tip = await page.InnerTextAsync("#map-tooltip");
        Assert.Matches("BU\\d{8}", tip);
        // the default measure is real (RIVM/CBS volunteering); the tooltip names the gemeente, the unit and the provenance
        Assert.Equal("volunteering", await page.InputValueAsync("#map-measure"));
        Assert.Equal("real", await page.GetAttributeAsync("#map-svg", "data-provenance"));
        Assert.Contains("gemeente ", tip);
        Assert.Contains("% volwassenen", tip);
        Assert.Contains("echte gegevens", tip);
        Assert.Contains("synthetisch / synthetic", await page.InnerTextAsync("#map-measure option[value=cohesion]"));
        // the trends view: the server's chart and its table alternative, real data
        Assert.Equal("real", await page.GetAttributeAsync("#trends-chart", "data-provenance"));
        Assert.True(await page.Locator("#trends-chart svg circle").CountAsync() > 20);
        Assert.True(await page.Locator("#trends-series-table tbody tr").CountAsync() > 20);
        var shot = Path.Combine(Paths.TempDir(), "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 50_000);
    }

    [Fact]
    public async Task ChoosingAnotherScenarioChangesTheChartAndShowsTheApiValues()
    {
        var page = await OpenAsync();
        var before = await page.GetAttributeAsync("#projection-charts figure[data-dimension=social_participation] path[data-series]", "d");
        await page.SelectOptionAsync("#scenario", "groei");
        await page.SelectOptionAsync("#societal", "individualisation");
        await page.WaitForFunctionAsync("() => { const c = document.getElementById('projection-charts'); return c.dataset.scenario === 'groei' && c.dataset.societal === 'individualisation'; }",
            null, new PageWaitForFunctionOptions { Timeout = 180_000 });
        var after = await page.GetAttributeAsync("#projection-charts figure[data-dimension=social_participation] path[data-series]", "d");
        Assert.NotEqual(before, after);

        var json = await fx.Dashboard.Client.GetStringAsync("/api/projection?scenario=groei&societal=individualisation&policy=none");
        using var doc = JsonDocument.Parse(json);
        int checkedCells = 0;
        foreach (var y in doc.RootElement.GetProperty("years").EnumerateArray())
            foreach (var d in y.GetProperty("dimensions").EnumerateArray())
            {
                var id = $"#proj-{y.GetProperty("year").GetInt32()}-{d.GetProperty("id").GetString()}";
                var shown = double.Parse((await page.GetAttributeAsync(id, "data-mean"))!, CultureInfo.InvariantCulture);
                Assert.Equal(d.GetProperty("mean").GetDouble(), shown);
                var text = await page.InnerTextAsync(id);
                var expected = (100 * d.GetProperty("mean").GetDouble()).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + "%";
                Assert.StartsWith(expected, text);
                checkedCells++;
            }
        Assert.Equal(27 * 4, checkedCells);
    }

    [Fact]
    public async Task EuropeViewRendersInDutchAndEnglishWithTableAndCaveats()
    {
        var page = await OpenAsync();
        await page.WaitForSelectorAsync("#europe[data-ready=true]");
        Assert.Equal("Nederland in Europa", await page.InnerTextAsync("#h-europe"));
        // ranked dot plot of the chart layer with NL highlighted, a table alternative with every European country
        Assert.Equal("mean_trust_others_ess", await page.InputValueAsync("#europe-measure"));
        Assert.True(await page.Locator("#europe-dot svg circle").CountAsync() >= 17);
        Assert.Equal(17, await page.Locator("#europe-table tbody tr").CountAsync());
        Assert.Contains("Nederland ◀", await page.InnerTextAsync("#europe-table"));
        Assert.Contains("6,2", await page.InnerTextAsync("#europe-summary"));
        var caveats = await page.InnerTextAsync("#europe-caveats");
        Assert.Contains("0-10", caveats);
        Assert.Contains("EVS", caveats);
        Assert.Contains("CBS StatLine 80518NED", await page.InnerTextAsync("#europe-source"));
        // a measure NL lacks says so; the EVS share has NL's trajectory against the median
        await page.SelectOptionAsync("#europe-measure", "mean_trust_european_parliament_ess");
        await page.WaitForSelectorAsync("#europe-missing:not([hidden])");
        Assert.Contains("geen waarde voor Nederland", await page.InnerTextAsync("#europe-missing"));
        await page.SelectOptionAsync("#europe-measure", "trust_most_people_evs");
        await page.WaitForSelectorAsync("#europe-trajectory svg path");
        Assert.Equal("derived", await page.GetAttributeAsync("#europe-trajectory", "data-provenance"));
        Assert.True(await page.Locator("#europe-table tbody tr").CountAsync() > 30);
        await page.ClickAsync("#lang-en");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en' && document.querySelector('#europe-dot svg text').textContent.startsWith('Most people')");
        Assert.Equal("The Netherlands in Europe", await page.InnerTextAsync("#h-europe"));
        Assert.Equal("trust_most_people_evs", await page.InputValueAsync("#europe-measure"));
        Assert.Contains("Netherlands ◀", await page.InnerTextAsync("#europe-table"));
        Assert.Contains("third definition", await page.InnerTextAsync("#europe-caveats"));
        Assert.Contains("Caveats", await page.InnerTextAsync("#europe h3"));
    }

    [Fact]
    public async Task LanguageSwitchWorks()
    {
        var page = await OpenAsync();
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Scenarioverkenner", await page.InnerTextAsync("#h-explorer"));
        await page.ClickAsync("#lang-en");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.Contains("Scenario explorer", await page.InnerTextAsync("#h-explorer"));
        Assert.Equal("true", await page.GetAttributeAsync("#lang-en", "aria-pressed"));
        await page.WaitForSelectorAsync("#projection-charts figure figcaption:text('Social trust')", new PageWaitForSelectorOptions { Timeout = 120_000 });
        // keyboard: the language buttons and selects are reachable with Tab
        await page.Keyboard.PressAsync("Tab");
        Assert.NotNull(await page.EvaluateAsync<string>("document.activeElement.tagName"));
        await page.ClickAsync("#lang-nl");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'nl'");
    }
}
