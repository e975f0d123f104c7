using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

public class TableWriterTests
{
    private static DataFrame Sample()
    {
        var labels = new Dictionary<double, string> { [1] = "ja", [0] = "nee" };
        var group = new CategoricalColumn("group", [2, 0, -1, 1], ["low", "middle", "high"], ["laag", "midden", "hoog"]);
        return new DataFrame([
            new NumericColumn("x", [1.5, double.NaN, -0.1, 1e-300]),
            new NumericColumn("trust", [1, 0, double.NaN, 1], labels, "Vertrouwen"),
            group,
            CategoricalColumn.FromStrings("name", ["a,b", "say \"hi\"", "NA", null])
        ], "sample");
    }

    [Fact]
    public void CsvRoundTripIsExact()
    {
        var path = Path.Combine(Paths.TempDir(), "out.csv");
        var frame = Sample();
        TableWriter.WriteCsv(frame, path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("x,trust,group,name\n1.5,1,high,\"a,b\"\n", text);
        Assert.Contains("NA,0,low,\"say \"\"hi\"\"\"", text);
        var back = CsvReader.Read(path);
        Assert.Equal(frame.Numeric("x").Values, back.Numeric("x").Values);
        Assert.Equal(frame.Numeric("trust").Values, back.Numeric("trust").Values);
        Assert.Equal(["high", "low", "", "middle"], Enumerable.Range(0, 4).Select(i => back["group"].Format(i)));
        Assert.Equal("say \"hi\"", back["name"].Format(1));
    }

    [Fact]
    public void CsvWithLabelsWritesTheLevelLabels()
    {
        var w = new StringWriter();
        TableWriter.WriteCsv(Sample(), w, useLabels: true);
        Assert.Contains("1.5,1,hoog,", w.ToString());
    }

    [Fact]
    public void ParquetRoundTripKeepsValuesLabelsAndLevelOrder()
    {
        var path = Path.Combine(Paths.TempDir(), "out.parquet");
        var frame = Sample();
        TableWriter.Write(frame, path);
        var back = DatasetLoader.Load(path);
        Assert.Equal(frame.ColumnNames, back.ColumnNames);
        Assert.Equal(frame.Numeric("x").Values, back.Numeric("x").Values);
        var trust = back.Numeric("trust");
        Assert.Equal("Vertrouwen", trust.Label);
        Assert.Equal("nee", trust.ValueLabels![0]);
        var group = Assert.IsType<CategoricalColumn>(back["group"]);
        Assert.Equal(["low", "middle", "high"], group.Levels);
        Assert.Equal(["laag", "midden", "hoog"], group.Labels);
        Assert.Equal([2, 0, -1, 1], group.Codes);
    }

    [Fact]
    public void ParquetWrittenByDuckDbWithOtherTypesReads()
    {
        var path = Path.Combine(Paths.TempDir(), "duck.parquet");
        using (var con = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            con.Open();
            using var cmd = con.CreateCommand();
            cmd.CommandText = $"COPY (SELECT i::INTEGER AS i, (i * 1.5)::DECIMAL(8,2) AS d, i % 2 = 0 AS even, 'g' || (i % 3) AS g, " +
                              $"DATE '2020-01-01' + i::INTEGER AS day, CASE WHEN i = 3 THEN NULL ELSE i::BIGINT END AS maybe " +
                              $"FROM range(0, 5) t(i)) TO '{path}' (FORMAT PARQUET)";
            cmd.ExecuteNonQuery();
        }
        var df = ParquetFile.Read(path);
        Assert.Equal(5, df.RowCount);
        Assert.Equal([0, 1, 2, 3, 4], df.Numeric("i").Values);
        Assert.Equal([0, 1.5, 3, 4.5, 6], df.Numeric("d").Values);
        Assert.Equal([1, 0, 1, 0, 1], df.Numeric("even").Values);
        Assert.Equal(["g0", "g1", "g2"], df.Categorical("g").Levels);
        Assert.Equal("2020-01-03", df["day"].Format(2));
        Assert.True(double.IsNaN(df.Numeric("maybe").Values[3]));
    }

    [Fact]
    public void AFailedWriteLeavesNoFile()
    {
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "partial.csv");
        Assert.Throws<InvalidOperationException>(() =>
            Cohesion.IO.AtomicFile.WriteText(path, w => { w.Write("half"); throw new InvalidOperationException("boom"); }));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void FromColumnsBuildsNumericAndCategoricalColumns()
    {
        var f = TableWriter.FromColumns(("a", new[] { 1.0, 2.0 }), ("n", new[] { 3, 4 }), ("s", new string?[] { "z", null }));
        Assert.Equal([3, 4], f.Numeric("n").Values);
        Assert.Equal(["z"], ((CategoricalColumn)f["s"]).Levels);
        Assert.True(f["s"].IsMissing(1));
    }
}
