using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests;

public class CliSmokeTests
{
    [Fact]
    public void UnknownVerbIsAUsageError()
    {
        var r = CliRunner.Run("no-such-verb");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error", r.Err);
    }

    [Fact]
    public void VersionPrintsTheDataFolder()
    {
        var r = CliRunner.Run("version");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("cohesion", r.Out);
    }
}
