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
