using System.Xml.Linq;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Issue 14 item 5 in the dashboard: one generic decorator (downloads.js) gives every chart figure SVG and
/// PNG downloads and every table CSV and xlsx, and each download is a valid file with the shown content.</summary>
[Trait("Category", "Browser")]
public class DashboardDownloadsTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task EveryChartAndTableHasItsDownloadsAndTheyAreValid()
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync(fx.Dashboard.BaseUrl + "/");
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 180_000 });
        // the decorator runs after each change of the page: wait until every chart and table has its hooks
        const string counts = """
            () => { const figs = [...document.querySelectorAll('figure')].filter(f => f.querySelector('svg, img'));
                    const tables = [...document.querySelectorAll('table')];
                    return [figs.length, figs.filter(f => f.querySelector('[data-download=svg]') && f.querySelector('[data-download=png]')).length,
                            tables.length, tables.filter(t => t.querySelector('[data-download=csv]') && t.querySelector('[data-download=xlsx]')).length,
                            document.querySelectorAll('[data-download=svg]').length, document.querySelectorAll('[data-download=csv]').length]; }
            """;
        await page.WaitForFunctionAsync($"() => {{ const c = ({counts})(); return c[0] > 0 && c[0] === c[1] && c[2] === c[3]; }}", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        var c = await page.EvaluateAsync<int[]>(counts);
        Assert.True(c[0] >= 8, $"{c[0]} chart figures");
        Assert.True(c[2] >= 5, $"{c[2]} tables");
        Assert.Equal(c[0], c[4]);   // one hook per chart, one per table
        Assert.Equal(c[2], c[5]);

        // a projection chart: the SVG as served, a PNG twice its size
        var fig = page.Locator("#projection-charts figure").First;
        var svgDl = await page.RunAndWaitForDownloadAsync(() => fig.Locator("[data-download=svg]").ClickAsync());
        var svg = XDocument.Parse(await File.ReadAllTextAsync((await svgDl.PathAsync())!));
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
        var width = double.Parse(svg.Root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var pngDl = await page.RunAndWaitForDownloadAsync(() => fig.Locator("[data-download=png]").ClickAsync());
        var png = await File.ReadAllBytesAsync((await pngDl.PathAsync())!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal((int)Math.Round(2 * width), (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);

        // the forest plot is an <img>: its SVG is its source
        var forest = page.Locator("figure:has(#forest-img)");
        var forestDl = await page.RunAndWaitForDownloadAsync(() => forest.Locator("[data-download=svg]").ClickAsync());
        Assert.StartsWith("<", (await File.ReadAllTextAsync((await forestDl.PathAsync())!)).TrimStart('\uFEFF').TrimStart());

        // the groups table: Dutch CSV (';', decimal comma, BOM) and xlsx with the shown cells, numbers as numbers
        var table = page.Locator("#groups-table");
        var rows = await table.EvaluateAsync<string[][]>("t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))");
        var csvDl = await page.RunAndWaitForDownloadAsync(() => table.Locator("[data-download=csv]").DispatchEventAsync("click"));
        var csvBytes = await File.ReadAllBytesAsync((await csvDl.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows.Length, lines.Length);
        Assert.Equal(rows[0], TestCsv.Split(lines[0], ';'));
        Assert.Equal(rows[1][1], TestCsv.Split(lines[1], ';')[1]);

        var xlsxDl = await page.RunAndWaitForDownloadAsync(() => table.Locator("[data-download=xlsx]").DispatchEventAsync("click"));
        var path = Path.Combine(Paths.TempDir(), "groups.xlsx");
        await xlsxDl.SaveAsAsync(path);
        var sheet = XlsxReader.Read(path);
        Assert.Equal(rows.Length - 1, sheet.RowCount);
        Assert.Equal(rows[0], sheet.ColumnNames.ToArray());
        // "n" is shown as a count ("1.234") and read back as the number
        var n = Assert.IsType<NumericColumn>(sheet.Columns[^1]);
        for (int i = 0; i < sheet.RowCount; i++)
            Assert.Equal(double.Parse(rows[i + 1][^1].Replace(".", ""), System.Globalization.CultureInfo.InvariantCulture), n.Values[i]);
    }
}
