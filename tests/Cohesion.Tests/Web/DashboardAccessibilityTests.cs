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
        var page = await fx.OpenDashboardAsync(lang, width);
        await BrowserFixture.AssertAccessibleAsync(page, width, output.WriteLine);
        await page.Context.CloseAsync();
    }
}
