using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cohesion.Tests.Reporting;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Cohesion.Tests.Web;

/// <summary>Debian's Chromium driven by Playwright, without a dashboard (for pages opened from files).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {BrowserFixture.ChromiumPath}; install Debian's 'chromium' package (.ci/run does).");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(Playwright);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

/// <summary>The report in Chromium (issue 14 items 5–7): its downloads produce valid files, it passes axe-core at 1280
/// and 320 px in Dutch and English, does not scroll sideways at 320 px and prints in at most 25 A4 pages.</summary>
[Collection(InProcessReportCollection.Name)]
public class ReportBrowserTests(InProcessReportFixture fx, ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private async Task<IPage> OpenAsync(string lang, int width = 1280)
    {
        var page = await chromium.NewPageAsync(width);
        await page.GotoAsync(new Uri(Path.Combine(WrittenReport.Dir(fx, lang), "report.html")).AbsoluteUri);
        return page;
    }

    [Fact]
    public async Task HooksAreCountedInTheDomAndEveryDownloadIsValid()
    {
        var page = await OpenAsync("nl");
        var counts = await page.EvaluateAsync<int[]>("""
            () => [document.querySelectorAll('figure').length, document.querySelectorAll('figure [data-download="svg"]').length,
                   document.querySelectorAll('figure [data-download="png"]').length, document.querySelectorAll('table').length,
                   document.querySelectorAll('table [data-download="csv"]').length, document.querySelectorAll('table [data-download="xlsx"]').length,
                   document.querySelectorAll('h1').length]
            """);
        Assert.Equal(fx.Report.Figures().Count, counts[0]);
        Assert.Equal(counts[0], counts[1]);
        Assert.Equal(counts[0], counts[2]);
        Assert.Equal(fx.Report.Tables.Count(), counts[3]);
        Assert.Equal(counts[3], counts[4]);
        Assert.Equal(counts[3], counts[5]);
        Assert.Equal(1, counts[6]);

        // a figure: SVG (the inline figure, as a standalone document) and PNG (twice its size)
        var figure = page.Locator("figure").First;
        var svgDownload = await page.RunAndWaitForDownloadAsync(() => figure.Locator("[data-download=svg]").ClickAsync());
        Assert.EndsWith(".svg", svgDownload.SuggestedFilename);
        var svg = XDocument.Parse(await File.ReadAllTextAsync((await svgDownload.PathAsync())!));
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
        Assert.True(svg.Descendants().Count() > 20);
        var width = double.Parse(svg.Root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        var pngDownload = await page.RunAndWaitForDownloadAsync(() => figure.Locator("[data-download=png]").ClickAsync());
        Assert.EndsWith(".png", pngDownload.SuggestedFilename);
        var png = await File.ReadAllBytesAsync((await pngDownload.PathAsync())!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pngWidth = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.Equal((int)Math.Round(2 * width), pngWidth);
        Assert.True(png.Length > 5_000, $"{png.Length} bytes");

        // a table: the Excel CSV and the xlsx as the report wrote them
        var table = page.Locator("table").First;
        var id = (await table.EvaluateAsync<string>("t => t.closest('.table-wrap').id"))["table-".Length..];
        var dir = WrittenReport.Dir(fx, "nl");
        var csvDownload = await page.RunAndWaitForDownloadAsync(() => table.Locator("[data-download=csv]").ClickAsync());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir, "tables", "excel", id + ".csv")), await File.ReadAllBytesAsync((await csvDownload.PathAsync())!));
        var xlsxDownload = await page.RunAndWaitForDownloadAsync(() => table.Locator("[data-download=xlsx]").ClickAsync());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir, "tables", id + ".xlsx")), await File.ReadAllBytesAsync((await xlsxDownload.PathAsync())!));
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task PrintsInAtMostTwentyFiveA4Pages(string lang)
    {
        var page = await OpenAsync(lang);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        int pages = Regex.Count(Encoding.Latin1.GetString(pdf), "/Type\\s*/Page(?!s)");
        output.WriteLine($"report.html ({lang}) prints in {pages} A4 pages");
        Assert.InRange(pages, 3, 25);
    }

    [Theory]
    [InlineData("nl", 1280)]
    [InlineData("nl", 320)]
    [InlineData("en", 1280)]
    [InlineData("en", 320)]
    public async Task AxeFindsNoViolationsAndThePageDoesNotScrollSideways(string lang, int width)
    {
        var page = await OpenAsync(lang, width);
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"scrollWidth {scroll} > {width}");
        var violations = await Axe.ViolationsAsync(page);
        foreach (var v in violations) output.WriteLine(v);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
