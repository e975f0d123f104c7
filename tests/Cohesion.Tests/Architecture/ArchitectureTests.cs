using System.Reflection;
using System.Text.RegularExpressions;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Architecture;

/// <summary>
/// The shape of the code (DESIGN.md, "Compute once, show once"), checked on the assemblies and the sources so that a
/// change that breaks it fails here: dependencies point one way (Cli/Web → Core → Statistics).
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Statistics = typeof(Cohesion.Statistics.CohesionException).Assembly;
    private static readonly Assembly Core = typeof(Cohesion.DefaultData).Assembly;
    private static readonly Assembly Web = typeof(Cohesion.Web.DashboardHost).Assembly;

    private static string[] References(Assembly a) => a.GetReferencedAssemblies().Select(r => r.Name!).ToArray();

    [Fact]
    public void StatisticsReferencesNeitherCoreNorWebNorCli()
    {
        var refs = References(Statistics);
        Assert.DoesNotContain(Core.GetName().Name, refs);
        Assert.DoesNotContain(Web.GetName().Name, refs);
        Assert.DoesNotContain("cohesion", refs);
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Spectre", StringComparison.Ordinal) || r.StartsWith("System.CommandLine", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreReferencesNeitherWebNorCli()
    {
        var refs = References(Core);
        Assert.DoesNotContain(Web.GetName().Name, refs);
        Assert.DoesNotContain("cohesion", refs);
        Assert.DoesNotContain(refs, r => r.StartsWith("Spectre", StringComparison.Ordinal) || r.StartsWith("System.CommandLine", StringComparison.Ordinal));
    }

    [Fact]
    public void WebDoesNotReferenceTheCli() => Assert.DoesNotContain("cohesion", References(Web));

    /// <summary>The design owns its inference (degf, covariance of totals, logit interval): nothing outside
    /// Statistics/Survey reaches into the Taylor kernel, the calibration, the model support or the stage structure.</summary>
    [Fact]
    public void SurveyInternalsStayInsideSurvey()
    {
        var pattern = new Regex(@"\b(TaylorVariance|Calibrator|DesignModelSupport|DesignStage|RatioEngine)\b|\.Stages\[|\bUnitOfRow\b|\bGroupOfUnit\b|\bPsuStructure\b");
        var outside = Sources.Files().Where(f => !f.Path.StartsWith("Cohesion.Statistics/Survey/", StringComparison.Ordinal));
        Assert.Empty(Sources.Matches(outside, pattern));
    }

    /// <summary>Math.NET is an implementation detail of the statistics (Core uses <c>Probability</c>).</summary>
    [Fact]
    public void MathNetIsUsedOnlyInStatistics()
    {
        var outside = Sources.Files().Where(f => !f.Path.StartsWith("Cohesion.Statistics/", StringComparison.Ordinal));
        Assert.Empty(Sources.Matches(outside, new Regex(@"\bMathNet\b")));
        foreach (var project in Directory.EnumerateFiles(Sources.Src, "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !p.Contains("Cohesion.Statistics", StringComparison.Ordinal)))
            Assert.DoesNotContain("MathNet", File.ReadAllText(project));
    }

    private const string ChartLayer = "Cohesion.Core/Presentation/Charts/";

    private static IEnumerable<(string Path, string[] Lines)> OutsideTheChartLayer() =>
        Sources.Files().Where(f => !f.Path.StartsWith(ChartLayer, StringComparison.Ordinal));

    /// <summary>Every chart, plot and map is drawn by the chart layer (SvgDocument opens every document).</summary>
    [Fact]
    public void SvgIsWrittenOnlyByTheChartLayer() =>
        Assert.Empty(Sources.Matches(OutsideTheChartLayer(), new Regex("<svg\\b")));

    /// <summary>One escape for chart text (SvgDocument.Escape); HTML elsewhere goes through WebUtility.HtmlEncode.</summary>
    [Fact]
    public void NoOwnXmlEscapeOutsideTheChartLayer() =>
        Assert.Empty(Sources.Matches(OutsideTheChartLayer(), new Regex("\"&(amp|lt|gt|quot);\"")));

    /// <summary>One palette (ChartPalette): no colour literal outside the chart layer.</summary>
    [Fact]
    public void ColoursComeFromTheChartPalette() =>
        Assert.Empty(Sources.Matches(OutsideTheChartLayer(), new Regex("\"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\"")));

    /// <summary>Only SvgDocument writes the SVG root element and escapes text; the charts call it.</summary>
    [Fact]
    public void OneDocumentWriterInsideTheChartLayer()
    {
        var charts = Sources.Files(ChartLayer).Where(f => !f.Path.EndsWith("/SvgDocument.cs", StringComparison.Ordinal)).ToList();
        Assert.Empty(Sources.Matches(charts, new Regex("<svg\\b|\"&(amp|lt|gt|quot);\"|\\.Replace\\(\"&\"")));
    }

    /// <summary>Statistics names its parameters (ParameterText.Of("random")); only a front end knows its flags.</summary>
    [Fact]
    public void StatisticsTextsNameNoCommandLineFlag()
    {
        // a string literal (plain, verbatim or interpolated) holding --word
        var pattern = new Regex("\"[^\"]*--[a-z][a-z0-9-]*[^\"]*\"");
        Assert.Empty(Sources.Matches(Sources.Files("Cohesion.Statistics"), pattern));
    }
}

/// <summary>Reads the sources under src/ without their comment lines, for checks on what the code says.</summary>
internal static class Sources
{
    public static string Src => Path.Combine(Paths.RepoRoot, "src");

    /// <summary>Files below <paramref name="folder"/> (relative to src/) with the given extension, as (path relative to
    /// src/, code lines with full-line comments blanked).</summary>
    public static IEnumerable<(string Path, string[] Lines)> Files(string folder = "", string ext = ".cs")
    {
        var root = Path.Combine(Src, folder);
        foreach (var f in Directory.EnumerateFiles(root, "*" + ext, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(Src, f).Replace('\\', '/');
            if (rel.Contains("/bin/") || rel.Contains("/obj/")) continue;
            var lines = File.ReadAllLines(f).Select(l =>
            {
                var t = l.TrimStart();
                return t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith("*", StringComparison.Ordinal) || t.StartsWith("/*", StringComparison.Ordinal) ? "" : l;
            }).ToArray();
            yield return (rel, lines);
        }
    }

    /// <summary>"file:line: text" for every code line matching <paramref name="pattern"/>.</summary>
    public static List<string> Matches(IEnumerable<(string Path, string[] Lines)> files, Regex pattern) =>
        files.SelectMany(f => f.Lines.Select((l, i) => (f.Path, Line: i + 1, Text: l)))
            .Where(x => pattern.IsMatch(x.Text)).Select(x => $"{x.Path}:{x.Line}: {x.Text.Trim()}").ToList();
}
