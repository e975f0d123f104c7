using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Web;

/// <summary>Issue 14 item 6 in the dashboard (axe is injected, so the page's script-src CSP is bypassed for the test): axe-core (wcag2a/aa, wcag21a/aa, best-practice) finds no violations in
/// Dutch and English at 1280 and 320 px once the page is ready, one &lt;h1&gt;, and the page does not scroll sideways at 320 px.</summary>
[Trait("Category", "Browser")]
public class DashboardAccessibilityTests(BrowserFixture fx, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("nl", 1280)]
    [InlineData("nl", 320)]
    [InlineData("en", 1280)]
    [InlineData("en", 320)]
    public async Task AxeFindsNoViolationsAndThePageReflows(string lang, int width)
    {
        var context = await fx.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BypassCSP = true });
        await context.AddInitScriptAsync($"localStorage.setItem('cohesion.lang', '{lang}')");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(fx.Dashboard.BaseUrl + "/");
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 180_000 });
        await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"scrollWidth {scroll} > {width}");
        var violations = await Axe.ViolationsAsync(page);
        foreach (var v in violations) output.WriteLine(v);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await context.CloseAsync();
    }
}
