using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

public class CatalogueTests
{
    private static string NewDb() => Path.Combine(Paths.TempDir(), "cat.duckdb");

    [Fact]
    public void ImportThenLoadByNameGivesTheSameFrameWithLabels()
    {
        var db = NewDb();
        var cat = new Catalogue(db);
        var file = Paths.Fixture("data", "survey.sav");
        var entry = cat.Import(file, "ssw");
        Assert.Equal(12, entry.Rows);
        Assert.Equal(9, entry.Columns);
        Assert.Equal(Catalogue.HashFile(file), entry.SourceHash);
        Assert.Equal(64, entry.SourceHash.Length);

        var direct = DatasetLoader.Load(file);
        var stored = DatasetLoader.Load("ssw", db);
        Assert.Equal(direct.ColumnNames, stored.ColumnNames);
        Assert.Equal(direct.Numeric("weight").Values, stored.Numeric("weight").Values);
        Assert.Equal(direct.Numeric("trust").Values, stored.Numeric("trust").Values);
        Assert.Equal(direct.Numeric("trust").ValueLabels!.OrderBy(k => k.Key), stored.Numeric("trust").ValueLabels!.OrderBy(k => k.Key));
        Assert.Equal("Vertrouwen in de Tweede Kamer", stored.Numeric("trust").Label);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => direct["comment"].Format(i)), Enumerable.Range(0, 12).Select(i => stored["comment"].Format(i)));
        Assert.Equal("ssw", stored.Source);
        var region = (CategoricalColumn)stored["region"];      // SPSS string value labels survive the catalogue
        Assert.Equal(["N", "O", "W", "X", "Z"], region.Levels);
        Assert.Equal(["Noord", "Oost", "West", "X", "Zuid"], region.Labels);
    }

    [Fact]
    public void TheCbsKeyFiguresLoadByNameWithAmsterdamsPopulation()
    {
        var db = NewDb();
        new Catalogue(db).Import(Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"), "kwb2019");
        var df = DatasetLoader.Load("kwb2019", db);
        Assert.Equal(580, df.RowCount);
        Assert.Equal(862965, df.Numeric("Bevolking.Aantal.inwoners..aantal.").Values[1]);
        Assert.Equal("GM0363", df["Regioaanduiding.Codering..code."].Format(1));
    }

    [Fact]
    public void ListDropAndReplace()
    {
        var db = NewDb();
        var cat = new Catalogue(db);
        Assert.Empty(cat.List());
        cat.Import(Paths.Fixture("data", "survey_v15.dta"), "b-stata");
        cat.Import(Paths.Fixture("data", "gemeenten.xlsx"), "a_excel");
        var list = cat.List();
        Assert.Equal(["a_excel", "b-stata"], list.Select(e => e.Name));
        Assert.Equal(4, list[0].Rows);
        Assert.True((DateTimeOffset.UtcNow - list[0].ImportedAt).TotalMinutes < 10);
        Assert.EndsWith("gemeenten.xlsx", list[0].Source);

        var ex = Assert.Throws<CohesionException>(() => cat.Import(Paths.Fixture("data", "survey.sav"), "a_excel"));
        Assert.Contains("already exists", ex.Message);
        Assert.Equal(4, cat.List()[0].Rows);                       // unchanged
        cat.Import(Paths.Fixture("data", "survey.sav"), "a_excel", replace: true);
        Assert.Equal(12, cat.List()[0].Rows);

        Assert.True(cat.Drop("a_excel"));
        Assert.False(cat.Drop("a_excel"));
        Assert.Equal(["b-stata"], cat.List().Select(e => e.Name));
        Assert.Throws<CohesionException>(() => cat.Load("a_excel"));
    }

    [Fact]
    public void AResultTableIsStoredAndReadBack()
    {
        var db = NewDb();
        var frame = TableWriter.FromColumns(("group", new string?[] { "low", "middle", "high" }), ("estimate", new[] { 0.4, 0.6, 0.85 }));
        TableWriter.WriteCatalogue(frame, "trust_by_education", "cohesion measure", db);
        var back = new Catalogue(db).Load("trust_by_education");
        Assert.Equal([0.4, 0.6, 0.85], back.Numeric("estimate").Values);
        Assert.Equal(["low", "middle", "high"], ((CategoricalColumn)back["group"]).Levels);   // level order kept
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("x;drop")]
    [InlineData("")]
    public void InvalidNamesAreRefused(string name)
    {
        var ex = Assert.Throws<CohesionException>(() => new Catalogue(NewDb()).Import(Paths.Fixture("data", "survey.sav"), name));
        Assert.Contains("not a valid data set name", ex.Message);
    }

    [Fact]
    public void CohesionHomeSetsTheDefaultLocation()
    {
        var home = Environment.GetEnvironmentVariable("COHESION_HOME");
        try
        {
            var dir = Paths.TempDir();
            Environment.SetEnvironmentVariable("COHESION_HOME", dir);
            Assert.Equal(Path.Combine(dir, "cohesion.duckdb"), Catalogue.DefaultPath);
            Environment.SetEnvironmentVariable("COHESION_HOME", null);
            Assert.EndsWith(Path.Combine(".cohesion", "cohesion.duckdb"), Catalogue.DefaultPath);
        }
        finally { Environment.SetEnvironmentVariable("COHESION_HOME", home); }
    }

    [Fact]
    public void CliImportListShowDrop()
    {
        var db = NewDb();
        var file = Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv");
        var r = CliRunner.Run("data", "import", file, "--name", "kwb2019", "--db", db);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("580 rows × 118 columns", r.Out);

        r = CliRunner.Run("data", "list", "--db", db, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var ds = JsonDocument.Parse(r.Out).RootElement.GetProperty("datasets")[0];
        Assert.Equal("kwb2019", ds.GetProperty("name").GetString());
        Assert.Equal(580, ds.GetProperty("rows").GetInt32());
        Assert.Equal(118, ds.GetProperty("columns").GetInt32());
        Assert.Equal(Path.GetFullPath(file), ds.GetProperty("source").GetString());
        Assert.Equal(Catalogue.HashFile(file), ds.GetProperty("source_hash").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ds.GetProperty("imported_at").GetString());

        r = CliRunner.Run("data", "list", "--db", db, "--format", "csv");
        Assert.StartsWith("name,rows,columns,source,source_hash,imported_at", r.Out);

        r = CliRunner.Run("data", "show", "kwb2019", "--db", db, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var cols = JsonDocument.Parse(r.Out).RootElement.GetProperty("columns");
        Assert.Equal(118, cols.GetArrayLength());
        Assert.Equal("numeric", cols[6].GetProperty("type").GetString());

        r = CliRunner.Run("data", "drop", "kwb2019", "--db", db);
        Assert.Equal(0, r.ExitCode);
        r = CliRunner.Run("data", "drop", "kwb2019", "--db", db);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no data set named 'kwb2019'", r.Err);
    }

    [Fact]
    public void EveryDataSubcommandHasHelpWithAnExample()
    {
        foreach (var sub in new[] { "import", "list", "show", "drop" })
        {
            var r = CliRunner.Run("data", sub, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("Example: cohesion data " + sub, r.Out);
        }
    }
}
