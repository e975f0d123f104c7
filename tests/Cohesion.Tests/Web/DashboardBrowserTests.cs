using Microsoft.Playwright;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Web;

[Trait("Category", "Browser")]
public class DashboardBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PageLoadsAndLanguageSwitchWorks()
    {
        var page = await fx.NewPageAsync();
        var response = await page.GotoAsync(fx.Dashboard.BaseUrl + "/");
        Assert.True(response!.Ok);
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("samenhang", await page.InnerTextAsync("header"));
        await page.ClickAsync("#lang-en");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.Contains("cohesion", (await page.InnerTextAsync("header")).ToLowerInvariant());
        Assert.Equal("true", await page.GetAttributeAsync("#lang-en", "aria-pressed"));
        var shot = Path.Combine(Paths.TempDir(), "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
