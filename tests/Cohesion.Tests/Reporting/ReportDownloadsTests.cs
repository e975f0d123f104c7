using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Cohesion.Data;
using Cohesion.IO;
using Cohesion.Reporting;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>The in-process report written to disk once per language (report.html, tables, downloads, figures).</summary>
public static class WrittenReport
{
    private static readonly Dictionary<string, string> Dirs = new();
    private static readonly Lock Gate = new();

    public static string Dir(InProcessReportFixture fx, string lang)
    {
        lock (Gate)
        {
            if (Dirs.TryGetValue(lang, out var d)) return d;
            d = Path.Combine(Paths.TempDir(), "report-" + lang);
            ReportRunner.Write(fx.Report, d, lang, File.ReadAllText(Path.Combine(Paths.RepoRoot, "data", "SOURCES.md")));   // as the CLI: the sources printed too
            Dirs[lang] = d;
            return d;
        }
    }
}

/// <summary>Issue 14 item 5: every table of the report as CSV for Excel and xlsx, the whole report as tables.xlsx (one
/// sheet per table, numeric cells equal to the machine-readable CSV, reproducible bytes), and the HTML's hooks.</summary>
[Collection(InProcessReportCollection.Name)]
public class ReportDownloadsTests(InProcessReportFixture fx)
{
    [Fact]
    public void TablesXlsxHasOneSheetPerTableWhoseValuesEqualTheCsv()
    {
        var dir = WrittenReport.Dir(fx, "nl");
        var book = Path.Combine(dir, "tables.xlsx");
        var tables = fx.Report.Tables.ToList();
        Assert.True(tables.Count >= 20, $"{tables.Count} tables");
        using (var zip = ZipFile.OpenRead(book))
        {
            Assert.Equal(tables.Count, zip.Entries.Count(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)));
            Assert.All(zip.Entries, e => Assert.Equal(XlsxWriter.EntryTime.DateTime, e.LastWriteTime.DateTime));
        }
        int numbers = 0;
        foreach (var t in tables)
        {
            var sheet = XlsxReader.Read(book + "#" + t.Id);
            numbers += AssertEqualsCsv(sheet, TestCsv.Read(Path.Combine(dir, "tables", t.Id + ".csv")), t, "nl");
            // the table's own workbook holds the same sheet
            var own = XlsxReader.Read(Path.Combine(dir, "tables", t.Id + ".xlsx"));
            Assert.Equal(sheet.ColumnNames, own.ColumnNames);
            Assert.Equal(sheet.RowCount, own.RowCount);
        }
        Assert.True(numbers > 1000, $"{numbers} numeric cells compared");
    }

    /// <summary>Compares a sheet with the machine-readable CSV cell by cell (numbers exactly); returns the numeric cells seen.</summary>
    private static int AssertEqualsCsv(DataFrame sheet, List<Dictionary<string, string>> csv, ReportTable t, string lang)
    {
        Assert.Equal(csv.Count, sheet.RowCount);
        int numbers = 0;
        for (int j = 0; j < t.Columns.Count; j++)
        {
            var col = sheet.Columns[j];
            Assert.StartsWith(t.Columns[j].Header.Get(lang).Trim(), col.Name);
            for (int i = 0; i < csv.Count; i++)
            {
                var expected = csv[i][t.Columns[j].Id];
                if (expected.Length == 0) { Assert.True(col.IsMissing(i), $"{t.Id}[{i},{col.Name}] should be empty"); continue; }
                if (col is NumericColumn num)
                {
                    Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), num.Values[i]);
                    numbers++;
                }
                else Assert.Equal(expected, col.Format(i));
            }
        }
        var provenance = sheet.Columns[^1];
        Assert.Equal(lang == "en" ? "provenance" : "herkomst", provenance.Name);
        var label = lang == "en" ? t.Provenance.Label().En : t.Provenance.Label().Nl;
        for (int i = 0; i < csv.Count; i++) Assert.Equal(label, provenance.Format(i));
        return numbers;
    }

    [Fact]
    public void WorkbookBytesAreReproducible()
    {
        var sheets = fx.Report.Tables.Select(t => ReportTableExporter.DownloadSheet(t, "nl")).ToList();
        var a = XlsxWriter.ToBytes(sheets);
        var b = XlsxWriter.ToBytes(fx.Report.Tables.Select(t => ReportTableExporter.DownloadSheet(t, "nl")).ToList());
        Assert.Equal(a, b);
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(WrittenReport.Dir(fx, "nl"), "tables.xlsx")));
        // numbers are numeric cells with Excel formats (percentages for shares), never text
        using var zip = new ZipArchive(new MemoryStream(a));
        using var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
        Assert.Contains("formatCode=\"0.0%\"", styles.ReadToEnd());
    }

    [Fact]
    public void DutchExcelCsvIsSemicolonSeparatedWithDecimalCommasAndABom()
    {
        var dir = WrittenReport.Dir(fx, "nl");
        var t = fx.Report.Tables.First(x => x.Id == "measure_national");
        var path = Path.Combine(dir, "tables", "excel", t.Id + ".csv");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = TestCsv.Split(lines[0], ';');
        Assert.Equal(t.Columns.Count + 1, header.Count);
        Assert.Equal(t.Columns[0].Header.Nl, header[0]);
        Assert.Equal("herkomst", header[^1]);
        var machine = TestCsv.Read(Path.Combine(dir, "tables", t.Id + ".csv"));
        Assert.Equal(machine.Count, lines.Length - 1);
        int compared = 0;
        for (int i = 0; i < machine.Count; i++)
        {
            var cells = TestCsv.Split(lines[i + 1], ';');
            for (int j = 0; j < t.Columns.Count; j++)
            {
                var expected = machine[i][t.Columns[j].Id];
                if (t.Columns[j].Kind == ColumnKind.Text || expected.Length == 0) { Assert.Equal(expected, cells[j]); continue; }
                Assert.DoesNotContain(".", cells[j]);
                Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), double.Parse(cells[j].Replace(',', '.'), CultureInfo.InvariantCulture));
                compared++;
            }
        }
        Assert.True(compared >= 8, $"{compared} numbers");
        Assert.Contains(lines.Skip(1), l => Regex.IsMatch(l, "\\d,\\d"));
        // the English report's Excel CSV is comma-separated with decimal points
        var en = File.ReadAllText(Path.Combine(WrittenReport.Dir(fx, "en"), "tables", "excel", t.Id + ".csv"));
        Assert.StartsWith(t.Columns[0].Header.En + ",", en.TrimStart('\uFEFF'));
    }

    [Fact]
    public void EveryFigureAndTableOfTheHtmlLinksItsDownloads()
    {
        foreach (var lang in new[] { "nl", "en" })
        {
            var dir = WrittenReport.Dir(fx, lang);
            var page = File.ReadAllText(Path.Combine(dir, "report.html"));
            Assert.Single(Regex.Matches(page, "<script\\b"));
            Assert.DoesNotContain("<script src", page);
            var html = Regex.Replace(page, "<script>.*?</script>", "", RegexOptions.Singleline);   // the hooks of the markup, not the script's selectors
            int figures = Regex.Count(html, "<figure\\b"), tables = Regex.Count(html, "<table\\b");
            Assert.Equal(fx.Report.Figures().Count, figures);
            Assert.Equal(fx.Report.Tables.Count(), tables);
            Assert.Equal(figures, Regex.Count(html, "data-download=\"svg\""));
            Assert.Equal(figures, Regex.Count(html, "data-download=\"png\""));
            Assert.Equal(tables, Regex.Count(html, "data-download=\"csv\""));
            Assert.Equal(tables, Regex.Count(html, "data-download=\"xlsx\""));
            // every hook sits inside its figure / table, and every link names a file the report wrote
            foreach (Match f in Regex.Matches(html, "<figure\\b.*?</figure>", RegexOptions.Singleline))
            {
                Assert.Contains("data-download=\"svg\"", f.Value);
                Assert.Contains("data-download=\"png\"", f.Value);
            }
            foreach (Match t in Regex.Matches(html, "<table\\b.*?</table>", RegexOptions.Singleline))
            {
                Assert.Contains("data-download=\"csv\"", t.Value);
                Assert.Contains("data-download=\"xlsx\"", t.Value);
            }
            var hrefs = Regex.Matches(html, "data-download=\"(svg|csv|xlsx)\" href=\"([^\"]+)\"").Select(m => m.Groups[2].Value).ToList();
            Assert.Equal(figures + 2 * tables, hrefs.Count);
            Assert.All(hrefs, h => Assert.True(File.Exists(Path.Combine(dir, h)), h));
            Assert.True(File.Exists(Path.Combine(dir, "tables.xlsx")));
            Assert.Single(Regex.Matches(html, "<h1\\b"));
        }
    }
}
