using Microsoft.Playwright;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Debian's Chromium driven by Playwright (no browser download: executablePath is set), plus a
/// dashboard on a free loopback port.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public DashboardFixture Dashboard { get; } = new();
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

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 } });
        page.SetDefaultTimeout(60_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Dashboard.DisposeAsync();
    }
}
