using System.Globalization;
using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>Runs the main job once (built-in default, default seed) and keeps the folder.</summary>
public sealed class ReportRunFixture
{
    public string Dir { get; }
    public CliRunner.Result Result { get; }

    public ReportRunFixture()
    {
        Dir = Path.Combine(Paths.TempDir(), "report");
        Result = CliRunner.Run("report", "--out", Dir, "--lang", "en");
    }

    /// <summary>A table of the report as rows of column → text.</summary>
    public List<Dictionary<string, string>> Table(string id) => TestCsv.Read(Path.Combine(Dir, "tables", id + ".csv"));

    public static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}

/// <summary>The report's numbers equal those of the individual verbs for the same seed.</summary>
public class ReportMatchesVerbsTests(ReportRunFixture fx) : IClassFixture<ReportRunFixture>
{
    [Fact]
    public void ReportRunsAndWritesEveryTableAsCsvAndParquet()
    {
        Assert.True(fx.Result.ExitCode == 0, fx.Result.Err);
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Synthetic data", html);
        foreach (var csv in Directory.GetFiles(Path.Combine(fx.Dir, "tables"), "*.csv"))
            Assert.True(File.Exists(Path.ChangeExtension(csv, ".parquet")), csv);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fx.Dir, "manifest.json")));
        Assert.Equal(20241203, manifest.RootElement.GetProperty("seed").GetInt32());
        Assert.True(manifest.RootElement.GetProperty("inputs").EnumerateObject().Count() >= 3);
    }

    [Fact]
    public void SourcesSectionIsFilledFromTheShippedSourcesFiles()
    {
        // data/**/*.md ships next to the binaries (it used to be excluded, leaving the section empty)
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "data", "SOURCES.md")));
        foreach (var folder in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "data", "real")))
            Assert.True(File.Exists(Path.Combine(folder, "SOURCE.md")), folder);
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        int at = html.IndexOf("<section id=\"sources\">", StringComparison.Ordinal);
        Assert.True(at >= 0);
        string section = html[at..html.IndexOf("</section>", at, StringComparison.Ordinal)];
        Assert.Contains("wpp-netherlands-age", section);
        Assert.Contains("nl-synthetic-ssw.csv", section);
        Assert.True(section.Length > 5000, $"sources section has {section.Length} characters");
    }

    [Fact]
    public void PopulationSectionStatesItsEditionOnEveryChartAndTable()
    {
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        int at = html.IndexOf("<section id=\"population\"", StringComparison.Ordinal);
        Assert.True(at >= 0);
        string section = html[at..html.IndexOf("</section>", at, StringComparison.Ordinal)];
        Assert.Contains("Population to 2050 (2024 edition)", section);
        foreach (var caption in System.Text.RegularExpressions.Regex.Matches(section, "<(figcaption|caption)>(.*?)</\\1>").Select(m => m.Groups[2].Value))
            Assert.Contains("2024 edition", caption);
        Assert.Contains("migration_factor", File.ReadAllText(Path.Combine(fx.Dir, "tables", "population_summary.csv")));
    }

    [Fact]
    public void EveryTableHasOneProvenanceAndRealAnalysesNeverShareATableWithTheSyntheticPanel()
    {
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        var realAnalyses = new[] { "rivm", "utrecht", "amsterdam" };
        int realRows = 0;
        foreach (var csv in Directory.GetFiles(Path.Combine(fx.Dir, "tables"), "*.csv"))
        {
            string id = Path.GetFileNameWithoutExtension(csv);
            var rows = fx.Table(id);
            var provenance = rows.Select(r => r["provenance"]).Distinct().ToList();
            Assert.True(provenance.Count <= 1, $"{id}: {string.Join(",", provenance)}");
            if (rows.Count == 0) continue;
            // the HTML badge says the same as the export
            Assert.Contains($"<table data-provenance=\"{provenance[0]}\">", html);
            if (rows[0].TryGetValue("analysis", out _))
            {
                bool anyReal = rows.Any(r => realAnalyses.Contains(r["analysis"]));
                if (anyReal)
                {
                    Assert.Equal("real", provenance[0]);
                    Assert.All(rows, r => Assert.Contains(r["analysis"], realAnalyses));
                    realRows += rows.Count;
                }
                else if (rows.Any(r => r["analysis"] == "builtin")) Assert.Equal("synthetic", provenance[0]);
            }
        }
        Assert.True(realRows > 0, "the default report has the real RIVM analysis in its own tables");
        // the RIVM steps follow financial hardship: their heading must not say "diversity coefficient"
        Assert.Contains("Coefficient of hardship as controls are added — real data", html);
        Assert.Contains("Diversity coefficient as controls are added", html);
        // every figure and table carries a visible badge
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(html, "<figure ").Count, System.Text.RegularExpressions.Regex.Matches(html, "<figure( class=\"narrow\")? data-provenance=\"(real|synthetic|derived)\">").Count);
        Assert.Contains("<span class=\"badge badge-real\" data-provenance=\"real\">real data</span>", html);
        Assert.Contains("<span class=\"badge badge-synthetic\" data-provenance=\"synthetic\">SYNTHETIC</span>", html);
    }

    [Fact]
    public void ValidationSectionComesBeforeTheFindingsWithPublishedToolValueAndKind()
    {
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        int at = html.IndexOf("<section id=\"validation\"", StringComparison.Ordinal);
        Assert.True(at >= 0);
        Assert.True(at < html.IndexOf("<section id=\"measure\"", StringComparison.Ordinal), "validation precedes the findings");
        string section = html[at..html.IndexOf("</section>", at, StringComparison.Ordinal)];
        foreach (var column in new[] { "published", "tool_value", "kind" })
            Assert.Contains($"data-column=\"{column}\"", section);
        var kinds = new Dictionary<string, string>();
        foreach (var p in new[] { Provenance.Synthetic, Provenance.Derived, Provenance.Real })
        {
            var rows = fx.Table(Cohesion.Reporting.Stages.ValidationStage.TableId(p));
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal(p.Code(), r["provenance"]));
            foreach (var r in rows) kinds[r["figure"]] = r["kind"];
            // the difference is the tool value minus the published figure
            Assert.All(rows, r => Approx.Equal(ReportRunFixture.D(r["tool_value"]) - ReportRunFixture.D(r["published"]), ReportRunFixture.D(r["difference"]), 1e-9, r["figure"]));
        }
        // the survey's calibration targets are labelled calibrated; the 2024 total is calibrated, the 2020 total and WPP are independent
        Assert.Equal("calibrated (equal by construction)", kinds["Most people can be trusted"]);
        Assert.Equal("calibrated (equal by construction)", kinds.Single(k => k.Key.StartsWith("Population 2050") && k.Key.Contains("2024 edition")).Value);
        Assert.Equal("independent check", kinds.Single(k => k.Key.StartsWith("Population 2050") && k.Key.Contains("2020 edition")).Value);
        Assert.Equal("independent check", kinds["Population 2050, UN WPP 2024 (medium)"]);
        Assert.Equal("real data", kinds["Inhabitants of Amsterdam 2019"]);
        // the measure tables point calibrated cells at this section instead of presenting them as findings
        Assert.Contains(fx.Table("measure_national"), r => r["calibration"].Contains("see Validation"));
    }

    [Fact]
    public void MeasureTablesEqualTheMeasureVerb()
    {
        var verb = CliRunner.Run("measure", "--by", "education3", "--format", "json");
        Assert.Equal(0, verb.ExitCode);
        using var doc = JsonDocument.Parse(verb.Out);
        var estimates = doc.RootElement.GetProperty("estimates").EnumerateArray().ToList();
        var national = fx.Table("measure_national");
        foreach (var row in national)
        {
            var e = estimates.Single(x => x.GetProperty("variable").GetString() == row["variable"] && x.GetProperty("group").ValueKind == JsonValueKind.Null);
            Approx.Equal(e.GetProperty("estimate").GetDouble(), ReportRunFixture.D(row["estimate"]), 1e-12, row["variable"]);
            Approx.Equal(e.GetProperty("se").GetDouble(), ReportRunFixture.D(row["se"]), 1e-12, row["variable"] + " se");
            Assert.Equal(e.GetProperty("n").GetInt32(), int.Parse(row["n"], CultureInfo.InvariantCulture));
        }
        var byEdu = fx.Table("measure_by_education3");
        Assert.Equal(estimates.Count(x => x.GetProperty("group").ValueKind != JsonValueKind.Null), byEdu.Count);
        int compared = 0;
        foreach (var e in estimates.Where(x => x.GetProperty("group").ValueKind != JsonValueKind.Null && x.GetProperty("estimate").ValueKind == JsonValueKind.Number))
        {
            var matches = byEdu.Where(r => r["variable"] == e.GetProperty("variable").GetString() && r["n"] == e.GetProperty("n").GetInt32().ToString(CultureInfo.InvariantCulture)
                                             && r["estimate"].Length > 0 && Math.Abs(ReportRunFixture.D(r["estimate"]) - e.GetProperty("estimate").GetDouble()) < 1e-12).ToList();
            Assert.Single(matches);
            compared++;
        }
        Assert.True(compared >= 12);
    }

    [Fact]
    public void PopulationSummaryEqualsThePopulationVerb()
    {
        // one edition throughout: the report's default is the verb's default (2024)
        var verb = CliRunner.Run("population", "--scenario", "all", "--to", "2050", "--format", "json");
        Assert.Equal(0, verb.ExitCode);
        using var doc = JsonDocument.Parse(verb.Out);
        var summary = fx.Table("population_summary");
        Assert.Equal(8, summary.Count);
        foreach (var s in doc.RootElement.GetProperty("scenarios").EnumerateArray())
        {
            var y2050 = s.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2050);
            var row = summary.Single(r => r["scenario"] == s.GetProperty("name").GetString());
            Approx.Equal(y2050.GetProperty("total").GetDouble(), ReportRunFixture.D(row["total"]), 1e-12, row["scenario"]);
            Approx.Equal(y2050.GetProperty("share_65plus").GetDouble(), ReportRunFixture.D(row["share_65plus"]), 1e-12, row["scenario"] + " 65+");
            Assert.Equal("2024", row["edition"]);
            Assert.Equal(2024, s.GetProperty("edition").GetInt32());
            Approx.Equal(s.GetProperty("calibration").GetProperty("migration_factor").GetDouble(), ReportRunFixture.D(row["migration_factor"]), 1e-12, row["scenario"] + " factor");
        }
    }

    [Fact]
    public void MetaCoefficientsEqualTheMetaVerb()
    {
        var dir = Paths.TempDir();
        var verb = CliRunner.Run("meta", "--robust", "study", "--cr2", "--forest", Path.Combine(dir, "f.svg"), "--format", "json");
        Assert.True(verb.ExitCode == 0, verb.Err);
        using var doc = JsonDocument.Parse(verb.Out);
        var coefs = fx.Table("meta_coefficients").Where(r => r["model"] == "domain").ToList();
        var json = doc.RootElement.GetProperty("coefficients").EnumerateArray().ToList();
        Assert.Equal(json.Count, coefs.Count);
        for (int i = 0; i < json.Count; i++)
        {
            Assert.Equal(json[i].GetProperty("term").GetString(), coefs[i]["term"]);
            Approx.Equal(json[i].GetProperty("estimate").GetDouble(), ReportRunFixture.D(coefs[i]["estimate"]), 1e-12);
            Approx.Equal(json[i].GetProperty("se").GetDouble(), ReportRunFixture.D(coefs[i]["se"]), 1e-12);
        }
        var robust = doc.RootElement.GetProperty("robust");
        Approx.Equal(robust.GetProperty("se").GetDouble(), ReportRunFixture.D(coefs[0]["robust_se"]), 1e-12);
    }

    [Fact]
    public void DecompositionAndBandsEqualTheSimulateVerb()
    {
        var verb = CliRunner.Run("simulate", "--scenario", "midden", "--societal", "estimated", "--edition", "2024", "--reps", "200",
            "--seed", "20241203", "--format", "json");
        Assert.True(verb.ExitCode == 0, verb.Err);
        using var doc = JsonDocument.Parse(verb.Out);
        var rows = fx.Table("simulate_decomposition").Where(r => r["scenario"] == "midden" && r["societal"] == "estimated").ToList();
        Assert.Equal(4, rows.Count);
        foreach (var d in doc.RootElement.GetProperty("decomposition").EnumerateArray())
        {
            var row = rows.Single(r => r["dimension"] == d.GetProperty("dimension").GetString());
            foreach (var f in new[] { "start", "end", "total_change", "composition", "within", "interaction" })
                Approx.Equal(d.GetProperty(f).GetDouble(), ReportRunFixture.D(row[f]), 1e-12, f);
        }
        var dims = fx.Table("simulate_dimensions").Where(r => r["scenario"] == "midden" && r["societal"] == "estimated" && r["policy"] == "none").ToList();
        var run = doc.RootElement.GetProperty("runs")[0];
        foreach (var y in run.GetProperty("years").EnumerateArray())
            foreach (var dim in y.GetProperty("dimensions").EnumerateObject())
            {
                var row = dims.Single(r => r["year"] == y.GetProperty("year").GetInt32().ToString(CultureInfo.InvariantCulture) && r["dimension"] == dim.Name);
                Approx.Equal(dim.Value.GetProperty("mean").GetDouble(), ReportRunFixture.D(row["mean"]), 1e-12);
                Approx.Equal(dim.Value.GetProperty("lower").GetDouble(), ReportRunFixture.D(row["lower"]), 1e-12);
                Approx.Equal(dim.Value.GetProperty("upper").GetDouble(), ReportRunFixture.D(row["upper"]), 1e-12);
            }
    }

    [Fact]
    public void TrendsSectionComesBeforeTheProjectionWhichNamesItsEstimatedScenario()
    {
        var html = File.ReadAllText(Path.Combine(fx.Dir, "report.html"));
        int trends = html.IndexOf("<section id=\"trends\">", StringComparison.Ordinal), simulate = html.IndexOf("<section id=\"simulate\">", StringComparison.Ordinal);
        Assert.True(trends >= 0 && trends < simulate, $"trends at {trends}, simulate at {simulate}");
        string section = System.Net.WebUtility.HtmlDecode(html[simulate..html.IndexOf("</section>", simulate, StringComparison.Ordinal)]);
        Assert.Contains("The scenario 'estimated' is not typed in but estimated from real data", section);
        Assert.True(File.Exists(Path.Combine(fx.Dir, "tables", "trends_fits.csv")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fx.Dir, "manifest.json")));
        var inputs = manifest.RootElement.GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(inputs, n => n.Contains("cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv"));
        Assert.Contains(inputs, n => n.Contains("vu-election-panel-2021/wave4.csv"));
    }
}
