using System.Diagnostics;
using Cohesion.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reliability;

/// <summary>Several <c>cohesion</c> processes on one catalogue: each waits for the database lock instead of failing.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Concurrent_imports_into_one_catalogue_all_land()
    {
        var dir = Paths.TempDir();
        var csv = Path.Combine(dir, "d.csv");
        File.WriteAllText(csv, "a,b\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{i},{i % 13}\n")));
        var db = Path.Combine(dir, "cat.duckdb");
        var cli = Path.Combine(AppContext.BaseDirectory, "cohesion.dll");
        var procs = Enumerable.Range(1, 4).Select(i =>
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { cli, "data", "import", csv, "--name", $"d{i}", "--db", db }) psi.ArgumentList.Add(a);
            return Process.Start(psi)!;
        }).ToList();
        foreach (var p in procs)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }
        Assert.Equal(["d1", "d2", "d3", "d4"], new Catalogue(db).List().Select(e => e.Name).Order());
        Assert.All(new Catalogue(db).List(), e => Assert.Equal(50_000, e.Rows));
    }
}
