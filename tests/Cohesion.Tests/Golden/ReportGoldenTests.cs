using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Golden;

/// <summary>The main job on the built-in default: report.html (inline SVG by hash), every table (CSV verbatim,
/// Parquet by hash), every figure and the manifest, compared with what was recorded.</summary>
public class ReportGoldenTests
{
    [Fact]
    public void DutchReportIsUnchanged()
    {
        var tmp = GoldenStore.NewCaseDir();
        string[] args = ["report", "--out", "{tmp}/report"];
        var r = CliRunner.Run(GoldenStore.Resolve(args, tmp));
        Assert.True(r.ExitCode == 0, r.Err);
        GoldenStore.Check("report/nl", CliGoldenTests.Capture(args, r, tmp));
    }
}
