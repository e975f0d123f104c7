using Cohesion.Reporting;
using Cohesion.Tests.Infrastructure;
using DuckDB.NET.Data;
using Xunit;

namespace Cohesion.Tests.Reporting;

public class ReportWriterTests
{
    private static ReportTable Sample()
    {
        var t = new ReportTable("trust_by_education", ("Vertrouwen naar opleiding", "Trust by education"), Provenance.Synthetic,
        [
            new ReportColumn("group", ("Groep", "Group"), ColumnKind.Text),
            new ReportColumn("estimate", ("Schatting", "Estimate"), ColumnKind.Share, 3),
            new ReportColumn("n", ("n", "n"), ColumnKind.Count)
        ]) { Source = ("cohesion measure --by education", "cohesion measure --by education") };
        t.Add("laag", 0.4012345678901, 1234);
        t.Add("hoog, wo", 0.89, 5678);
        t.Add("klein", SuppressedCell.Instance, 7);
        return t;
    }

    [Fact]
    public void CsvKeepsFullPrecisionAndMarksSuppressedCells()
    {
        var w = new StringWriter();
        ReportTableExporter.WriteCsv(Sample(), w);
        var lines = w.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("group,estimate,n,suppressed,provenance", lines[0]);
        Assert.Equal("laag,0.4012345678901,1234,,synthetic", lines[1]);
        Assert.Equal("\"hoog, wo\",0.89,5678,,synthetic", lines[2]);
        Assert.Equal("klein,,7,estimate,synthetic", lines[3]);
    }

    [Fact]
    public void ParquetRoundTripsThroughDuckDb()
    {
        var path = Path.Combine(Paths.TempDir(), "t.parquet");
        ReportTableExporter.WriteParquet(Sample(), path);
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        using var cmd = con.CreateCommand();
        cmd.CommandText = $"select \"group\", estimate, n, suppressed from read_parquet('{path}') order by n";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("klein", r.GetString(0));
        Assert.True(r.IsDBNull(1));
        Assert.Equal("estimate", r.GetString(3));
        Assert.True(r.Read());
        Assert.Equal("laag", r.GetString(0));
        Assert.Equal(0.4012345678901, r.GetDouble(1));
        Assert.Equal(1234, r.GetDouble(2));
    }

    [Fact]
    public void HtmlIsSelfContainedLocalisedAndLabelsSyntheticAndSuppressed()
    {
        var report = new Report { Title = ("Sociale samenhang", "Social cohesion"), Manifest = new RunManifest { Seed = 42, Language = "nl" } };
        var s = new ReportSection("measure", ("Meten", "Measure"));
        s.Synthetic("synthetische steekproef", "synthetic sample");
        s.Figure(("Figuur", "Figure"), "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", Provenance.Synthetic, "trust_by_education");
        s.Table(Sample());
        report.Sections.Add(s);
        var nl = HtmlReportWriter.Render(report, "nl", "# Bronnen\n- **echt**: CBS\n");
        Assert.Contains("<html lang=\"nl\">", nl);
        Assert.Contains("40,1%", nl);
        Assert.Contains("Synthetische gegevens", nl);
        Assert.Contains("synthetisch", nl);
        Assert.Contains("onderdrukt", nl);
        Assert.Contains("<strong>echt</strong>", nl);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(nl, "<script>"));   // the downloads, inline
        Assert.Equal(Cohesion.Presentation.DownloadScript.Text, System.Text.RegularExpressions.Regex.Match(nl, "<script>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        nl = System.Text.RegularExpressions.Regex.Replace(nl, "<script>.*?</script>", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.DoesNotContain("<?xml", nl);
        Assert.DoesNotContain("<script src", nl);
        Assert.DoesNotContain("http://", nl.Replace("http://www.w3.org/2000/svg", ""));
        var en = HtmlReportWriter.Render(report, "en");
        Assert.Contains("40.1%", en);
        Assert.Contains("suppressed", en);
        Assert.Contains("&quot;seed&quot;: 42", en);
    }
}
