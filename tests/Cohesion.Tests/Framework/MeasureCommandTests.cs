using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Framework;

public class MeasureCommandTests
{
    private static string Vu => Paths.RealData("vu-election-panel-2021", "wave0.csv");

    [Fact]
    public void NoArgumentsPrintsTheFourDimensionsNationallyAndByEducationWithTheSyntheticCaption()
    {
        var r = CliRunner.Run("measure");
        Assert.Equal(0, r.ExitCode);
        foreach (var label in new[] { "Sociaal vertrouwen", "Social trust", "Sociale participatie", "Social participation",
                     "Institutioneel vertrouwen", "Institutional trust", "Politieke participatie", "Political participation",
                     "laag / low", "midden / middle", "hoog / high", "95% BI/CI", "SE" })
            Assert.Contains(label, r.Out);
        Assert.Contains("Synthetic data (not real respondents), calibrated to published CBS/SCP figures", r.Out);
        Assert.Contains("Synthetische data", r.Out);
        Assert.Contains("strata 'province'", r.Out);
        Assert.Contains("22,000 respondents", r.Out);
        // education groups in their natural order
        Assert.True(r.Out.IndexOf("laag / low", StringComparison.Ordinal) < r.Out.IndexOf("midden / middle", StringComparison.Ordinal));
        Assert.True(r.Out.IndexOf("midden / middle", StringComparison.Ordinal) < r.Out.IndexOf("hoog / high", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonHasTheEstimateContractFieldsForDimensionsAndIndicators()
    {
        var r = CliRunner.Run("measure", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().ToList();
        var national = rows.Where(x => x.GetProperty("group").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(["social_trust", "social_participation", "institutional_trust", "political_participation"],
            national.Take(4).Select(x => x.GetProperty("variable").GetString()).ToArray());
        Assert.Equal(4 + 23, national.Count);
        Assert.Equal(3 * (4 + 23), rows.Count - national.Count);
        foreach (var x in rows)
        {
            foreach (var f in new[] { "variable", "group", "estimate", "se", "ci_lower", "ci_upper", "n", "level", "dimension", "label_nl", "label_en", "suppressed" })
                Assert.True(x.TryGetProperty(f, out _), f);
            double est = x.GetProperty("estimate").GetDouble(), se = x.GetProperty("se").GetDouble();
            Assert.InRange(est, 0, 1);
            Approx.Equal(est - 1.959963984540054 * se, x.GetProperty("ci_lower").GetDouble(), 1e-9, "ci_lower");
        }
        var trust = national.Single(x => x.GetProperty("variable").GetString() == "trust_people");
        Assert.InRange(trust.GetProperty("estimate").GetDouble(), 0.65, 0.67);
        Assert.Equal("social_trust", trust.GetProperty("dimension").GetString());
        var low = rows.Single(x => x.GetProperty("variable").GetString() == "social_trust" && x.GetProperty("group").GetString() == "low");
        Assert.Equal("low", low.GetProperty("groups").GetProperty("education3").GetString());
        Assert.True(doc.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("Synthetic data"));
    }

    [Fact]
    public void SmallCellsAreSuppressedInJsonTableAndCsv()
    {
        // origin7 × sex with --min-n 100: the second-generation asylum cells rest on fewer than 100 respondents
        var r = CliRunner.Run("measure", "--by", "origin7,sex", "--min-n", "100", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().ToList();
        var suppressed = rows.Where(x => x.GetProperty("suppressed").GetBoolean()).ToList();
        Assert.NotEmpty(suppressed);
        Assert.All(suppressed, x =>
        {
            Assert.True(x.GetProperty("n").GetInt32() < 100);
            foreach (var f in new[] { "estimate", "se", "ci_lower", "ci_upper" }) Assert.Equal(JsonValueKind.Null, x.GetProperty(f).ValueKind);
        });
        Assert.All(rows.Where(x => !x.GetProperty("suppressed").GetBoolean()), x => Assert.True(x.GetProperty("n").GetInt32() >= 100));
        Assert.Equal(100, doc.RootElement.GetProperty("min_n").GetInt32());

        var table = CliRunner.Run("measure", "--by", "origin7,sex", "--min-n", "100");
        Assert.Contains("✕ <100", table.Out);
        Assert.Contains("minder dan 100 respondenten / suppressed, fewer than 100 respondents", table.Out);

        var csv = CliRunner.Run("measure", "--by", "origin7,sex", "--min-n", "100", "--format", "csv");
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("variable,level,dimension,label_nl,label_en,group,estimate,se,ci_lower,ci_upper,n,deff,suppressed,note", lines[0]);
        Assert.Contains(lines, l => l.Contains(",,,,") && l.Contains(",true"));
    }

    [Fact]
    public void DefaultThresholdIsTen()
    {
        var r = CliRunner.Run("measure", "--by", "origin,generation,sex", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().ToList();
        Assert.All(rows, x => Assert.Equal(x.GetProperty("n").GetInt32() < 10, x.GetProperty("suppressed").GetBoolean()));
        Assert.Equal(10, doc.RootElement.GetProperty("min_n").GetInt32());
    }

    [Fact]
    public void VuPanelRunsByFrameworkNameAndSaysItIsUnweighted()
    {
        var r = CliRunner.Run("measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "education", "--indicators");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Institutioneel vertrouwen", r.Out);
        Assert.Contains("Vertrouwen in de Tweede Kamer", r.Out);
        Assert.Contains("equal weights (unweighted)", r.Out);
        Assert.Contains("hbo, wo-bachelor / bachelor", r.Out);
        Assert.DoesNotContain("Synthetic data", r.Out);
        // education 1 has 14 respondents (shown), education 999 has 2 (suppressed)
        Assert.Contains("✕ <10", r.Out);
    }

    [Fact]
    public void OutWritesTheFileWholeAndNothingOnError()
    {
        var dir = Paths.TempDir();
        var file = Path.Combine(dir, "m.json");
        var ok = CliRunner.Run("measure", "--format", "json", "--out", file);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("", ok.Out);
        using (var doc = JsonDocument.Parse(File.ReadAllText(file))) Assert.True(doc.RootElement.GetProperty("estimates").GetArrayLength() > 0);
        var bad = Path.Combine(dir, "bad.json");
        var fail = CliRunner.Run("measure", "--by", "no_such_column", "--format", "json", "--out", bad);
        Assert.Equal(1, fail.ExitCode);
        Assert.False(File.Exists(bad));
        Assert.Empty(Directory.GetFiles(dir).Where(f => f != file));
    }

    [Fact]
    public void ErrorsNameFileColumnAndRow()
    {
        var missingBy = CliRunner.Run("measure", "--by", "no_such_column");
        Assert.Equal(1, missingBy.ExitCode);
        Assert.Contains("column 'no_such_column'", missingBy.Err);
        Assert.StartsWith("error: ", missingBy.Err);

        var missingData = CliRunner.Run("measure", "--data", "/no/such/file.csv");
        Assert.Equal(1, missingData.ExitCode);
        Assert.Contains("/no/such/file.csv", missingData.Err);

        var dir = Paths.TempDir();
        var fw = Path.Combine(dir, "fw.json");
        File.WriteAllText(fw, """{"dimensions":[{"id":"social_trust","label_nl":"a","label_en":"b","axis":"sideways","kind":"attitude"}],"indicators":[]}""");
        var badFw = CliRunner.Run("measure", "--framework", fw);
        Assert.Equal(1, badFw.ExitCode);
        Assert.Contains("fw.json: dimensions[0] (\"social_trust\").axis: must be 'horizontal' or 'vertical'", badFw.Err);

        // a user's file: negative weight → file, column and row
        var data = Path.Combine(dir, "survey.csv");
        File.WriteAllText(data, "w,q\n1,1\n2,2\n-1,1\n");
        var fw2 = Path.Combine(dir, "fw2.json");
        File.WriteAllText(fw2, """{"dimensions":[{"id":"social_trust","label_nl":"a","label_en":"b","axis":"horizontal","kind":"attitude"}],"indicators":[{"id":"t","column":"q","dimension":"social_trust","recode":"in [1]","label_nl":"a","label_en":"b"}]}""");
        var negative = CliRunner.Run("measure", "--data", data, "--framework", fw2, "--weight", "w");
        Assert.Equal(1, negative.ExitCode);
        Assert.Contains("survey.csv, column 'w', row 3", negative.Err);

        // the framework's design names a column the user's file lacks
        var noDesign = CliRunner.Run("measure", "--data", data);
        Assert.Equal(1, noDesign.ExitCode);
        Assert.Contains("survey.csv", noDesign.Err);

        var badMinN = CliRunner.Run("measure", "--min-n", "-1");
        Assert.Equal(2, badMinN.ExitCode);
    }

    /// <summary>measure arguments for a small user survey (columns w, s, c, q) with a one-indicator YAML framework.</summary>
    private static string[] UserSurveyArgs(string csv)
    {
        var dir = Paths.TempDir();
        var data = Path.Combine(dir, "s.csv");
        File.WriteAllText(data, csv);
        var fw = Path.Combine(dir, "fw.yaml");
        File.WriteAllText(fw, """
            dimensions:
              - {id: social_trust, label_nl: a, label_en: b, axis: horizontal, kind: attitude}
            indicators:
              - {id: t, column: q, dimension: social_trust, recode: "in [1]", label_nl: a, label_en: b}
            """);
        return ["measure", "--data", data, "--framework", fw, "--weight", "w", "--strata", "s", "--cluster", "c", "--min-n", "0", "--format", "json"];
    }

    [Fact]
    public void UserDesignOptionsOverrideTheFramework()
    {
        var r = CliRunner.Run(UserSurveyArgs("w,s,c,q\n1,a,1,1\n2,a,1,2\n1,a,2,1\n3,a,2,1\n1,b,3,2\n1,b,3,1\n2,b,4,2\n2,b,4,2\n"));
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var t = doc.RootElement.GetProperty("estimates").EnumerateArray().Single(x => x.GetProperty("variable").GetString() == "t");
        // weighted share: (1 + 1 + 3 + 1) / 13
        Approx.Equal(6.0 / 13, t.GetProperty("estimate").GetDouble(), 1e-12);
        Assert.Contains("clusters 'c'", doc.RootElement.GetProperty("design").GetString());
    }

    [Fact]
    public void LonelyPsuFailsByDefaultAndFollowsTheOption()
    {
        // stratum b has a single PSU
        var args = UserSurveyArgs("w,s,c,q\n1,a,1,1\n2,a,1,2\n1,a,2,1\n3,a,2,1\n1,b,3,2\n1,b,3,1\n");
        var fail = CliRunner.Run(args);
        Assert.Equal(1, fail.ExitCode);
        Assert.Contains("s.csv", fail.Err);
        var ok = CliRunner.Run([.. args, "--lonely-psu", "certainty"]);
        Assert.Equal(0, ok.ExitCode);
    }

    [Fact]
    public void LevelSetsTheConfidenceInterval()
    {
        var r = CliRunner.Run("measure", "--level", "0.9", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var x = doc.RootElement.GetProperty("estimates")[0];
        Approx.Equal(x.GetProperty("estimate").GetDouble() + 1.6448536269514722 * x.GetProperty("se").GetDouble(), x.GetProperty("ci_upper").GetDouble(), 1e-9);
        Assert.Contains("90% BI/CI", CliRunner.Run("measure", "--level", "0.9").Out);
    }

    [Fact]
    public void LogitIntervalsStayInsideTheUnitInterval()
    {
        // the VU panel's small "unknown" origin group has a Wald interval above 100% for voting
        var wald = CliRunner.Run("measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "ethnicity", "--format", "json");
        var logit = CliRunner.Run("measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "ethnicity", "--format", "json", "--ci", "logit");
        Assert.Equal(0, logit.ExitCode);
        using var w = JsonDocument.Parse(wald.Out);
        using var l = JsonDocument.Parse(logit.Out);
        static IEnumerable<JsonElement> Shown(JsonDocument d) => d.RootElement.GetProperty("estimates").EnumerateArray().Where(x => !x.GetProperty("suppressed").GetBoolean());
        Assert.Contains(Shown(w), x => x.GetProperty("ci_upper").GetDouble() > 1);
        Assert.All(Shown(l), x =>
        {
            Assert.InRange(x.GetProperty("ci_lower").GetDouble(), 0, x.GetProperty("estimate").GetDouble());
            Assert.InRange(x.GetProperty("ci_upper").GetDouble(), x.GetProperty("estimate").GetDouble(), 1);
        });
        Assert.Contains("logit (svyciprop)", l.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).First(n => n!.StartsWith("Design")));
    }

    [Fact]
    public void BootstrapReplicatesAreReproducibleFromTheSeed()
    {
        string[] args = ["measure", "--replicates", "bootstrap", "--bootstrap-replicates", "20", "--seed", "7", "--format", "json"];
        var a = CliRunner.Run(args);
        var b = CliRunner.Run(args);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Out, b.Out);
        using var doc = JsonDocument.Parse(a.Out);
        Assert.Contains("Bootstrap replicate weights", doc.RootElement.GetProperty("design").GetString());
        var taylor = JsonDocument.Parse(CliRunner.Run("measure", "--format", "json").Out);
        double seBoot = doc.RootElement.GetProperty("estimates")[0].GetProperty("se").GetDouble();
        double seTaylor = taylor.RootElement.GetProperty("estimates")[0].GetProperty("se").GetDouble();
        Assert.NotEqual(seTaylor, seBoot);
        Assert.InRange(seBoot / seTaylor, 0.5, 2.0);
    }

    [Fact]
    public void SameInputSameBytes()
    {
        var a = CliRunner.Run("measure", "--by", "origin7", "--format", "json");
        var b = CliRunner.Run("measure", "--by", "origin7", "--format", "json");
        Assert.Equal(a.Out, b.Out);
    }

    [Fact]
    public void VuJsonSuppressesTheTwoDontKnowEducationRespondents()
    {
        var r = CliRunner.Run("measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "education", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().Where(x => x.GetProperty("group").ValueKind != JsonValueKind.Null).ToList();
        Assert.All(rows.Where(x => x.GetProperty("group").GetString() == "999"), x =>
        {
            Assert.True(x.GetProperty("suppressed").GetBoolean());
            Assert.Equal(JsonValueKind.Null, x.GetProperty("estimate").ValueKind);
        });
        Assert.All(rows.Where(x => x.GetProperty("group").GetString() == "1"), x => Assert.False(x.GetProperty("suppressed").GetBoolean()));
        Assert.False(doc.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Contains("equal weights", doc.RootElement.GetProperty("design").GetString());
    }

    [Fact]
    public void HelpHasAnExample()
    {
        var r = CliRunner.Run("measure", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: cohesion measure", r.Out);
        Assert.Contains("--min-n", r.Out);
    }
}
