using System.Text.Json;
using Cohesion.Data;
using Cohesion.Neighbourhoods;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Compare;

/// <summary><c>cohesion compare</c> as a user (and the issue's checks) call it: the JSON contract of both modes, the
/// R-equality of the --data path through the CLI, and bad input (clear message, non-zero exit, nothing written).</summary>
public class CompareCommandTests
{
    private static string R9 => Paths.Fixture("compare", "ess_synthetic_r9.csv");

    [Fact]
    public void BuiltInJsonFollowsTheContract()
    {
        var r = CliRunner.Run("compare", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("NL", root.GetProperty("reference").GetString());
        var countries = root.GetProperty("countries").EnumerateArray().ToList();
        Assert.True(countries.Count > 700);
        foreach (var field in new[] { "country", "measure", "year", "value", "rank", "n_countries", "source" })
            Assert.All(countries, c => Assert.True(c.TryGetProperty(field, out _), field));
        var nlPoliticians = countries.Single(c => c.GetProperty("country").GetString() == "NL" && c.GetProperty("measure").GetString() == "mean_trust_politicians_ess");
        Assert.Equal(5.4, nlPoliticians.GetProperty("value").GetDouble());
        Assert.Equal(1, nlPoliticians.GetProperty("rank").GetInt32());
        Assert.Equal(17, nlPoliticians.GetProperty("n_countries").GetInt32());
        Assert.Equal("real", nlPoliticians.GetProperty("provenance").GetString());
        var notes = root.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("0-10") && n.Contains("shares"));
        Assert.Contains(notes, n => n.Contains("not the CBS SSW yes/no item"));
        Assert.Contains(notes, n => n.Contains("third definition"));
        Assert.Contains(notes, n => n.Contains("has no value for Trust in the European Parliament"));
        Assert.All(root.GetProperty("summary").EnumerateArray(), s => Assert.Equal("derived", s.GetProperty("provenance").GetString()));
    }

    [Fact]
    public void BuiltInTableAndCsvCarryTheCaveats()
    {
        var t = CliRunner.Run("compare");
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("Nederland in Europa", t.Out);
        Assert.Contains("not the CBS SSW yes/no item", t.Out);
        Assert.Contains("Ontbreekt voor Nederland", t.Out);
        var csv = CliRunner.Run("compare", "--format", "csv", "--measure", "trust_most_people_evs");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("country,measure,year,value,rank,n_countries,source", lines[0]);
        Assert.Equal(1 + 158, lines.Length);
        var list = CliRunner.Run("compare", "--measure", "mean_trust_parties_ess");
        Assert.Contains("Denemarken / Denmark (DK)", list.Out);
    }

    [Fact]
    public void UnknownReferenceFailsAndWritesNothing()
    {
        var dir = Paths.TempDir();
        var out1 = Path.Combine(dir, "a.json");
        var r = CliRunner.Run("compare", "--reference", "XX", "--format", "json", "--out", out1);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--reference 'XX'", r.Err);
        Assert.False(File.Exists(out1));
        var out2 = Path.Combine(dir, "b.json");
        var d = CliRunner.Run("compare", "--data", R9, "--country", "cntry", "--var", "ppltrst", "--weight", "anweight", "--reference", "XX", "--format", "json", "--out", out2);
        Assert.Equal(1, d.ExitCode);
        Assert.Contains("column 'cntry'", d.Err);
        Assert.Contains("--reference 'XX'", d.Err);
        Assert.False(File.Exists(out2));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void DataJsonEqualsRThroughTheCli()
    {
        var r = CliRunner.Run("compare", "--data", R9, "--country", "cntry", "--var", "ppltrst,institutional_trust,agea", "--weight", "anweight",
            "--strata", "stratum", "--cluster", "psu", "--reference", "NL", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("synthetic", root.GetProperty("provenance").GetString());
        using var refDoc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("compare", "compare_reference.json")));
        var expected = refDoc.RootElement.GetProperty("results").GetProperty("r9_full").GetProperty("variables");
        int n = 0;
        foreach (var v in new[] { "ppltrst", "institutional_trust", "agea" })
        {
            var e = expected.GetProperty(v);
            var countries = e.GetProperty("countries").EnumerateArray().Select(x => x.GetString()).ToList();
            var est = root.GetProperty("estimates").EnumerateArray().Where(x => x.GetProperty("variable").GetString() == v).ToList();
            for (int i = 0; i < countries.Count; i++)
            {
                Assert.Equal(countries[i], est[i].GetProperty("country").GetString());
                Approx.Equal(e.GetProperty("estimate")[i].GetDouble(), est[i].GetProperty("estimate").GetDouble(), 1e-9);
                Approx.Equal(e.GetProperty("se")[i].GetDouble(), est[i].GetProperty("se").GetDouble(), 1e-8);
                Assert.Equal(e.GetProperty("n")[i].GetDouble(), est[i].GetProperty("n").GetDouble());
                n++;
            }
            var diffs = root.GetProperty("differences").EnumerateArray().Where(x => x.GetProperty("variable").GetString() == v).ToList();
            Assert.Equal(countries.Count - 1, diffs.Count);
            for (int i = 0; i < diffs.Count; i++)
            {
                Assert.Equal(e.GetProperty("diff_countries")[i].GetString(), diffs[i].GetProperty("country").GetString());
                Approx.Equal(e.GetProperty("difference")[i].GetDouble(), diffs[i].GetProperty("difference").GetDouble(), 1e-9);
                Approx.Equal(e.GetProperty("diff_se")[i].GetDouble(), diffs[i].GetProperty("se").GetDouble(), 1e-8);
                Approx.Equal(e.GetProperty("p")[i].GetDouble(), diffs[i].GetProperty("p").GetDouble(), 1e-6);
            }
        }
        Assert.Equal(21, n);
    }

    private static string Modified(Action<Cohesion.Statistics.Data.DataFrame> change)
    {
        var f = DatasetLoader.Load(R9);
        change(f);
        var path = Path.Combine(Paths.TempDir(), "ess.csv");
        FrameCsv.Write(path, f);
        return path;
    }

    [Fact]
    public void ACountryWithOnePsuFailsNamingItAndWritesNothing()
    {
        var path = Modified(f =>
        {
            var c = f.Categorical("cntry");
            var psu = f.Numeric("psu").Values;
            int si = Array.IndexOf(c.Levels, "SI");
            double one = psu[Array.IndexOf(c.Codes, si)];
            for (int i = 0; i < psu.Length; i++) if (c.Codes[i] == si) psu[i] = one;
        });
        var outFile = Path.Combine(Path.GetDirectoryName(path)!, "out.json");
        var r = CliRunner.Run("compare", "--data", path, "--country", "cntry", "--var", "ppltrst", "--weight", "anweight", "--cluster", "psu", "--format", "json", "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("country 'SI' has only one PSU", r.Err);
        Assert.Contains("column 'psu'", r.Err);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void EssMissingCodesLeftInFailNamingColumnAndValue()
    {
        var outFile = Path.Combine(Paths.TempDir(), "out.json");
        var r = CliRunner.Run("compare", "--data", R9, "--country", "cntry", "--var", "hinctnta", "--weight", "anweight", "--format", "json", "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 'hinctnta'", r.Err);
        Assert.Contains("ESS missing code left in", r.Err);
        Assert.Matches(@"value (77|88)", r.Err);
        Assert.False(File.Exists(outFile));
        // an undeclared code in a framework item
        var path = Modified(f => f.Numeric("ppltrst").Values[9] = 66);
        var r2 = CliRunner.Run("compare", "--data", path, "--var", "social_trust", "--weight", "anweight");
        Assert.Equal(1, r2.ExitCode);
        Assert.Contains("column 'ppltrst', row 10", r2.Err);
        Assert.Contains("value 66", r2.Err);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(2, CliRunner.Run("compare", "--var", "ppltrst").ExitCode);
        Assert.Equal(2, CliRunner.Run("compare", "--data", R9).ExitCode);
        Assert.Equal(2, CliRunner.Run("compare", "--data", R9, "--var", "ppltrst", "--measure", "x").ExitCode);
    }

    [Fact]
    public void MeasureWithTheEssFrameworkByCountryRuns()
    {
        var r = CliRunner.Run("measure", "--data", R9, "--framework", "ess", "--by", "cntry", "--format", "json", "--min-n", "0");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var rows = doc.RootElement.GetProperty("estimates").EnumerateArray().ToList();
        Assert.Equal(22 * 8, rows.Count);
        Assert.True(doc.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Contains(rows, x => x.GetProperty("variable").GetString() == "trstprl" && x.GetProperty("group").GetString() == "NL");
    }

    [Fact]
    public void SuppliedReplicateWeightsThroughTheCliEqualRSvrepdesign()
    {
        var file = Paths.Fixture("compare", "ess_synthetic_r9_repweights.csv");
        var r = CliRunner.Run("compare", "--data", file, "--country", "cntry", "--var", "ppltrst,social_trust", "--weight", "anweight",
            "--repweights", "^repb_[0-9]+", "--repweights-type", "bootstrap", "--mse", "--reference", "DE", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        using var refDoc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("compare", "compare_reference.json")));
        var expected = refDoc.RootElement.GetProperty("results").GetProperty("r9_repweights_bootstrap_mse").GetProperty("variables");
        foreach (var v in new[] { "ppltrst", "social_trust" })
        {
            var e = expected.GetProperty(v);
            var est = root.GetProperty("estimates").EnumerateArray().Where(x => x.GetProperty("variable").GetString() == v).ToList();
            for (int i = 0; i < est.Count; i++)
                Approx.Equal(e.GetProperty("se")[i].GetDouble(), est[i].GetProperty("se").GetDouble(), 1e-8);
            var diffs = root.GetProperty("differences").EnumerateArray().Where(x => x.GetProperty("variable").GetString() == v).ToList();
            Assert.Equal(6, diffs.Count);
            for (int i = 0; i < diffs.Count; i++)
                Approx.Equal(e.GetProperty("diff_se")[i].GetDouble(), diffs[i].GetProperty("se").GetDouble(), 1e-8);
        }
        Assert.Contains("svrepdesign(repweights='^repb_[0-9]+'", root.GetProperty("design").GetString());

        // the supplied weights carry the design: --strata beside them, --mse or --rscales without them, are usage errors
        var both = CliRunner.Run("compare", "--data", file, "--var", "ppltrst", "--weight", "anweight", "--strata", "essround",
            "--repweights", "^repb_", "--repweights-type", "bootstrap", "--format", "json");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--repweights replaces --strata", both.Err);
        var mseAlone = CliRunner.Run("compare", "--data", file, "--var", "ppltrst", "--weight", "anweight", "--mse", "--format", "json");
        Assert.Equal(2, mseAlone.ExitCode);
        Assert.Contains("--mse", mseAlone.Err);
        var builtIn = CliRunner.Run("compare", "--rscales", "0.5,0.5");
        Assert.Equal(2, builtIn.ExitCode);
        Assert.Contains("--rscales", builtIn.Err);
        var noMatch = CliRunner.Run("compare", "--data", file, "--var", "ppltrst", "--weight", "anweight", "--repweights", "^nothing_", "--repweights-type", "JK1", "--format", "json");
        Assert.Equal(1, noMatch.ExitCode);
        Assert.Contains("matches no column", noMatch.Err);
    }
}
