using System.Text;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

/// <summary>A file read on several cores gives exactly the frame (and the errors) of the one-core reader.</summary>
public class ParallelCsvTests
{
    private static string Write(string content, string name = "p.csv", bool bom = false)
    {
        var path = Path.Combine(Paths.TempDir(), name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    private static DataFrame Read(string path, int threads) =>
        CsvReader.Read(path, new CsvOptions { Threads = threads, ParallelMinBytes = 0 });

    private static void SameFrames(string path, bool expectParallel = true)
    {
        var one = Read(path, 1);
        foreach (var t in new[] { 2, 3, 5, 8 })
        {
            var many = Read(path, t);
            if (expectParallel) Assert.True(CsvReader.LastReadParts > 1, $"{t} threads: read on one core");
            Assert.Equal(one.RowCount, many.RowCount);
            Assert.Equal(one.ColumnNames, many.ColumnNames);
            for (int j = 0; j < one.Columns.Count; j++)
            {
                switch (one.Columns[j])
                {
                    case NumericColumn a:
                        var b = Assert.IsType<NumericColumn>(many.Columns[j]);
                        Assert.Equal(a.Values.Select(BitConverter.DoubleToInt64Bits), b.Values.Select(BitConverter.DoubleToInt64Bits));
                        break;
                    case CategoricalColumn a:
                        var c = Assert.IsType<CategoricalColumn>(many.Columns[j]);
                        Assert.Equal(a.Levels, c.Levels);
                        Assert.Equal(a.Codes, c.Codes);
                        break;
                }
            }
        }
    }

    private static string Rows(int n, Func<int, string> row, string header) =>
        header + "\n" + string.Concat(Enumerable.Range(0, n).Select(i => row(i) + "\n"));

    [Fact]
    public void Numbers_and_text() =>
        SameFrames(Write(Rows(20_000, i => $"{i},{Math.Sin(i) * 1e3:R},{(i % 7 == 0 ? "" : (i * 0.001).ToString("R"))},g{i % 17},{(i % 5 == 0 ? "NA" : "x" + i % 3)}", "id,a,b,g,t")));

    [Fact]
    public void Quoted_fields_with_line_breaks_and_doubled_quotes_everywhere() =>
        SameFrames(Write(Rows(8_000, i => $"{i},\"line {i}\nsecond \"\"quoted\"\" part, with comma\",{i % 9}", "id,text,k")), expectParallel: false);

    [Fact]
    public void Text_late_in_a_numeric_column_and_an_all_missing_start()
    {
        SameFrames(Write(Rows(20_000, i => $"{i},{(i == 19_990 ? "oops" : i.ToString())},{(i < 15_000 ? "" : "v" + i % 4)}", "id,mostly_numbers,late_text")));
        var f = Read(Write(Rows(20_000, i => $"{i},{(i == 19_990 ? "oops" : i.ToString())}", "id,m")), 4);
        Assert.IsType<CategoricalColumn>(f["m"]);
        Assert.Contains("oops", ((CategoricalColumn)f["m"]).Levels);
    }

    [Fact]
    public void Text_first_then_numbers_keeps_the_numbers_as_written() =>
        SameFrames(Write(Rows(20_000, i => $"{i},{(i == 3 ? "text" : i.ToString("0.00"))}", "id,v")));

    [Fact]
    public void Decimal_comma_in_one_part_and_points_in_another_is_text()
    {
        var path = Write(Rows(20_000, i => $"{i};{(i < 10_000 ? "1.5" : "2,5")}", "id;v"));
        SameFrames(path);
        Assert.IsType<CategoricalColumn>(Read(path, 4)["v"]);
        SameFrames(Write(Rows(20_000, i => $"{i};{i},{i % 10}", "id;v")));
    }

    [Fact]
    public void Row_names_bom_and_crlf() =>
        SameFrames(Write(Rows(20_000, i => $"\"{i + 1}\",{i * 0.5:R},\"a\"\r", "\"x\",\"y\"\r"), bom: true));

    [Fact]
    public void An_error_late_in_the_file_is_reported_as_the_one_core_reader_reports_it()
    {
        var path = Write(Rows(20_000, i => i == 17_321 ? "1,2,3" : $"{i},{i}", "a,b"));
        var one = Assert.Throws<CohesionException>(() => Read(path, 1));
        var many = Assert.Throws<CohesionException>(() => Read(path, 4));
        Assert.Equal(one.Describe(), many.Describe());
        Assert.Equal(17_322, many.Row);
    }
}
