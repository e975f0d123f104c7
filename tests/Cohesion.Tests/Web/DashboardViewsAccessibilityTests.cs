using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Web;

/// <summary>Issue 14 item 6 on every dashboard view in the state a user puts it in (the page as loaded is
/// <see cref="DashboardAccessibilityTests"/>, the ensembles view with a stored ensemble
/// <see cref="DashboardEnsembleBrowserTests"/>): several population scenarios in the projection, the comparison of
/// two combinations, the groups of a catalogue data set, another Europe measure, the map's gemeente and buurt views.
/// In each, axe-core (issue 14's tags) finds no violations inside the view and the page does not scroll sideways,
/// in Dutch and English at 1280 and 320 px.</summary>
[Trait("Category", "Browser")]
public class DashboardViewsAccessibilityTests(BrowserFixture fx, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private async Task AssertViewAccessibleAsync(IPage page, string view, string selector, int width, List<string> failures)
    {
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scroll > width) failures.Add($"{view}: scrollWidth {scroll} > {width}");
        foreach (var v in await Axe.ViolationsAsync(page, selector))
        {
            output.WriteLine($"{view}: {v}");
            failures.Add($"{view}: {v}");
        }
    }

    [Theory]
    [InlineData("nl", 1280)]
    [InlineData("nl", 320)]
    [InlineData("en", 1280)]
    [InlineData("en", 320)]
    public async Task EveryViewInUseHasNoAxeViolationsAndReflows(string lang, int width)
    {
        var page = await fx.OpenDashboardAsync(lang, width);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var failures = new List<string>();
        var wait = new PageWaitForFunctionOptions { Timeout = 180_000 };

        // the views as loaded (trends, population, sensitivity, the empty ensembles view), each on its own
        foreach (var view in new[] { "trends", "population", "sensitivity", "ensembles", "forest" })
            await AssertViewAccessibleAsync(page, view, "#" + view, width, failures);

        // projection: two population scenarios in each chart (one run per scenario)
        await page.SelectOptionAsync("#scenario", new[] { "midden", "groei" });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#projection-charts figure').length === 4"
            + " && [...document.querySelectorAll('#projection-charts figure')].every(f => f.querySelectorAll('svg path[data-series]').length === 2)", null, wait);
        await AssertViewAccessibleAsync(page, "projection", "#explorer", width, failures);

        // compare: A beside B
        await page.SelectOptionAsync("#cmp-scenario", "groei");
        await page.SelectOptionAsync("#cmp-societal", "individualisation");
        await page.ClickAsync("#compare-button");
        await page.WaitForSelectorAsync("#compare-charts[data-b='groei|individualisation|none'] svg", new PageWaitForSelectorOptions { Timeout = 180_000 });
        await AssertViewAccessibleAsync(page, "compare", "#explorer", width, failures);

        // groups of the catalogue's data set (datasets view)
        await page.SelectOptionAsync("#group-dataset", TestCatalogue.SampleName);
        await page.WaitForSelectorAsync($"#groups-chart[data-dataset={TestCatalogue.SampleName}] svg");
        await page.SelectOptionAsync("#group-by", "province");
        await page.WaitForSelectorAsync("#groups-chart[data-by=province] svg");
        await AssertViewAccessibleAsync(page, "groups (data set)", "#groups", width, failures);

        // Europe: a measure with a trajectory, and one with countries missing
        await page.WaitForSelectorAsync("#europe[data-ready=true]");
        await page.SelectOptionAsync("#europe-measure", "trust_most_people_evs");
        await page.WaitForSelectorAsync("#europe-trajectory svg path");
        await AssertViewAccessibleAsync(page, "europe", "#europe", width, failures);
        await page.SelectOptionAsync("#europe-measure", "mean_trust_european_parliament_ess");
        await page.WaitForSelectorAsync("#europe-missing:not([hidden])");
        await AssertViewAccessibleAsync(page, "europe (missing)", "#europe", width, failures);

        // map: national, a gemeente, a buurt with its details
        await page.WaitForSelectorAsync("#map-svg[data-ready=true]");
        await AssertViewAccessibleAsync(page, "map (national)", "#map", width, failures);
        await page.FillAsync("#map-search", "Utrecht");
        await page.PressAsync("#map-search", "Enter");
        await page.WaitForSelectorAsync("#map-svg[data-view=gemeente]");
        await AssertViewAccessibleAsync(page, "map (gemeente)", "#map", width, failures);
        using var mapJson = JsonDocument.Parse(await fx.Dashboard.Client.GetStringAsync("/api/map?format=json"));
        var buurt = mapJson.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("code").GetString()!).First(c => c.StartsWith("BU0344", StringComparison.Ordinal));
        await page.FillAsync("#map-search", buurt);
        await page.PressAsync("#map-search", "Enter");
        await page.WaitForSelectorAsync("#map-svg[data-view=buurt]");
        await page.WaitForSelectorAsync("#map-detail:not([hidden])");
        await AssertViewAccessibleAsync(page, "map (buurt)", "#map", width, failures);

        // and the whole page once more with everything open
        await BrowserFixture.AssertAccessibleAsync(page, width, output.WriteLine);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
