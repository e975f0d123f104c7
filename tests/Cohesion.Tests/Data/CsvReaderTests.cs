using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

public class CsvReaderTests
{
    [Fact]
    public void LoadsTheCbsKeyFiguresExportAsItIs()
    {
        var df = CsvReader.Read(Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"));
        Assert.Equal(580, df.RowCount);
        Assert.Equal(118, df.Columns.Count);
        var inwoners = df.Numeric("Bevolking.Aantal.inwoners..aantal.");
        Assert.Equal(17282163, inwoners.Values[0]);
        Assert.Equal(862965, inwoners.Values[1]);
        // space-padded codes are trimmed
        var code = df.Categorical("Regioaanduiding.Codering..code.");
        Assert.Equal("NL00", code.Format(0));
        Assert.Equal("GM0363", code.Format(1));
    }

    [Fact]
    public void DetectsSemicolonsDecimalCommasAndStatLineMissing()
    {
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "x.csv");
        File.WriteAllText(path, "\uFEFFcode;value;n\n\"  A1\";2,5;  10\nB2;.;20\n");
        var df = CsvReader.Read(path);
        Assert.Equal("A1", df.Categorical("code").Format(0));
        Assert.Equal(2.5, df.Numeric("value").Values[0]);
        Assert.True(double.IsNaN(df.Numeric("value").Values[1]));
        Assert.Equal(20, df.Numeric("n").Values[1]);
    }

    [Fact]
    public void MalformedLineNamesFileAndRow()
    {
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "bad.csv");
        File.WriteAllText(path, "a,b\n1,2\n3\n");
        var ex = Assert.Throws<CohesionException>(() => CsvReader.Read(path));
        Assert.Equal(2, ex.Row);
        Assert.Contains("bad.csv", ex.Describe());
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
