using Cohesion.Synthetic;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Framework;

public class SyntheticSurveyFileTests
{
    private static string RepoSurveyFolder => Path.Combine(Paths.RepoRoot, "data", "survey");

    /// <summary>The committed file is exactly what the generator makes from the default seed. Set
    /// COHESION_WRITE_DEFAULT=1 to (re)write it after changing the generator.</summary>
    [Fact]
    public void CommittedSurveyIsRegeneratedByteForByteFromItsSeed()
    {
        if (Environment.GetEnvironmentVariable("COHESION_WRITE_DEFAULT") == "1") SurveyDefaultFile.Write(RepoSurveyFolder);
        var s = SurveyGenerator.Generate();
        var csv = SurveyDefaultFile.Csv(s.Data);
        // line endings may be converted by a checkout; the content must not change
        var committed = File.ReadAllText(Path.Combine(RepoSurveyFolder, SurveyDefaultFile.FileName)).Replace("\r\n", "\n");
        Assert.True(csv == committed, "data/survey/nl-synthetic-ssw.csv differs from the generator's output for the default seed");
        Assert.Equal(SurveyDefaultFile.Meta(s).Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(RepoSurveyFolder, SurveyDefaultFile.MetaFileName)).Replace("\r\n", "\n"));
    }

    [Fact]
    public void SameSeedSameData_DifferentSeedDifferentData()
    {
        var a = SurveyDefaultFile.Csv(SurveyGenerator.Generate(7, 3000).Data);
        var b = SurveyDefaultFile.Csv(SurveyGenerator.Generate(7, 3000).Data);
        var c = SurveyDefaultFile.Csv(SurveyGenerator.Generate(8, 3000).Data);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
