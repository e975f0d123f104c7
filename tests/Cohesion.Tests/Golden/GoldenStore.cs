using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Golden;

/// <summary>
/// Golden outputs: what the CLI verbs, the report and the dashboard API wrote when the outputs were recorded, kept in
/// <c>tests/Cohesion.Tests/Golden/expected/</c> and compared byte for byte after <see cref="GoldenAllowList"/> has
/// replaced the values that legitimately change between runs (paths, times, the version hash).
/// Regenerate with <c>COHESION_UPDATE_GOLDEN=1 dotnet test Cohesion.slnx -c Release --filter FullyQualifiedName~Golden</c>
/// and commit the changed files together with the change that explains them (say why in the commit message and in
/// <see cref="GoldenAllowList.IntendedChanges"/>).
/// </summary>
public static class GoldenStore
{
    /// <summary>Text files larger than this, and binary files, are kept as a SHA-256 line instead of verbatim.</summary>
    public const int VerbatimLimit = 200 * 1024;

    public static bool Updating => Environment.GetEnvironmentVariable("COHESION_UPDATE_GOLDEN") == "1";

    /// <summary>
    /// A folder of fixed path length on every machine (<c>/tmp/cg</c> + the process id in eight digits) with links to
    /// the fixtures (<c>fx</c>), the golden inputs (<c>in</c>) and data/real (<c>real</c>): console tables that show a
    /// path are then as wide on every machine, so the recorded bytes do not depend on where the repository lives.
    /// </summary>
    public static string Root => LazyRoot.Value;

    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var root = $"/tmp/cg{Environment.ProcessId:D8}";
        if (Directory.Exists(root)) Directory.Delete(root, true);
        Directory.CreateDirectory(root);
        Directory.CreateSymbolicLink(Path.Combine(root, "fx"), Paths.Fixture());
        Directory.CreateSymbolicLink(Path.Combine(root, "in"), InputRoot);
        Directory.CreateSymbolicLink(Path.Combine(root, "real"), Paths.RealData());
        Directory.CreateDirectory(Path.Combine(root, "t"));
        return root;
    });

    private static int _caseCounter;

    /// <summary>A fresh, empty folder of fixed path length for one case's output files.</summary>
    public static string NewCaseDir()
    {
        var d = Path.Combine(Root, "t", Interlocked.Increment(ref _caseCounter).ToString("D4"));
        if (Directory.Exists(d)) Directory.Delete(d, true);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Replaces the argument tokens {fx}, {in}, {real} and {tmp} by their paths.</summary>
    public static string[] Resolve(IEnumerable<string> args, string tmp) =>
        args.Select(a => a.Replace("{fx}", Path.Combine(Root, "fx")).Replace("{in}", Path.Combine(Root, "in"))
            .Replace("{real}", Path.Combine(Root, "real")).Replace("{tmp}", tmp)).ToArray();

    public static string ExpectedRoot => Path.Combine(Paths.RepoRoot, "tests", "Cohesion.Tests", "Golden", "expected");
    public static string InputRoot => Path.Combine(Paths.RepoRoot, "tests", "Cohesion.Tests", "Golden", "inputs");

    /// <summary>The normalised text or hash line stored for a produced file.</summary>
    public static (string Name, string Content) Stored(string name, byte[] bytes, string tmp)
    {
        bool binary = name.EndsWith(".parquet", StringComparison.Ordinal) || name.EndsWith(".png", StringComparison.Ordinal)
                      || Array.IndexOf(bytes, (byte)0) >= 0;
        if (binary) return (name + ".sha256", HashLine(bytes));
        var decoded = Encoding.UTF8.GetString(bytes);
        // a byte-order mark (the report's CSVs for Excel) is kept visibly: reading the expected file would drop it
        if (decoded.StartsWith('\uFEFF')) decoded = "{utf-8 bom}" + decoded[1..];
        var text = GoldenAllowList.Normalize(decoded, tmp);
        if (name.EndsWith(".html", StringComparison.Ordinal)) text = ElideSvg(text);
        var norm = Encoding.UTF8.GetBytes(text);
        // HTML is kept whole once its SVG is elided: its tables are what a reviewer wants to diff
        return norm.Length > VerbatimLimit && !name.EndsWith(".html", StringComparison.Ordinal) ? (name + ".sha256", HashLine(norm)) : (name, text);
    }

    public static string HashLine(byte[] bytes) => $"sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))} bytes {bytes.Length}\n";

    /// <summary>Inline SVG in HTML is replaced by its hash (the figures are kept as files of their own).</summary>
    public static string ElideSvg(string html) =>
        Regex.Replace(html, "<svg\\b.*?</svg>", m => $"<svg elided {HashLine(Encoding.UTF8.GetBytes(m.Value)).TrimEnd()}/>", RegexOptions.Singleline);

    /// <summary>Compares (or, when updating, writes) the files of one golden case. <paramref name="files"/> maps a
    /// relative name to its stored content. Every expected file must be produced and nothing else.</summary>
    public static void Check(string caseName, IReadOnlyDictionary<string, string> files)
    {
        var dir = Path.Combine(ExpectedRoot, caseName);
        if (Updating)
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            foreach (var (name, content) in files)
            {
                var p = Path.Combine(dir, name);
                Directory.CreateDirectory(Path.GetDirectoryName(p)!);
                File.WriteAllText(p, content, new UTF8Encoding(false));
            }
            return;
        }
        Assert.True(Directory.Exists(dir), $"no golden output for '{caseName}' in {dir}; record it with COHESION_UPDATE_GOLDEN=1");
        var expected = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var actualDir = Path.Combine(Path.GetTempPath(), "cohesion-golden-actual", caseName);
        foreach (var name in expected.Except(files.Keys)) problems.Add($"{name}: expected but not produced");
        foreach (var name in files.Keys.Except(expected)) problems.Add($"{name}: produced but not in the golden output");
        foreach (var name in expected.Intersect(files.Keys))
        {
            var want = File.ReadAllText(Path.Combine(dir, name));
            var got = files[name];
            if (want == got) continue;
            problems.Add($"{name}: differs{FirstDifference(want, got)}");
        }
        if (problems.Count == 0) return;
        foreach (var (name, content) in files)
        {
            var p = Path.Combine(actualDir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, content, new UTF8Encoding(false));
        }
        Assert.Fail($"golden output '{caseName}' changed (actual output in {actualDir}):\n" + string.Join("\n", problems.Take(20)));
    }

    private static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (int i = 0; i < Math.Max(la.Length, lb.Length); i++)
        {
            var x = i < la.Length ? la[i] : "<end>";
            var y = i < lb.Length ? lb[i] : "<end>";
            if (x != y) return $" at line {i + 1}:\n    expected: {Clip(x)}\n    actual:   {Clip(y)}";
        }
        return "";
    }

    private static string Clip(string s) => s.Length > 240 ? s[..240] + "…" : s;
}
