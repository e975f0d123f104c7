using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

/// <summary>The bad-input corpus (Fixtures/data/bad): each case ends in a CohesionException naming the file
/// (and column and row where they apply), exit code 1 from the CLI, and no catalogue entry.</summary>
public class BadInputTests
{
    private static string Bad(string name) => Paths.Fixture("data", "bad", name);

    /// <summary>Imports through the CLI into a fresh catalogue; asserts exit 1, the message, and that nothing was stored.</summary>
    private static string ImportFails(string file, params string[] expectedInMessage)
    {
        var db = Path.Combine(Paths.TempDir(), "cat.duckdb");
        new Catalogue(db).Store("existing", TableWriter.FromColumns(("x", new[] { 1.0 })), "test");
        var r = CliRunner.Run("data", "import", file, "--name", "broken", "--db", db);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: ", r.Err);
        foreach (var s in expectedInMessage) Assert.Contains(s, r.Err);
        Assert.Equal(["existing"], new Catalogue(db).List().Select(e => e.Name));
        Assert.Empty(r.Out);
        return r.Err;
    }

    [Fact]
    public void MissingFile() => ImportFails(Bad("no_such_file.csv"), "no_such_file.csv", "file not found");

    [Fact]
    public void UnsupportedExtension() => ImportFails(Bad("data.json"), "data.json", "unsupported file type '.json'", ".sav");

    [Fact]
    public void WrongFieldCount()
    {
        var ex = Assert.Throws<CohesionException>(() => DatasetLoader.Load(Bad("wrong_field_count.csv")));
        Assert.Equal(2, ex.Row);
        ImportFails(Bad("wrong_field_count.csv"), "wrong_field_count.csv, row 2: malformed line 3: 3 fields, the header has 2");
    }

    [Fact]
    public void UnterminatedQuote() => ImportFails(Bad("unterminated_quote.csv"), "unterminated_quote.csv", "unterminated quote", "line 2");

    [Fact]
    public void MisplacedQuote() => ImportFails(Bad("misplaced_quote.csv"), "misplaced_quote.csv", "misplaced quote", "line 2");

    [Fact]
    public void EmptyFile() => ImportFails(Bad("empty.csv"), "empty.csv: file is empty");

    [Fact]
    public void DuplicateHeader()
    {
        var ex = Assert.Throws<CohesionException>(() => DatasetLoader.Load(Bad("duplicate_header.csv")));
        Assert.Equal("score", ex.Column);
        ImportFails(Bad("duplicate_header.csv"), "duplicate_header.csv, column 'score'", "duplicate column name 'score'");
    }

    [Fact]
    public void EmptyHeaderField() => ImportFails(Bad("empty_header.csv"), "empty_header.csv", "header field 2 is empty");

    [Fact]
    public void TruncatedSpssFile() => ImportFails(Bad("truncated.sav"), "truncated.sav", "corrupt or truncated SPSS file");

    [Fact]
    public void NotAnSpssFile() => ImportFails(Bad("notspss.sav"), "notspss.sav", "not an SPSS system file");

    [Fact]
    public void SpssFileWithFewerCasesThanItsHeaderSays() =>
        ImportFails(Bad("too_few_cases.sav"), "too_few_cases.sav", "row 13", "the header says 20 cases, the data hold 12");

    [Fact]
    public void TruncatedStataFile() => ImportFails(Bad("truncated.dta"), "truncated.dta", "corrupt or truncated Stata file");

    [Fact]
    public void TruncatedOldStataFile() => ImportFails(Bad("truncated_v8.dta"), "truncated_v8.dta", "corrupt or truncated Stata file");

    [Fact]
    public void CorruptWorkbook() => ImportFails(Bad("corrupt.xlsx"), "corrupt.xlsx", "Excel");

    [Fact]
    public void CorruptParquet() => ImportFails(Bad("corrupt.parquet"), "corrupt.parquet", "not a readable Parquet file");

    [Fact]
    public void EveryTruncationOfAnSpssAndStataFileIsACleanError()
    {
        // cut the files at every 97th byte: never an unexpected exception type, always the file named
        foreach (var name in new[] { "survey.sav", "survey_bytecode.sav", "survey.zsav", "survey_v15.dta", "survey_v8.dta", "survey_strl.dta" })
        {
            var bytes = File.ReadAllBytes(Paths.Fixture("data", name));
            for (int cut = 0; cut < bytes.Length - 8; cut += 13)
            {
                var part = bytes.AsSpan(0, cut).ToArray();
                var ex = Record.Exception(() =>
                {
                    if (name.EndsWith(".dta")) DtaReader.Read(part, name); else SavReader.Read(part, name);
                });
                if (ex is null) continue; // a cut inside trailing metadata may still leave a readable file
                Assert.True(ex is CohesionException, $"{name} cut at {cut}: {ex}");
                var ce = (CohesionException)ex;
                Assert.Equal(name, ce.File);
            }
        }
    }

    [Fact]
    public void RandomlyCorruptedSpssAndStataFilesFailCleanlyOrRead()
    {
        // flip 1–4 random bytes, 400 times per file (fixed seed): a CohesionException or a frame, nothing else
        var rng = new Random(20241125);
        foreach (var name in new[] { "survey.sav", "survey_bytecode.sav", "survey.zsav", "survey_v15.dta", "survey_v13.dta", "survey_v8.dta", "survey_strl.dta" })
        {
            var original = File.ReadAllBytes(Paths.Fixture("data", name));
            for (int trial = 0; trial < 400; trial++)
            {
                var bytes = (byte[])original.Clone();
                int flips = rng.Next(1, 5);
                for (int f = 0; f < flips; f++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                var ex = Record.Exception(() =>
                {
                    if (name.EndsWith(".dta")) DtaReader.Read(bytes, name); else SavReader.Read(bytes, name);
                });
                Assert.True(ex is null or CohesionException, $"{name} trial {trial}: {ex}");
            }
        }
    }

    [Fact]
    public void RandomDelimitedTextEitherReadsOrFailsCleanly()
    {
        // 3000 random small files from the characters that matter to the parser (fixed seed)
        var rng = new Random(4242);
        const string alphabet = "a1,;\"\n\r .-\t|2,\"";
        for (int trial = 0; trial < 3000; trial++)
        {
            var chars = new char[rng.Next(0, 60)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[rng.Next(alphabet.Length)];
            var text = new string(chars);
            var ex = Record.Exception(() =>
            {
                var df = CsvReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "fuzz.csv");
                foreach (var c in df.Columns) Assert.Equal(df.RowCount, c.Length);
            });
            Assert.True(ex is null or CohesionException, $"input {System.Text.Json.JsonSerializer.Serialize(text)}: {ex}");
            if (ex is CohesionException ce) Assert.Equal("fuzz.csv", ce.File);
        }
    }

    [Fact]
    public void AnUnknownNameIsNotFoundInTheCatalogue()
    {
        var db = Path.Combine(Paths.TempDir(), "cat.duckdb");
        var ex = Assert.Throws<CohesionException>(() => DatasetLoader.Load("nosuchname", db));
        Assert.Contains("no such file, and no data set of that name", ex.Message);
    }
}
