using Microsoft.Playwright;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Debian's Chromium driven by Playwright (no browser download: executablePath is set), plus a
/// dashboard on a free loopback port.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture() : this(new DashboardFixture()) { }

    /// <summary>The browser over another dashboard (e.g. one whose catalogue holds ensembles).</summary>
    protected BrowserFixture(DashboardFixture dashboard) => Dashboard = dashboard;

    public DashboardFixture Dashboard { get; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("COHESION_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}; install Debian's 'chromium' package (.ci/run does).");
        await Dashboard.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await LaunchAsync(Playwright);
    }

    /// <summary>Headless Chromium at <see cref="ChromiumPath"/>, without network side traffic.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
    });

    /// <summary>A page of 1280 px. The dashboard's CSP (script-src 'self') is bypassed: Playwright's polling
    /// <c>WaitForFunctionAsync</c> evaluates its predicate as a string, which the CSP forbids, so a wait that does not
    /// hold at once (a slow machine) failed with "unsafe-eval" (the CSP header itself is tested over HTTP).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 }, BypassCSP = true });
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>The dashboard in a new context of <paramref name="width"/> px in <paramref name="lang"/>, once ready
    /// (CSP bypassed so axe can be injected); close the page's context when done.</summary>
    public async Task<IPage> OpenDashboardAsync(string lang, int width)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BypassCSP = true });
        await context.AddInitScriptAsync($"localStorage.setItem('cohesion.lang', '{lang}')");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(Dashboard.BaseUrl + "/");
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 180_000 });
        await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
        return page;
    }

    /// <summary>One &lt;h1&gt;, no sideways scrolling at the viewport's width, and no axe violations (each written to <paramref name="log"/>).</summary>
    public static async Task AssertAccessibleAsync(IPage page, int width, Action<string> log)
    {
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"scrollWidth {scroll} > {width}");
        var violations = await Axe.ViolationsAsync(page);
        foreach (var v in violations) log(v);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Dashboard.DisposeAsync();
    }
}
