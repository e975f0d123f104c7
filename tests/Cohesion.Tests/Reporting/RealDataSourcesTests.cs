using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

public class RealDataSourcesTests
{
    private static string RepoData => Path.Combine(Paths.RepoRoot, "data");

    [Fact]
    public void EveryRealFolderHasATitleAndALicence()
    {
        var folders = RealDataSources.Folders(RepoData);
        Assert.Contains("rivm-gezondheid-wijkbuurt-2012-2020", folders);
        Assert.Contains("kwb-amsterdam-2019", folders);
        foreach (var f in folders)
        {
            var d = RealDataSources.Describe(f, RepoData);
            Assert.Equal(Provenance.Real, d.Provenance);
            Assert.NotEqual(f, d.Title);
            Assert.DoesNotContain("not stated (see", d.Licence);
            Assert.Equal("data/real/" + f, d.Path);
        }
    }

    [Fact]
    public void LicenceIsTheNamedBulletWithItsContinuation()
    {
        var d = RealDataSources.Describe("kwb-amsterdam-2019", RepoData);
        Assert.StartsWith("repo has no licence file. Underlying data: CBS StatLine table 84583NED", d.Licence);
        Assert.Contains("CC BY 4.0", d.Licence);
        Assert.Equal("https://github.com/elakyc15/Group-7", d.Origin);
        var r = RealDataSources.Describe("rivm-gezondheid-wijkbuurt-2012-2020", RepoData);
        Assert.StartsWith("MIT, © repo author", r.Licence);
        Assert.Contains("CC BY 4.0", r.Licence);
        Assert.Equal("CC BY 3.0 IGO (repo `LICENSE`). Attribution: \"United Nations, DESA, Population Division (2024). World Population Prospects 2024. http://population.un.org/wpp\".",
            RealDataSources.Describe("wpp-netherlands-age", RepoData).Licence);
        Assert.Equal("not stated (see data/SOURCES.md)", RealDataSources.Parse("x", ["# X", "no word about it"]).Licence);
    }
}
