using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

/// <summary>Excel workbooks against what R's readxl reads (tools/reference/data.R → expected_xlsx.json).</summary>
public class XlsxReaderTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("data", "expected_xlsx.json"))).RootElement;

    [Fact]
    public void TheRealRivmHealthWorkbookLoadsAsReadxlReadsIt()
    {
        var e = Expected.GetProperty("rivm");
        var df = DatasetLoader.Load(Paths.RealData("rivm-gezondheid-wijkbuurt-2016", "50090NED_2016_18plus.xlsx"));
        Assert.Equal(e.GetProperty("rows").GetInt32(), df.RowCount);
        Assert.Equal(e.GetProperty("names").EnumerateArray().Select(x => x.GetString()), df.ColumnNames);
        var numeric = e.GetProperty("numeric").EnumerateArray().Select(x => x.GetString()!).ToHashSet();
        foreach (var c in df.Columns) Assert.Equal(numeric.Contains(c.Name), c is NumericColumn);
        foreach (var name in numeric)
        {
            var v = df.Numeric(name).Values;
            double sum = 0;
            int missing = 0;
            foreach (var x in v) if (double.IsNaN(x)) missing++; else sum += x;
            Assert.Equal(e.GetProperty("missing").GetProperty(name).GetInt32(), missing);
            Approx.Equal(e.GetProperty("sums").GetProperty(name).GetDouble(), sum, 1e-12, name);
        }
        var first = e.GetProperty("first");
        Assert.Equal(first.GetProperty("WijkenEnBuurten").GetString(), df["WijkenEnBuurten"].Format(0));
        Assert.Equal(first.GetProperty("Gemeentenaam_1").GetString(), df["Gemeentenaam_1"].Format(0));
        Assert.Equal(first.GetProperty("SociaalEenzaam_31").GetDouble(), df.Numeric("SociaalEenzaam_31").Values[0]);
        Assert.Equal(first.GetProperty("last_code").GetString(), df["Codering_3"].Format(df.RowCount - 1));
    }

    [Fact]
    public void FirstSheetByDefaultWithNumbersTextMissingAndDates()
    {
        var e = Expected.GetProperty("gemeenten");
        var df = XlsxReader.Read(Paths.Fixture("data", "gemeenten.xlsx"));
        Assert.Equal(["code", "naam", "inwoners", "aandeel", "peildatum"], df.ColumnNames);
        Assert.Equal(e.GetProperty("inwoners").EnumerateArray().Select(x => x.GetDouble()), df.Numeric("inwoners").Values);
        var aandeel = df.Numeric("aandeel").Values;
        Assert.Equal(0.523, aandeel[0]);
        Assert.True(double.IsNaN(aandeel[2]));
        Assert.Equal(e.GetProperty("naam").EnumerateArray().Select(x => x.GetString()), Enumerable.Range(0, 4).Select(i => df["naam"].Format(i)));
        Assert.Equal(e.GetProperty("peildatum")[0].GetString(), df["peildatum"].Format(0));
    }

    [Fact]
    public void ASheetIsChosenWithAHashAndStatLineTextBecomesNumbers()
    {
        var df = DatasetLoader.Load(Paths.Fixture("data", "gemeenten.xlsx") + "#Tweede blad");
        Assert.Equal([2012, 2013, 2014, 2015], df.Numeric("jaar").Values);
        var v = df.Numeric("vertrouwen").Values;     // "58,1" (decimal comma text), "." missing
        Assert.Equal(58.1, v[0]);
        Assert.True(double.IsNaN(v[2]));
        Assert.Equal(61.0, v[3]);
    }

    [Fact]
    public void AnUnknownSheetNamesTheSheetsThereAre()
    {
        var ex = Assert.Throws<CohesionException>(() => DatasetLoader.Load(Paths.Fixture("data", "gemeenten.xlsx") + "#Blad9"));
        Assert.Contains("no sheet 'Blad9'", ex.Message);
        Assert.Contains("Tweede blad", ex.Message);
    }
}
