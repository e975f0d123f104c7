using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Meta;

/// <summary>
/// The command-line contract of issue 20, end to end: every case of Fixtures/meta_depth run as
/// <c>cohesion meta ... --format json</c> with metafor's flag names, the JSON fields compared with metafor
/// (cmh, tarone, tau2/rho per struct, QM{statistic, df1, df2, p, coefficients}, ddf, profile, leave1out, influence).
/// </summary>
public class MetaDepthCliTests
{
    private const double Tol = 1e-6;

    public static TheoryData<string, int> Cases() => MetaDepthTests.Cases();

    internal static string[] Args(JsonElement spec, string csv)
    {
        var args = new List<string> { "meta", "--data", csv, "--format", "json" };
        foreach (var p in spec.EnumerateObject())
        {
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.True: args.Add("--" + p.Name); break;
                case JsonValueKind.False: break;
                case JsonValueKind.Number: args.Add("--" + p.Name); args.Add(p.Value.GetRawText()); break;
                default:
                    args.Add("--" + p.Name);
                    args.Add(p.Name == "V" ? Paths.Fixture("meta_depth", p.Value.GetString()!) : p.Value.GetString()!);
                    break;
            }
        }
        return args.ToArray();
    }

    private static double Num(JsonElement e) => MetaDepthTests.Num(e);
    private static double[] Arr(JsonElement e) => MetaDepthTests.Arr(e);
    private static void Close(double expected, double actual, string what) => MetaFixture.AssertClose(expected, actual, Tol, what);

    private static void CloseValues(JsonElement expected, JsonElement actual, string what)
    {
        var e = Arr(expected); var a = Arr(actual);
        Assert.True(e.Length == a.Length, $"{what}: {e.Length} values expected, {a.Length} written");
        // a vector of length one is written as a number, as jsonlite's auto_unbox
        Assert.True(e.Length != 1 || actual.ValueKind != JsonValueKind.Array, $"{what}: a single value is written as a number");
        for (int i = 0; i < e.Length; i++) Close(e[i], a[i], $"{what}[{i}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cli_json_matches_metafor(string file, int index)
    {
        var (s, e, csv) = MetaDepthTests.Load(file, index);
        var run = CliRunner.Run(Args(s, csv));
        Assert.True(run.ExitCode == 0, $"{file}#{index}: exit {run.ExitCode}: {run.Err}");
        using var doc = JsonDocument.Parse(run.Out);
        var j = doc.RootElement;
        string what = $"{file}#{index} (cli)";
        Assert.Equal(e.GetProperty("k").GetInt32(), j.GetProperty("k").GetInt32());
        var ec = e.GetProperty("coefficients"); var jc = j.GetProperty("coefficients");
        Assert.Equal(ec.GetArrayLength(), jc.GetArrayLength());
        for (int i = 0; i < ec.GetArrayLength(); i++)
        {
            Assert.Equal(ec[i].GetProperty("term").GetString(), jc[i].GetProperty("term").GetString());
            foreach (var f in new[] { "estimate", "se", "statistic", "p", "ci_lower", "ci_upper" })
                Close(Num(ec[i].GetProperty(f)), Num(jc[i].GetProperty(f)), $"{what} {ec[i].GetProperty("term").GetString()} {f}");
        }
        foreach (var f in new[] { "Q", "Q_p", "I2", "H2", "pi_lower", "pi_upper", "logLik" })
            if (e.TryGetProperty(f, out var ev)) Close(Num(ev), Num(j.GetProperty(f)), $"{what} {f}");
        Assert.Equal(e.GetProperty("Q_df").GetInt32(), j.GetProperty("Q_df").GetInt32());
        foreach (var f in new[] { "tau2", "sigma2", "rho", "gamma2", "phi", "ddf" })
            if (e.TryGetProperty(f, out var ev) && ev.ValueKind != JsonValueKind.Null)
            {
                if (f == "sigma2" || f == "ddf") { var ea = Arr(ev); var ja = Arr(j.GetProperty(f)); Assert.Equal(ea.Length, ja.Length); for (int i = 0; i < ea.Length; i++) Close(ea[i], ja[i], $"{what} {f}[{i}]"); }
                else CloseValues(ev, j.GetProperty(f), $"{what} {f}");
            }
        foreach (var f in new[] { "cmh", "tarone" })
        {
            if (!e.TryGetProperty(f, out var ev)) { Assert.False(j.TryGetProperty(f, out _) && f == "tarone" && s.GetProperty("method").GetString() == "PETO", $"{what} {f}"); continue; }
            var jv = j.GetProperty(f);
            Close(Num(ev.GetProperty("statistic")), Num(jv.GetProperty("statistic")), $"{what} {f}");
            Close(Num(ev.GetProperty("p")), Num(jv.GetProperty("p")), $"{what} {f} p");
        }
        if (e.TryGetProperty("QM", out var qm))
        {
            if (s.TryGetProperty("btt", out _))
            {
                var jq = j.GetProperty("QM");
                Assert.Equal(JsonValueKind.Object, jq.ValueKind);
                foreach (var f in new[] { "statistic", "df1", "df2", "p" }) Close(Num(qm.GetProperty(f)), Num(jq.GetProperty(f)), $"{what} QM {f}");
                Assert.Equal(qm.GetProperty("coefficients").EnumerateArray().Select(x => x.GetInt32()), jq.GetProperty("coefficients").EnumerateArray().Select(x => x.GetInt32()));
            }
            else if (ec.GetArrayLength() > 1)
            {
                Close(Num(qm.GetProperty("statistic")), Num(j.GetProperty("QM")), $"{what} QM");
                Close(Num(qm.GetProperty("p")), Num(j.GetProperty("QM_p")), $"{what} QM_p");
            }
        }
        if (e.TryGetProperty("profile", out var prof))
        {
            var jp = j.GetProperty("profile");
            Assert.Equal(prof.GetArrayLength(), jp.GetArrayLength());
            for (int i = 0; i < prof.GetArrayLength(); i++)
            {
                Assert.Equal(prof[i].GetProperty("component").GetString(), jp[i].GetProperty("component").GetString());
                Close(Num(prof[i].GetProperty("estimate")), Num(jp[i].GetProperty("estimate")), $"{what} profile[{i}] estimate");
                foreach (var f in new[] { "lower", "upper" })
                    MetaDepthTests.ProfileBound(Num(prof[i].GetProperty(f)), Num(jp[i].GetProperty(f)), Num(jp[i].GetProperty("estimate")), $"{what} profile[{i}] {f}",
                        MetaDepthTests.SearchDiffers(file, index, prof[i].GetProperty("component").GetString()!, f == "lower"));
            }
        }
        if (e.TryGetProperty("yi", out var eyi))
            foreach (var f in new[] { "yi", "vi" })
            {
                var ea = Arr(e.GetProperty(f)); var ja = Arr(j.GetProperty(f));
                Assert.Equal(ea.Length, ja.Length);
                for (int t = 0; t < ea.Length; t++)
                {
                    if (double.IsNaN(ea[t])) { Assert.True(double.IsNaN(ja[t]), $"{what} {f}[{t}] should be null"); continue; }
                    Approx.Equal(ea[t], ja[t], 1e-8, $"{what} {f}[{t}]");
                }
            }
        if (e.TryGetProperty("robust", out var rb))
        {
            var jr = j.GetProperty("robust");
            Assert.Equal(s.TryGetProperty("cr2", out var c2) && c2.ValueKind == JsonValueKind.True ? "CR2" : "CR1", jr.GetProperty("type").GetString());
            foreach (var f in new[] { "se", "df", "p", "ci_lower", "ci_upper" })
            {
                var ea = Arr(rb.GetProperty(f)); var ja = Arr(jr.GetProperty(f + "_all"));
                Assert.Equal(ea.Length, ja.Length);
                for (int t = 0; t < ea.Length; t++) Close(ea[t], ja[t], $"{what} robust {f}[{t}]");
            }
        }
        if (e.TryGetProperty("leave1out", out var loo))
        {
            var jl = j.GetProperty("leave1out");
            Assert.Equal(loo.GetArrayLength(), jl.GetArrayLength());
            for (int i = 0; i < loo.GetArrayLength(); i++)
            {
                var ea = Arr(loo[i].GetProperty("coefficients")); var ja = Arr(jl[i].GetProperty("coefficients"));
                Assert.Equal(ea.Length, ja.Length);
                for (int t = 0; t < ea.Length; t++) Close(ea[t], ja[t], $"{what} leave1out[{i}] coefficients[{t}]");
                Close(Num(loo[i].GetProperty("tau2")), Num(jl[i].GetProperty("tau2")), $"{what} leave1out[{i}] tau2");
                Close(Num(loo[i].GetProperty("Q")), Num(jl[i].GetProperty("Q")), $"{what} leave1out[{i}] Q");
                Assert.Equal(loo[i].GetProperty("omitted").GetInt32(), jl[i].GetProperty("row").GetInt32());
            }
        }
        if (e.TryGetProperty("influence", out var inf))
        {
            var ji = j.GetProperty("influence");
            Assert.Equal(inf.GetArrayLength(), ji.GetArrayLength());
            for (int i = 0; i < inf.GetArrayLength(); i++)
                foreach (var f in new[] { "rstudent", "dffits", "cooks_distance", "cov_r", "tau2_del", "QE_del", "hat", "weight" })
                    Close(Num(inf[i].GetProperty(f)), Num(ji[i].GetProperty(f)), $"{what} influence[{i}] {f}");
        }
    }

    [Fact]
    public void Mantel_Haenszel_rejects_moderators_and_missing_measure()
    {
        var csv = Paths.Fixture("meta_depth", "mh_bcg.csv");
        var r = CliRunner.Run("meta", "--data", csv, "--yi", "tpos", "--vi", "tneg", "--method", "MH", "--format", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--measure", r.Err);
        r = CliRunner.Run("meta", "--data", csv, "--measure", "OR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos", "--di", "cneg", "--method", "MH", "--mods", "~ ablat");
        Assert.Equal(2, r.ExitCode);
        r = CliRunner.Run("meta", "--data", csv, "--measure", "SMD", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos", "--di", "cneg", "--method", "PETO");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("OR", r.Err);
    }

    [Fact]
    public void Bad_V_file_names_file_and_shape()
    {
        var dir = Paths.TempDir();
        var v = Path.Combine(dir, "v.csv");
        File.WriteAllText(v, "V1,V2\n1,0\n0,1\n");
        var csv = Paths.Fixture("meta_depth", "mv_berkey1998.csv");
        var r = CliRunner.Run("meta", "--data", csv, "--yi", "yi", "--V", v, "--random", "~ outcome | trial", "--struct", "UN");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("v.csv", r.Err);
        Assert.Contains("10 rows", r.Err);
        r = CliRunner.Run("meta", "--data", csv, "--yi", "yi", "--vi", "vi", "--random", "~ outcome | trial", "--struct", "XYZ");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("XYZ", r.Err);
        r = CliRunner.Run("meta", "--data", csv, "--yi", "yi", "--vi", "vi", "--struct", "UN");
        Assert.Equal(2, r.ExitCode);
    }
}
