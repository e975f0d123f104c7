using System.Text.Json;
using System.Xml.Linq;
using Cohesion.Meta;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Meta;

/// <summary>The <c>cohesion meta</c> contract: JSON fields, values against metafor, errors and exit codes, plots, default.</summary>
public class MetaCliTests
{
    private static JsonElement RunJson(params string[] args)
    {
        var r = CliRunner.Run(["meta", .. args, "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Json_contract_matches_metafor_for_bcg()
    {
        var fx = new MetaFixture("shared", "meta_bcg.json");
        var j = RunJson("--data", Paths.Fixture("shared", "meta_bcg.csv"), "--yi", "yi", "--vi", "vi", "--bias", "--permutations", "200", "--seed", "7");
        foreach (var f in new[] { "k", "method", "test", "coefficients", "tau2", "tau2_ci", "sigma2", "I2", "H2", "Q", "Q_df", "Q_p", "pi_lower", "pi_upper", "egger", "trimfill", "permutation", "converged" })
            Assert.True(j.TryGetProperty(f, out _), $"missing field {f}");
        Assert.Equal(13, j.GetProperty("k").GetInt32());
        Assert.Equal("REML", j.GetProperty("method").GetString());
        Assert.Equal("z", j.GetProperty("test").GetString());
        var e = fx["REML_z"];
        var c = j.GetProperty("coefficients")[0];
        Assert.Equal("intrcpt", c.GetProperty("term").GetString());
        foreach (var f in new[] { "estimate", "se", "statistic", "p", "ci_lower", "ci_upper" })
            Approx.Equal(e.GetProperty("coefficients")[0].GetProperty(f).GetDouble(), c.GetProperty(f).GetDouble(), 1e-6, f);
        Approx.Equal(e.GetProperty("tau2").GetDouble(), j.GetProperty("tau2").GetDouble(), 1e-6, "tau2");
        Approx.Equal(e.GetProperty("I2").GetDouble(), j.GetProperty("I2").GetDouble(), 1e-6, "I2");
        Approx.Equal(e.GetProperty("pi").GetProperty("pi_lower").GetDouble(), j.GetProperty("pi_lower").GetDouble(), 1e-6, "pi_lower");
        Approx.Equal(fx["REML_tau2_ci_qprofile"].GetProperty("lower").GetDouble(), j.GetProperty("tau2_ci")[0].GetDouble(), 1e-6, "tau2_ci");
        Approx.Equal(fx["egger"].GetProperty("z").GetDouble(), j.GetProperty("egger").GetProperty("z").GetDouble(), 1e-6, "egger z");
        Assert.Equal(fx["trimfill"].GetProperty("k0").GetInt32(), j.GetProperty("trimfill").GetProperty("k0").GetInt32());
        Assert.Equal("right", j.GetProperty("trimfill").GetProperty("side").GetString());
        var perm = j.GetProperty("permutation");
        Assert.Equal(200, perm.GetProperty("iterations").GetInt32());
        Assert.Equal(1, perm.GetProperty("p").GetArrayLength());
        Assert.True(j.GetProperty("converged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("sigma2").ValueKind);
        // same seed, same output
        var again = RunJson("--data", Paths.Fixture("shared", "meta_bcg.csv"), "--yi", "yi", "--vi", "vi", "--bias", "--permutations", "200", "--seed", "7");
        Assert.Equal(perm.GetProperty("p")[0].GetDouble(), again.GetProperty("permutation").GetProperty("p")[0].GetDouble());
    }

    [Fact]
    public void Json_three_level_with_cr2()
    {
        var fx = new MetaFixture("shared", "meta_konstantopoulos2011.json");
        var j = RunJson("--data", Paths.Fixture("shared", "meta_konstantopoulos2011.csv"), "--yi", "yi", "--vi", "vi",
            "--random", "~ 1 | district/school", "--robust", "district", "--cr2");
        var s = j.GetProperty("sigma2");
        Assert.Equal(2, s.GetArrayLength());
        Approx.Equal(fx["ml_REML"].GetProperty("sigma2")[0].GetDouble(), s[0].GetDouble(), 1e-6, "sigma2 district");
        Approx.Equal(fx["ml_REML"].GetProperty("sigma2")[1].GetDouble(), s[1].GetDouble(), 1e-6, "sigma2 school");
        var rb = j.GetProperty("robust");
        var e = fx["ml_REML_robust_cr2"];
        Approx.Equal(e.GetProperty("se").GetDouble(), rb.GetProperty("se").GetDouble(), 1e-6, "robust se");
        Approx.Equal(e.GetProperty("df").GetDouble(), rb.GetProperty("df").GetDouble(), 1e-6, "robust df");
        Approx.Equal(e.GetProperty("p").GetDouble(), rb.GetProperty("p").GetDouble(), 1e-6, "robust p");
        Assert.False(j.TryGetProperty("egger", out _));
        Assert.False(j.TryGetProperty("permutation", out _));
    }

    [Fact]
    public void Measure_from_raw_columns_with_moderator_names_as_metafor()
    {
        var j = RunJson("--data", Paths.Fixture("shared", "meta_bcg.csv"), "--measure", "RR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos", "--di", "cneg",
            "--mods", "~ ablat + factor(alloc)", "--method", "DL", "--test", "knha");
        var terms = j.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("term").GetString()).ToArray();
        Assert.Equal(["intrcpt", "ablat", "factor(alloc)random", "factor(alloc)systematic"], terms);
        Assert.Equal("knha", j.GetProperty("test").GetString());
    }

    [Fact]
    public void Real_data_raudenbush_reference_result()
    {
        var dir = Paths.RealData("meta-analysis-raudenbush1985");
        // whitespace-separated original; convert to CSV for the loader
        var lines = File.ReadAllLines(Path.Combine(dir, "dat.raudenbush1985.txt"));
        var tmp = Path.Combine(Paths.TempDir(), "raud.csv");
        File.WriteAllLines(tmp, lines.Select(ToCsv));
        var j = RunJson("--data", tmp, "--yi", "yi", "--vi", "vi");
        var c = j.GetProperty("coefficients")[0];
        // SOURCE.md: estimate 0.0837, SE 0.0516, tau^2 = 0.0188, I^2 = 41.86%, Q(18) = 35.83
        Assert.Equal(0.0837, Math.Round(c.GetProperty("estimate").GetDouble(), 4));
        Assert.Equal(0.0516, Math.Round(c.GetProperty("se").GetDouble(), 4));
        Assert.Equal(0.0188, Math.Round(j.GetProperty("tau2").GetDouble(), 4));
        Assert.Equal(41.86, Math.Round(j.GetProperty("I2").GetDouble(), 2));
        Assert.Equal(35.83, Math.Round(j.GetProperty("Q").GetDouble(), 2));
        Assert.Equal(18, j.GetProperty("Q_df").GetInt32());
    }

    private static string ToCsv(string line)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i])) { i++; continue; }
            if (line[i] == '"') { int e = line.IndexOf('"', i + 1); parts.Add(line[i..(e + 1)]); i = e + 1; }
            else { int e = i; while (e < line.Length && !char.IsWhiteSpace(line[e])) e++; parts.Add(line[i..e]); i = e; }
        }
        return string.Join(",", parts);
    }

    private static string WriteCsv(string text)
    {
        var p = Path.Combine(Paths.TempDir(), "d.csv");
        File.WriteAllText(p, text);
        return p;
    }

    [Theory]
    [InlineData("yi,vi\n0.1,0.02\n", "at least two")]
    [InlineData("yi,vi\n0.1,0.02\n0.3,-0.01\n0.2,0.03\n", "row 2")]
    [InlineData("yi,vi\n0.1,0.02\n0.3,0\n0.2,0.03\n", "column 'vi'")]
    public void Bad_input_exits_with_1_and_names_the_place(string csv, string expected)
    {
        var r = CliRunner.Run("meta", "--data", WriteCsv(csv), "--yi", "yi", "--vi", "vi");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.StartsWith("error: ", r.Err);
    }

    [Fact]
    public void Constant_and_collinear_moderators_are_errors()
    {
        var path = WriteCsv("yi,vi,x,c,x2\n0.1,0.02,1,5,2\n0.3,0.01,2,5,4\n0.2,0.03,3,5,6\n0.5,0.02,4,5,8\n0.0,0.04,5,5,10\n");
        var r = CliRunner.Run("meta", "--data", path, "--yi", "yi", "--vi", "vi", "--mods", "~ c");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("constant", r.Err);
        r = CliRunner.Run("meta", "--data", path, "--yi", "yi", "--vi", "vi", "--mods", "~ x + x2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("collinear", r.Err);
    }

    [Fact]
    public void Missing_values_are_dropped_with_a_note()
    {
        var path = WriteCsv("yi,vi,x\n0.1,0.02,1\n0.3,,2\n0.2,0.03,\n0.5,0.02,4\n0.0,0.04,5\n0.4,0.01,3\n");
        var j = RunJson("--data", path, "--yi", "yi", "--vi", "vi", "--mods", "~ x");
        Assert.Equal(4, j.GetProperty("k").GetInt32());
        Assert.Contains("2 row(s) with missing values omitted", j.GetProperty("notes")[0].GetString());
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var path = WriteCsv("yi,vi\n0.1,0.02\n0.3,0.01\n");
        Assert.Equal(2, CliRunner.Run("meta", "--data", path, "--yi", "yi").ExitCode);
        Assert.Equal(2, CliRunner.Run("meta", "--data", path, "--yi", "yi", "--vi", "vi", "--cr2").ExitCode);
        Assert.Equal(1, CliRunner.Run("meta", "--data", path, "--yi", "yi", "--vi", "vi", "--method", "XX").ExitCode);
    }

    [Fact]
    public void Default_runs_the_synthetic_three_level_model_and_writes_the_forest_plot()
    {
        var dir = Paths.TempDir();
        var forest = Path.Combine(dir, "forest.svg");
        var r = CliRunner.Run("meta", "--forest", forest);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("SYNTHETIC", r.Out);
        Assert.Contains("Multivariate Meta-Analysis Model", r.Out);
        Assert.Contains("domainschool", r.Out);
        Assert.Contains("domainwork", r.Out);
        Assert.Contains(forest, r.Out);
        var svg = XDocument.Load(forest);
        Assert.Contains("SYNTHETIC", svg.ToString());
        // recovered parameters near the generating model (neighbourhood mean -0.06 - measure shifts; school, work less negative)
        var j = RunJson("--forest", forest);
        var co = j.GetProperty("coefficients");
        Assert.InRange(co[0].GetProperty("estimate").GetDouble(), -0.09, -0.04);
        Assert.True(co[1].GetProperty("estimate").GetDouble() > 0);
        Assert.True(co[2].GetProperty("estimate").GetDouble() > 0);
        Assert.True(j.GetProperty("synthetic").GetBoolean());
        Assert.Equal(2, j.GetProperty("sigma2").GetArrayLength());
    }

    [Fact]
    public void Synthetic_file_is_what_the_generator_makes()
    {
        var shipped = File.ReadAllText(Path.Combine(Paths.RepoRoot, "data", "meta", "synthetic_studies.csv"));
        Assert.Equal(SyntheticStudies.GenerateCsv(), shipped);
        var rows = shipped.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.InRange(rows, 400, 700);
        Assert.Equal(SyntheticStudies.GenerateCsv(5), SyntheticStudies.GenerateCsv(5));
    }

    [Fact]
    public void Forest_and_funnel_plots_are_valid_svg()
    {
        var dir = Paths.TempDir();
        string forest = Path.Combine(dir, "f.svg"), funnel = Path.Combine(dir, "u.svg");
        var r = CliRunner.Run("meta", "--data", Paths.Fixture("shared", "meta_bcg.csv"), "--yi", "yi", "--vi", "vi", "--bias", "--forest", forest, "--funnel", funnel);
        Assert.True(r.ExitCode == 0, r.Err);
        var f = XDocument.Load(forest);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(13, f.Descendants(ns + "rect").Count() - 1); // background + one square per study
        Assert.Contains("Aronson, 1948", f.ToString());
        Assert.Contains("RE model (REML)", f.ToString());
        var u = XDocument.Load(funnel);
        // 13 studies plus the filled ones as open circles
        int filled = u.Descendants(ns + "circle").Count(c => (string?)c.Attribute("fill") == "white" && c.Parent?.Name == ns + "g");
        Assert.True(filled > 0);
        Assert.Equal(13, u.Descendants(ns + "circle").Count(c => (string?)c.Attribute("fill") == "black" && c.Parent?.Name == ns + "g"));
    }

    [Fact]
    public void Png_output_when_the_file_ends_in_png()
    {
        var png = Path.Combine(Paths.TempDir(), "forest.png");
        var r = CliRunner.Run("meta", "--data", Paths.Fixture("shared", "meta_bcg.csv"), "--yi", "yi", "--vi", "vi", "--forest", png);
        Assert.True(r.ExitCode == 0, r.Err);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }

    [Fact]
    public void Two_by_two_tables_from_events_and_group_sizes_as_metafor()
    {
        // nielweise2007 has ai, n1i, ci, n2i (and bi, di derived by the fixture script); both spellings give metafor's OR
        var (s, e, csv) = MetaforCaseTests.Load("nielweise2007", 0);
        Assert.Equal("OR", s.GetProperty("measure").GetString());
        var j = RunJson("--data", csv, "--measure", "OR", "--ai", "ai", "--n1i", "n1i", "--ci", "ci", "--n2i", "n2i");
        Approx.Equal(e.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble(), j.GetProperty("coefficients")[0].GetProperty("estimate").GetDouble(), 1e-6, "OR estimate");
    }
}
