using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reliability;

/// <summary>
/// The bad-input and fault corpus across the verbs: each case sets up files in a fresh folder (<c>{dir}</c> in the
/// arguments), runs the CLI, and states the exit code, the words the message must contain (and must not), and the files
/// that must be unchanged afterwards. Grow it with every bug found: one line per case.
/// </summary>
public class BadInputCorpus
{
    public sealed record Case(string Id, Action<string> Setup, string[] Args, int Exit, string[] Words, string[]? Unchanged = null, string[]? NotWords = null)
    {
        public override string ToString() => Id;
    }

    private static string Survey(int rows, Func<int, string>? y = null)
    {
        var sb = new StringBuilder("id,y,w,g\n");
        for (int i = 0; i < rows; i++) sb.Append(i).Append(',').Append(y?.Invoke(i) ?? (i % 7).ToString()).Append(",1,").Append(i % 3).Append('\n');
        return sb.ToString();
    }

    private static void Write(string dir, string name, string text) => File.WriteAllText(Path.Combine(dir, name), text);

    private static void Gzip(string dir, string name, string text, int cutBytes)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        var bytes = ms.ToArray();
        File.WriteAllBytes(Path.Combine(dir, name), bytes[..^cutBytes]);
    }

    private static readonly string Bcg = Paths.Fixture("shared", "meta_bcg.csv");

    public static IEnumerable<object[]> Cases() => new Case[]
    {
        // ---- silent data loss: a cut-off gzip file is an error, never its first rows
        new("gzip cut in the trailer", d => Gzip(d, "s.csv.gz", Survey(120), 4),
            ["estimate", "--data", "{dir}/s.csv.gz", "--var", "y", "--weight", "w"], 1, ["s.csv.gz", "truncated"]),
        new("gzip cut mid-data", d => Gzip(d, "s.csv.gz", Survey(5000), 600),
            ["estimate", "--data", "{dir}/s.csv.gz", "--var", "y", "--weight", "w"], 1, ["truncated"]),
        new("gzip cut, import leaves the catalogue alone", d => Gzip(d, "s.csv.gz", Survey(120), 4),
            ["data", "import", "{dir}/s.csv.gz", "--name", "s", "--db", "{dir}/cat.duckdb"], 1, ["truncated"]),
        // ---- non-finite values are rejected with column and row
        new("Inf in the analysed column", d => { Write(d, "s.csv", Survey(20, i => i == 4 ? "Inf" : "1")); Write(d, "old.json", "{}"); },
            ["estimate", "--data", "{dir}/s.csv", "--var", "y", "--weight", "w", "--format", "json", "--out", "{dir}/old.json"], 1,
            ["column 'y'", "row 5", "not finite"], Unchanged: ["old.json"]),
        new("a number beyond the double range", d => Write(d, "s.csv", Survey(20, i => i == 2 ? "1e309" : "1")),
            ["estimate", "--data", "{dir}/s.csv", "--var", "y", "--weight", "w"], 1, ["row 3", "not finite"]),
        new("-Inf in a regressor", d => Write(d, "p.csv", "y,x,g\n1,2,a\n2,-Inf,a\n3,1,b\n4,5,b\n5,3,c\n"),
            ["panel", "--data", "{dir}/p.csv", "--formula", "y ~ x"], 1, ["column 'x'", "row 2", "not finite"]),
        new("log(0) in a formula", d => Write(d, "p.csv", "y,x\n1,2\n2,0\n3,1\n4,5\n5,3\n"),
            ["panel", "--data", "{dir}/p.csv", "--formula", "y ~ log(x)"], 1, ["log(x)", "row 2", "not finite"]),
        // ---- output paths are checked before the work
        new("--out is a folder", d => Directory.CreateDirectory(Path.Combine(d, "outdir")),
            ["estimate", "--data", Bcg, "--var", "yi", "--weight", "vi", "--out", "{dir}/outdir"], 1, ["--out", "folder"]),
        new("report --out is a file", d => Write(d, "afile", "keep me"),
            ["report", "--out", "{dir}/afile"], 1, ["--out", "names a file", "afile"], Unchanged: ["afile"]),
        new("mixed --ranef is a folder", d => { Directory.CreateDirectory(Path.Combine(d, "re")); Write(d, "m.csv", "y,g\n1,a\n2,a\n3,b\n5,b\n4,c\n6,c\n"); },
            ["mixed", "--data", "{dir}/m.csv", "--formula", "y ~ 1 + (1|g)", "--ranef", "{dir}/re"], 1, ["--ranef", "folder"]),
        new("meta --forest in a missing folder", _ => { },
            ["meta", "--data", Bcg, "--yi", "yi", "--vi", "vi", "--forest", "{dir}/missing/dir/x.svg"], 1, ["--forest", "does not exist", "missing/dir"]),
        new("--out on a full device", _ => { },
            ["estimate", "--data", Bcg, "--var", "yi", "--weight", "vi", "--out", "/dev/full"], 1, ["no space left"]),
        // ---- configuration errors: found before step 1, in words
        new("report config: negative reps", d => Write(d, "c.json", """{ "simulation": { "reps": -3 } }"""),
            ["report", "--config", "{dir}/c.json", "--out", "{dir}/rep"], 1, ["simulation.reps", "-3"]),
        new("report config: wrong type", d => Write(d, "c.json", "{\n  \"simulation\": { \"reps\": \"many\" }\n}"),
            ["report", "--config", "{dir}/c.json", "--out", "{dir}/rep"], 1, ["line 2", "simulation.reps", "whole number"], NotWords: ["System.", "row 1"]),
        new("report config: unknown field", d => Write(d, "c.json", """{ "simulaton": { } }"""),
            ["report", "--config", "{dir}/c.json", "--out", "{dir}/rep"], 1, ["unknown field 'simulaton'", "simulation"], NotWords: ["Cohesion.Reporting"]),
        new("report config: several problems at once", d => Write(d, "c.json", """{ "population": { "edition": "1999" }, "simulation": { "method": "x" } }"""),
            ["report", "--config", "{dir}/c.json", "--out", "{dir}/rep"], 1, ["2 problems", "population.edition", "simulation.method"]),
        new("framework: malformed YAML", d => Write(d, "f.yaml", "dimensions:\n  - id: social_trust\n    label_nl: Sociaal\n   [ axis: hori'z*aontal\nindicators:\n  - id: x\n"),
            ["measure", "--framework", "{dir}/f.yaml"], 1, ["f.yaml", "not valid YAML", "line"], NotWords: ["Operation is not valid"]),
        new("framework: a YAML alias inside itself", d => Write(d, "f.yaml", "&a [*a]\n"),
            ["measure", "--framework", "{dir}/f.yaml"], 1, ["alias"]),
        // ---- messages that help
        new("--controls names no column of the data", d => Write(d, "n.csv", "buurt,gemeente,year,cohesion,diversity,income\n" +
                string.Concat(Enumerable.Range(0, 40).Select(i => $"b{i % 10},g{i % 3},{2012 + i / 10},{5 + (i % 4) * 0.1},{0.1 * (i % 5)},{20 + i % 7}\n"))),
            ["neighbourhoods", "--data", "{dir}/n.csv", "--controls", "ses=nosuchcontrol"], 1, ["nosuchcontrol", "available columns", "income"]),
        new("data show --head -5", _ => { }, ["data", "show", Bcg, "--head", "-5"], 2, ["--head", "-5"]),
        new("an option value error names the option", _ => { }, ["serve", "--urls", "http://0.0.0.0:5999"], 1, ["--urls", "--allow-remote"], NotWords: ["column"]),
    }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_fails_as_stated(Case c)
    {
        var dir = Paths.TempDir();
        c.Setup(dir);
        var before = (c.Unchanged ?? []).ToDictionary(f => f, f => Hash(Path.Combine(dir, f)));
        var catalogue = Path.Combine(dir, "cat.duckdb");
        var r = CliRunner.Run(c.Args.Select(a => a.Replace("{dir}", dir)).ToArray());
        Assert.True(r.ExitCode == c.Exit, $"{c.Id}: exit {r.ExitCode}, expected {c.Exit}; stderr: {r.Err}");
        foreach (var w in c.Words) Assert.True(r.Err.Contains(w, StringComparison.Ordinal), $"{c.Id}: '{w}' not in: {r.Err}");
        foreach (var w in c.NotWords ?? []) Assert.False(r.Err.Contains(w, StringComparison.Ordinal), $"{c.Id}: '{w}' should not be in: {r.Err}");
        Assert.DoesNotContain("internal error", r.Err);
        foreach (var (f, h) in before) Assert.True(Hash(Path.Combine(dir, f)) == h, $"{c.Id}: {f} changed");
        Assert.False(File.Exists(catalogue) && new Cohesion.Data.Catalogue(catalogue).List().Count > 0, $"{c.Id}: something was catalogued");
        // nothing half-written is left behind
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(dir, "rep")), $"{c.Id}: a report folder was written");
    }

    private static string Hash(string path) =>
        File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "(none)";
}
