using Cohesion.Cli;

namespace Cohesion.Tests.Infrastructure;

/// <summary>Runs the <c>cohesion</c> CLI in-process and captures stdout, stderr and the exit code.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, CliContext.ForWriters(o, e));
        return new Result(code, o.ToString(), e.ToString());
    }
}

/// <summary>Paths to test fixtures and the repository's built-in data.</summary>
public static class Paths
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>The repository root (folder holding Cohesion.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "Cohesion.slnx"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string RealData(params string[] parts) => Path.Combine([RepoRoot, "data", "real", .. parts]);

    public static string TempDir()
    {
        var p = Path.Combine(Path.GetTempPath(), "cohesion-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(p);
        return p;
    }
}

/// <summary>Assertions on relative tolerance, the way results are compared with R.</summary>
public static class Approx
{
    public static void Equal(double expected, double actual, double relTol = 1e-8, string? what = null)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        double rel = Math.Abs(actual - expected) / scale;
        if (!(rel <= relTol) && !(Math.Abs(actual - expected) < 1e-14))
            throw new Xunit.Sdk.XunitException($"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative error {rel:E3} > {relTol:E1})");
    }
}
