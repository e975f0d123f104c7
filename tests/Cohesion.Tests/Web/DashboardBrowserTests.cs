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
        // an empty catalogue (this dashboard's has imported data, no ensembles): said in words with the commands
        Assert.Equal("0", await page.GetAttributeAsync("#ensembles", "data-count"));
        Assert.True(await page.Locator("#ensembles-body").IsHiddenAsync());
        var empty = await page.InnerTextAsync("#ensembles-empty-text");
        Assert.StartsWith("De catalogus bevat nog geen ensembles.", empty);
        Assert.Contains("cohesion simulate --stochastic 100 --calibrate wpp2022 --catalogue mijn_ensemble --db cohesion.duckdb", empty);
        Assert.Contains("cohesion serve --db cohesion.duckdb", empty);
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
    public async Task GroupsViewTakesACatalogueDataSetAndDrawsDotPlotsWithIntervals()
    {
        var page = await OpenAsync();
        // the built-in survey: one panel per dimension, an interval per group, the overall value in the table
        Assert.Equal(4, await page.Locator("#groups-chart svg g.panel").CountAsync());
        Assert.Equal(4 * 3, await page.Locator("#groups-chart svg line.interval").CountAsync());
        Assert.Equal("Opleiding", await page.InnerTextAsync("#group-by option[value=education3]"));
        Assert.Contains("2024", await page.InnerTextAsync("#edition-note"));
        var options = await page.Locator("#group-dataset option").AllInnerTextsAsync();
        Assert.Equal(2, options.Count);
        await page.SelectOptionAsync("#group-dataset", TestCatalogue.SampleName);
        await page.WaitForSelectorAsync($"#groups-chart[data-dataset={TestCatalogue.SampleName}]");
        Assert.Equal("synthetic", await page.GetAttributeAsync("#groups-provenance", "data-provenance"));
        Assert.Contains("survey_sample.csv", await page.InnerTextAsync("#groups-provenance"));
        // its own columns can group it
        Assert.True(await page.Locator("#group-by option[value=province]").CountAsync() == 1);
        await page.SelectOptionAsync("#group-by", "province");
        await page.WaitForSelectorAsync("#groups-chart[data-by=province]");
        Assert.Contains("Fryslân", await page.Locator("#groups-chart svg").TextContentAsync());
    }

    [Fact]
    public async Task MapIsDrawnFromTopoJsonUnderOneAndAHalfMegabytesAndSearchZoomsToAGemeente()
    {
        var page = await OpenAsync();
        await page.WaitForSelectorAsync("#map-svg[data-ready=true]");
        Assert.True(await page.Locator("#map-areas path[data-code]").CountAsync() > 11_000);
        // geometry once as TopoJSON, values separately; gzip on the wire
        var sizes = await page.EvaluateAsync<JsonElement>(@"() => performance.getEntriesByType('resource').filter(r => /\/api\/(topology|map)/.test(r.name))
            .map(r => ({ name: r.name, transfer: r.transferSize, decoded: r.decodedBodySize }))");
        var entries = sizes.EnumerateArray().ToList();
        long transfer = entries.Sum(e => e.GetProperty("transfer").GetInt64());
        Assert.Contains(entries, e => e.GetProperty("name").GetString()!.Contains("/api/topology?level=buurt"));
        Assert.Contains(entries, e => e.GetProperty("name").GetString()!.Contains("/api/map?measure=volunteering&format=json"));
        Assert.DoesNotContain(entries, e => e.GetProperty("name").GetString()!.EndsWith("/api/map?measure=volunteering"));
        Assert.True(transfer > 100_000 && transfer <= 1_500_000, $"national buurt map transferred {transfer} bytes");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "cohesion-map-transfer.txt"), string.Join("\n", entries.Select(e => e.ToString())) + $"\ntotal {transfer}\n");
        // another measure: only its values travel
        await page.SelectOptionAsync("#map-measure", "cohesion");
        await page.WaitForSelectorAsync("#map-svg[data-measure=cohesion]");
        var after = await page.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(r => r.name.includes('/api/topology')).length");
        Assert.Equal(2, after);
        Assert.Equal("synthetic", await page.GetAttributeAsync("#map-svg", "data-provenance"));
        await page.SelectOptionAsync("#map-measure", "volunteering");
        await page.WaitForSelectorAsync("#map-svg[data-measure=volunteering]");

        // search a gemeente: the gemeente view zooms to it and lists its buurten
        var zoom0 = double.Parse((await page.GetAttributeAsync("#map-svg", "data-zoom"))!, CultureInfo.InvariantCulture);
        await page.FillAsync("#map-search", "Utrecht");
        await page.PressAsync("#map-search", "Enter");
        await page.WaitForSelectorAsync("#map-svg[data-view=gemeente]");
        Assert.Equal("GM0344", await page.GetAttributeAsync("#map-svg", "data-code"));
        var zoom1 = double.Parse((await page.GetAttributeAsync("#map-svg", "data-zoom"))!, CultureInfo.InvariantCulture);
        Assert.True(zoom1 > 5 * zoom0, $"zoom {zoom0} → {zoom1}");
        Assert.Contains("Utrecht (GM0344)", await page.InnerTextAsync("#map-view"));
        int rows = await page.Locator("#map-table tbody tr").CountAsync();
        Assert.InRange(rows, 50, 200);
        Assert.Equal(rows, await page.Locator("#map-areas path[data-gemeente=GM0344]:not(.outside)").CountAsync());
        // the table sorts by value (descending first), then by name
        await page.ClickAsync("#map-table th button[data-sort=value]");
        var values = (await page.Locator("#map-table tbody td[data-value]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.value)"))
            .Where(v => v.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count > 10);
        Assert.True(values.SequenceEqual(values.OrderBy(v => v)) || values.SequenceEqual(values.OrderByDescending(v => v)));
        var sortState = await page.GetAttributeAsync("#map-table th:has(button[data-sort=value])", "aria-sort");
        Assert.Contains(sortState, new[] { "ascending", "descending" });
        await page.ClickAsync("#map-table th button[data-sort=name]");
        Assert.Equal("ascending", await page.GetAttributeAsync("#map-table th:has(button[data-sort=name])", "aria-sort"));
        Assert.True(await page.EvaluateAsync<bool>(@"() => { const n = [...document.querySelectorAll('#map-table tbody th')].map(e => e.textContent);
            return n.length > 10 && n.every((x, i) => i === 0 || n[i - 1].localeCompare(x, 'nl-NL') <= 0); }"));

        // search a buurt by code: the buurt view, its tooltip and details (gemeente, value with unit, year, source, provenance)
        using var mapJson = JsonDocument.Parse(await fx.Dashboard.Client.GetStringAsync("/api/map?format=json"));
        var buurt = mapJson.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("code").GetString()!).First(c => c.StartsWith("BU0344"));
        await page.FillAsync("#map-search", buurt);
        await page.PressAsync("#map-search", "Enter");
        await page.WaitForSelectorAsync("#map-svg[data-view=buurt]");
        Assert.Equal(buurt, await page.GetAttributeAsync("#map-svg", "data-code"));
        var detail = await page.InnerTextAsync("#map-detail");
        Assert.Contains("Utrecht (GM0344)", detail);
        Assert.Contains("% volwassenen", detail);
        Assert.Contains("RIVM", detail);
        Assert.Contains("echte gegevens", detail);
        // back to the gemeente with the button, then all of the Netherlands
        await page.ClickAsync("#map-to-gemeente");
        await page.WaitForSelectorAsync("#map-svg[data-view=gemeente]");
        await page.ClickAsync("#map-reset");
        await page.WaitForSelectorAsync("#map-svg[data-view=national]");
    }

    [Fact]
    public async Task MapShapesAreFocusableAndOperableByKeyboardAndTheMapPansAndZooms()
    {
        var page = await OpenAsync();
        await page.WaitForSelectorAsync("#map-svg[data-ready=true]");
        Assert.True(await page.Locator("#map-areas path[tabindex='0']").CountAsync() > 11_000);
        // focus a buurt (as Tab does): the tooltip names buurt, gemeente, value with unit, year, source and provenance
        var code = await page.Locator("#map-areas path[data-value][data-gemeente]").First.GetAttributeAsync("data-code");
        await page.FocusAsync($"#m-{code}");
        var tip = await page.InnerTextAsync("#map-tooltip");
        Assert.Contains($"({code})", tip);
        Assert.Contains("gemeente ", tip);
        Assert.Contains("% volwassenen", tip);
        Assert.Contains("echte gegevens", tip);
        Assert.Matches("jaar 20\\d\\d", tip);
        Assert.Contains("RIVM", tip);
        Assert.False(await page.Locator("#map-tooltip").IsHiddenAsync());
        var label = await page.GetAttributeAsync($"#m-{code}", "aria-label");
        Assert.Contains("% volwassenen", label);
        // Enter opens the buurt view
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#map-svg[data-view=buurt]");
        Assert.Equal(code, await page.GetAttributeAsync("#map-svg", "data-code"));
        Assert.Equal(code, await page.EvaluateAsync<string>("document.activeElement.dataset.code"));
        // Tab moves to the next shape
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("path", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        // keyboard pan and zoom change the view box; the buttons zoom too
        var box0 = await page.GetAttributeAsync("#map-canvas", "viewBox");
        await page.Keyboard.PressAsync("ArrowRight");
        var box1 = await page.GetAttributeAsync("#map-canvas", "viewBox");
        Assert.NotEqual(box0, box1);
        Assert.Equal(box0!.Split(' ')[2], box1!.Split(' ')[2]);
        var z0 = double.Parse((await page.GetAttributeAsync("#map-svg", "data-zoom"))!, CultureInfo.InvariantCulture);
        await page.ClickAsync("#map-zoom-out");
        var z1 = double.Parse((await page.GetAttributeAsync("#map-svg", "data-zoom"))!, CultureInfo.InvariantCulture);
        Assert.True(z1 < z0);
        // the mouse: wheel zooms in, dragging pans
        await page.ClickAsync("#map-reset");
        var canvas = await page.Locator("#map-canvas").BoundingBoxAsync();
        await page.Mouse.MoveAsync(canvas!.X + canvas.Width / 2, canvas.Y + canvas.Height / 2);
        await page.Mouse.WheelAsync(0, -300);
        var z2 = double.Parse((await page.GetAttributeAsync("#map-svg", "data-zoom"))!, CultureInfo.InvariantCulture);
        Assert.True(z2 > 1.1);
        var before = await page.GetAttributeAsync("#map-canvas", "viewBox");
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(canvas.X + canvas.Width / 2 + 80, canvas.Y + canvas.Height / 2 + 40, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        Assert.NotEqual(before, await page.GetAttributeAsync("#map-canvas", "viewBox"));
        // English: the tooltip in English
        await page.ClickAsync("#lang-en");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en' && document.getElementById('map-help').textContent.startsWith('Drag')");
        await page.WaitForSelectorAsync("#map-svg[data-ready=true]");
        await page.FocusAsync($"#m-{code}");
        var en = await page.InnerTextAsync("#map-tooltip");
        Assert.Contains("% of adults", en);
        Assert.Contains("real data", en);
        Assert.Matches("year 20\\d\\d", en);
    }

    [Fact]
    public async Task TwoScenarioCombinationsSideBySide()
    {
        var page = await OpenAsync();
        await page.SelectOptionAsync("#cmp-scenario", "groei");
        await page.SelectOptionAsync("#cmp-societal", "individualisation");
        await page.ClickAsync("#compare-button");
        await page.WaitForSelectorAsync("#compare-charts[data-b='groei|individualisation|none']", new PageWaitForSelectorOptions { Timeout = 180_000 });
        Assert.Equal("midden|estimated|none", await page.GetAttributeAsync("#compare-charts", "data-a"));
        Assert.Equal(4, await page.Locator("#compare-charts figure[data-side=a] svg").CountAsync());
        Assert.Equal(4, await page.Locator("#compare-charts figure[data-side=b] svg").CountAsync());
        Assert.Equal(4, await page.Locator("#compare-table tbody tr").CountAsync());
        using var b = JsonDocument.Parse(await fx.Dashboard.Client.GetStringAsync("/api/projection?scenario=groei&societal=individualisation&policy=none"));
        var mean = b.RootElement.GetProperty("years").EnumerateArray().Last().GetProperty("dimensions")[0].GetProperty("mean").GetDouble();
        var cell = await page.InnerTextAsync("#compare-table tbody tr:first-child td:nth-child(3)");
        Assert.StartsWith((100 * mean).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + "%", cell);
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
