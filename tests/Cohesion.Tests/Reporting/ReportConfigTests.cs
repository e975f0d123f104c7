using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

public class ReportConfigTests
{
    [Fact]
    public void AConfigNamesOwnDataAndScenarios()
    {
        var dir = Paths.TempDir();
        File.Copy(Paths.Fixture("shared", "meta_bcg.csv"), Path.Combine(dir, "bcg.csv"));
        File.WriteAllText(Path.Combine(dir, "cfg.json"), """
        { "seed": 7, "language": "en",
          "population": { "scenarios": ["midden", "krimp"], "to": 2040 },
          "simulation": { "scenarios": ["krimp"], "societal": ["trends"], "policy": null, "reps": 20, "to": 2040 },
          "neighbourhoods": { "real_analyses": [] },
          "meta": { "data": "bcg.csv", "yi": "yi", "vi": "vi", "random": "~ 1 | trial", "mods": "~ ablat", "cluster": "trial" } }
        """);
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run("report", "--config", Path.Combine(dir, "cfg.json"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var summary = File.ReadAllLines(Path.Combine(outDir, "tables", "population_summary.csv"));
        Assert.Equal(3, summary.Length);
        var meta = File.ReadAllText(Path.Combine(outDir, "tables", "meta_coefficients.csv"));
        Assert.Contains("ablat", meta);
        Assert.Contains("<html lang=\"en\">", File.ReadAllText(Path.Combine(outDir, "report.html")));
        Assert.Contains("\"seed\": 7", File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        Assert.All(File.ReadAllLines(Path.Combine(outDir, "tables", "simulate_decomposition.csv")).Skip(1), l => Assert.StartsWith("krimp,trends,", l));
    }

    [Fact]
    public void AnUnknownFieldNamesFileAndField()
    {
        var dir = Paths.TempDir();
        var cfg = Path.Combine(dir, "bad.json");
        File.WriteAllText(cfg, "{ \"seed\": 1,\n  \"populaton\": {} }");
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run("report", "--config", cfg, "--out", outDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bad.json", r.Err);
        Assert.Contains("populaton", r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void ANonEmptyForeignOutputFolderIsNeverOverwritten()
    {
        var dir = Paths.TempDir();
        File.WriteAllText(Path.Combine(dir, "precious.txt"), "keep me");
        var r = CliRunner.Run("report", "--out", dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "precious.txt")));
    }
}
