using System.Globalization;
using System.Text;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

public class CsvReaderTests
{
    private static string Write(string content, string name = "x.csv")
    {
        var path = Path.Combine(Paths.TempDir(), name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Numbers of every shape, in records the one-pass reader takes and records it leaves to the general one
    /// (quotes, padding, exponents, more than 19 digits, missing tokens), give exactly <see cref="double.Parse(string)"/>'s
    /// double, with either decimal separator, on one core and on several.</summary>
    [Theory]
    [InlineData(',', '.')]
    [InlineData(';', ',')]
    [InlineData('\t', '.')]
    public void NumbersOfEveryShapeGiveTheSameDoubleAsDoubleParse(char delimiter, char separator)
    {
        var rng = new Random(20261204);
        string Number()
        {
            string sign = rng.Next(5) == 0 ? "-" : "";
            int intDigits = rng.Next(5) == 0 ? 0 : rng.Next(1, 8), fracDigits = rng.Next(4) == 0 ? 0 : rng.Next(1, 21);
            var sb = new StringBuilder(sign);
            for (int i = 0; i < intDigits; i++) sb.Append((char)('0' + rng.Next(10)));
            if (fracDigits > 0 || intDigits == 0) sb.Append(separator);
            for (int i = 0; i < Math.Max(fracDigits, intDigits == 0 ? 1 : 0); i++) sb.Append((char)('0' + rng.Next(10)));
            return sb.ToString();
        }
        const int rows = 6000;
        var expected = new double[3][];
        for (int j = 0; j < 3; j++) expected[j] = new double[rows];
        var text = new StringBuilder($"a{delimiter}b{delimiter}c\n");
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                string field = Number();
                double value = double.Parse(field.Replace(',', '.'), CultureInfo.InvariantCulture);
                switch (rng.Next(40))
                {
                    case 0: field = ""; value = double.NaN; break;
                    case 1: field = "NA"; value = double.NaN; break;
                    case 2: field = $" {field} "; break;
                    case 3: field = $"\"{field}\""; break;
                    case 4 when separator == '.': field = value.ToString("E3", CultureInfo.InvariantCulture); value = double.Parse(field, CultureInfo.InvariantCulture); break;
                    case 5: field = "000000000000000000000" + field.TrimStart('-'); value = Math.Abs(value); break;
                }
                expected[j][r] = value;
                if (j > 0) text.Append(delimiter);
                text.Append(field);
            }
            text.Append(r % 7 == 0 ? "\r\n" : "\n");
        }
        var path = Write(text.ToString());
        foreach (int threads in new[] { 1, 3 })
        {
            var df = CsvReader.Read(path, new CsvOptions { Threads = threads, ParallelMinBytes = 0 });
            Assert.Equal(rows, df.RowCount);
            for (int j = 0; j < 3; j++)
            {
                var got = df.Numeric(((char)('a' + j)).ToString()).Values;
                for (int r = 0; r < rows; r++)
                    Assert.True(got[r].Equals(expected[j][r]), $"threads {threads}, column {j}, row {r + 1}: {got[r]:R} != {expected[j][r]:R}");
            }
        }
    }

    [Fact]
    public void LoadsTheCbsKeyFiguresExportAsItIs()
    {
        var df = CsvReader.Read(Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"));
        Assert.Equal(580, df.RowCount);
        Assert.Equal(118, df.Columns.Count);
        Assert.Equal("row", df.Columns[0].Name);   // R's unnamed row-number column
        var inwoners = df.Numeric("Bevolking.Aantal.inwoners..aantal.");
        Assert.Equal(17282163, inwoners.Values[0]);
        Assert.Equal(862965, inwoners.Values[1]);
        // space-padded codes are trimmed
        var code = df.Categorical("Regioaanduiding.Codering..code.");
        Assert.Equal("NL00", code.Format(0));
        Assert.Equal("GM0363", code.Format(1));
    }

    [Fact]
    public void LoadsTheStatLineMigrationExportWithBomSemicolonsAndPaddedNumbers()
    {
        var df = CsvReader.Read(Paths.RealData("cbs-pop-migration-amsterdam-2019", "84910NED_Amsterdam_2019_sex_age_migration.csv"));
        Assert.Equal(3843, df.RowCount);
        Assert.Equal(["ID", "Geslacht", "Leeftijd", "Migratieachtergrond", "Generatie", "RegioS", "Perioden", "BevolkingOp1Januari_1"], df.ColumnNames);
        var count = df.Numeric("BevolkingOp1Januari_1").Values;
        Assert.Equal(862965, count[0]);                 // total
        Assert.Equal(392850, count[1]);                 // Dutch background
        Assert.Equal(470115, count[2]);                 // any migration background
        Assert.Equal(count[1] + count[2], count[0]);
        Assert.Equal(["3000", "4000", "T001038"], df.Categorical("Geslacht").Levels);
        Assert.Equal(10000, df.Numeric("Leeftijd").Values[0]);
    }

    [Fact]
    public void LoadsTheWhitespaceSeparatedMetadatTableWithQuotedStrings()
    {
        var df = CsvReader.Read(Paths.RealData("meta-analysis-raudenbush1985", "dat.raudenbush1985.txt"));
        Assert.Equal(19, df.RowCount);
        Assert.Equal(["study", "author", "year", "weeks", "setting", "tester", "n1i", "n2i", "yi", "sei", "vi"], df.ColumnNames);
        var author = df.Categorical("author");
        Assert.Equal("Rosenthal et al.", author.Format(0));
        Assert.Equal("Jose & Cody", author.Format(2));
        Assert.Equal(-0.14, df.Numeric("yi").Values[2]);
        Assert.Equal(0.0156, df.Numeric("vi").Values[0]);
        Assert.Equal(["aware", "blind"], df.Categorical("tester").Levels);
    }

    [Theory]
    [InlineData("amsterdam-civic-orgs-2016/data_buurtanalyse.csv", 98, 25)]
    [InlineData("leefbaarometer-utrecht/buurten_utrecht_kwb2022_lbm2020.csv", 969, 35)]
    [InlineData("vu-election-panel-2021/wave0.csv", 2171, 360)]
    [InlineData("wpp-netherlands-age/nl_netmig_age1_sex_projection_2023_2100.csv", 15756, 4)]
    [InlineData("wpp2022-netherlands/wpp2022_netherlands_annual_indicators.csv", 151, 40)]
    public void EveryRealCsvLoads(string relative, int rows, int columns) // dimensions as R's read.csv gives them
    {
        var df = DatasetLoader.Load(Paths.RealData(relative.Split('/')));
        Assert.Equal(rows, df.RowCount);
        Assert.Equal(columns, df.Columns.Count);
    }

    [Fact]
    public void DetectsSemicolonsDecimalCommasAndStatLineMissing()
    {
        var path = Write("\uFEFFcode;value;n\n\"  A1\";2,5;  10\nB2;.;20\n");
        var df = CsvReader.Read(path);
        Assert.Equal("A1", df.Categorical("code").Format(0));
        Assert.Equal(2.5, df.Numeric("value").Values[0]);
        Assert.True(double.IsNaN(df.Numeric("value").Values[1]));
        Assert.Equal(20, df.Numeric("n").Values[1]);
    }

    [Fact]
    public void DecimalCommaInQuotedCommaSeparatedFieldsAndTabs()
    {
        var df = CsvReader.Read(Write("a,b\n\"1,25\",x\n\"-0,5\",y\n"));
        Assert.Equal([1.25, -0.5], df.Numeric("a").Values);
        var tab = CsvReader.Read(Write("a\tb\n3,5\t1\n4\t2\n", "t.tsv"));
        Assert.Equal([3.5, 4], tab.Numeric("a").Values);
    }

    [Fact]
    public void AColumnMixingDecimalPointsAndCommasIsText()
    {
        var df = CsvReader.Read(Write("a;b\n1.5;1\n2,5;2\n"));
        var a = Assert.IsType<CategoricalColumn>(df["a"]);
        Assert.Equal(["1.5", "2,5"], a.Levels);
    }

    [Fact]
    public void NumbersThenTextKeepTheOriginalTextExactly()
    {
        // the column looks numeric for two rows, then holds text: it is read again as text, "007" intact
        var df = CsvReader.Read(Write("code,v\n007,1\n1.50,2\nB12,3\n"));
        Assert.Equal(["007", "1.50", "B12"], Enumerable.Range(0, 3).Select(i => df["code"].Format(i)));
        Assert.Equal([1, 2, 3], df.Numeric("v").Values);
    }

    [Fact]
    public void MissingValuesThenTextGiveATextColumnInOnePass()
    {
        var df = CsvReader.Read(Write("a,b\nNA,1\n.,2\nx,3\n,4\ny,5\n"));
        var a = Assert.IsType<CategoricalColumn>(df["a"]);
        Assert.Equal(["x", "y"], a.Levels);
        Assert.Equal([-1, -1, 0, -1, 1], a.Codes);
    }

    [Fact]
    public void QuotedFieldsHoldDelimitersQuotesAndLineBreaks()
    {
        var df = CsvReader.Read(Write("id,text,x\r\n1,\"a, \"\"quoted\"\"\r\nline\",2.5\r\n2,plain,3\r\n"));
        Assert.Equal(2, df.RowCount);
        Assert.Equal("a, \"quoted\"\r\nline", df["text"].Format(0));
        Assert.Equal([2.5, 3], df.Numeric("x").Values);
    }

    [Fact]
    public void RowNamesFromWriteTableBecomeAColumnNamedRow()
    {
        var df = CsvReader.Read(Write("\"a\" \"b\"\n\"1\" 5 \"x y\"\n\"2\" 6 \"z\"\n", "t.txt"));
        Assert.Equal(["row", "a", "b"], df.ColumnNames);
        Assert.Equal([5, 6], df.Numeric("a").Values);
        Assert.Equal("x y", df["b"].Format(0));
    }

    [Fact]
    public void MissingTokensAndBlankLines()
    {
        var df = CsvReader.Read(Write("a,b\n1,NA\n\n2,\nNaN,x\n-,.\n"));
        Assert.Equal(4, df.RowCount);
        var a = df.Numeric("a").Values;
        Assert.Equal(1, a[0]);
        Assert.True(double.IsNaN(a[2]) && double.IsNaN(a[3]));
        var b = df.Categorical("b");
        Assert.Equal(["x"], b.Levels);
        Assert.Equal([-1, -1, 0, -1], b.Codes);
    }

    [Fact]
    public void HeaderOnlyGivesAnEmptyFrameWithItsColumns()
    {
        var df = CsvReader.Read(Write("a,b,c\n"));
        Assert.Equal(0, df.RowCount);
        Assert.Equal(["a", "b", "c"], df.ColumnNames);
    }

    [Fact]
    public void Latin1TextIsReadWhenTheFileIsNotUtf8()
    {
        var path = Path.Combine(Paths.TempDir(), "l1.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("gemeente;n\n's-Hertogenbosch;1\nCuraçao;2\n"));
        var df = CsvReader.Read(path);
        Assert.Equal("Curaçao", df["gemeente"].Format(1));
    }

    [Fact]
    public void ExcelUnicodeTextExportInUtf16IsRead()
    {
        var path = Path.Combine(Paths.TempDir(), "unicode.txt");
        File.WriteAllText(path, "gemeente\tinwoners\r\nGroningen\t233218\r\nCuraçao\t158665\r\n", Encoding.Unicode);   // UTF-16 LE with BOM
        var df = DatasetLoader.Load(path);
        Assert.Equal([233218, 158665], df.Numeric("inwoners").Values);
        Assert.Equal("Curaçao", df["gemeente"].Format(1));
    }

    [Fact]
    public void GzippedCsvIsRead()
    {
        var path = Path.Combine(Paths.TempDir(), "x.csv.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes("a;b\n1,5;x\n2;y\n"));
        var df = DatasetLoader.Load(path);
        Assert.Equal([1.5, 2], df.Numeric("a").Values);
        Assert.Equal(path, df.Source);
    }

    [Fact]
    public void ParsesNumbersExactlyAsDoubleParse()
    {
        var rng = new Random(7);
        var sb = new StringBuilder("x\n");
        var expected = new List<double>();
        string[] fixedCases = ["0", "-0", "123456789012345678", "9007199254740993", "1e300", "2.2250738585072014E-308", "0.1", "1234.5678e-3",
            "+7", "3.", ".25", "-1.7976931348623157E+308", "4.9406564584124654E-324", "12345678901234567890123", "0.30000000000000004"];
        foreach (var s in fixedCases) { sb.Append(s).Append('\n'); expected.Add(double.Parse(s, CultureInfo.InvariantCulture)); }
        for (int i = 0; i < 5000; i++)
        {
            double v = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-12, 16));
            var s = (i % 3) switch { 0 => v.ToString("R", CultureInfo.InvariantCulture), 1 => v.ToString("F6", CultureInfo.InvariantCulture), _ => v.ToString("G17", CultureInfo.InvariantCulture) };
            sb.Append(s).Append('\n');
            expected.Add(double.Parse(s, CultureInfo.InvariantCulture));
        }
        var df = CsvReader.Read(Write(sb.ToString()));
        var x = df.Numeric("x").Values;
        for (int i = 0; i < expected.Count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(x[i]), $"row {i + 1}: expected {expected[i]:R}, got {x[i]:R}");
    }

    [Fact]
    public void RecordsAcrossTheFourMegabyteBlockBoundaryAreIntact()
    {
        // ~9 MB: records with quoted line breaks and doubled quotes straddle the block boundaries
        var sb = new StringBuilder("id,label,value\n");
        int n = 120_000;
        for (int i = 0; i < n; i++)
            sb.Append(i).Append(",\"lbl ").Append(i % 97).Append(i % 11 == 0 ? "\n\"\"q\"\"" : "").Append(" padding padding padding padding\",")
              .Append((i * 0.25).ToString(CultureInfo.InvariantCulture)).Append('\n');
        var df = CsvReader.Read(Write(sb.ToString()));
        Assert.Equal(n, df.RowCount);
        var id = df.Numeric("id").Values;
        var value = df.Numeric("value").Values;
        var label = df["label"];
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i, id[i]);
            Assert.Equal(i * 0.25, value[i]);
        }
        Assert.Equal("lbl 0\n\"q\" padding padding padding padding", label.Format(0));
        Assert.Equal("lbl 1 padding padding padding padding", label.Format(1));
        Assert.Equal($"lbl {(n - 2) % 97} padding padding padding padding", label.Format(n - 2));
        Assert.Equal($"lbl {(n - 1) % 97}\n\"q\" padding padding padding padding", label.Format(n - 1));
    }

    [Fact]
    public void MalformedLineNamesFileAndRow()
    {
        var path = Write("a,b\n1,2\n3\n", "bad.csv");
        var ex = Assert.Throws<CohesionException>(() => CsvReader.Read(path));
        Assert.Equal(2, ex.Row);
        Assert.Contains("bad.csv", ex.Describe());
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void NonNumericValueIsReportedWithColumnAndRow()
    {
        var df = new DataFrame([CategoricalColumn.FromStrings("w", ["1", "2", "x"])], "d.csv");
        var ex = Assert.Throws<CohesionException>(() => df.Numeric("w"));
        Assert.Equal("w", ex.Column);
        Assert.Equal(3, ex.Row);
    }
}
