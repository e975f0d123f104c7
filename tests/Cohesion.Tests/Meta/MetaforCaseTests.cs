using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Meta;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Meta;

/// <summary>
/// Every case in Fixtures/meta/*.json (made by tools/reference/meta.R with metafor 3.8-1 and clubSandwich):
/// all eight τ² estimators × z/knha/t, moderators, multilevel REML/ML, CR1/CR2, Egger, trim-and-fill (both sides),
/// exact permutation p-values, escalc for every measure, Q-profile CI for τ², prediction intervals. 1e-6 relative.
/// </summary>
public class MetaforCaseTests
{
    private const double Tol = 1e-6;
    private static readonly string[] Files =
        ["raudenbush1985", "hackshaw1998", "bcg7_permutest", "normand1999", "nielweise2007", "pritz1997", "molloy2014", "assink2016", "konstantopoulos2011", "fourlevel_simulated"];

    public static TheoryData<string, int> Cases()
    {
        var d = new TheoryData<string, int>();
        foreach (var f in Files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("meta", f + ".json")));
            int n = doc.RootElement.GetProperty("cases").GetArrayLength();
            for (int i = 0; i < n; i++) d.Add(f, i);
        }
        return d;
    }

    internal static (JsonElement Spec, JsonElement Expected, string Csv) Load(string file, int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("meta", file + ".json")));
        var c = doc.RootElement.GetProperty("cases")[index];
        return (c.GetProperty("spec").Clone(), c.GetProperty("expected").Clone(), Paths.Fixture("meta", doc.RootElement.GetProperty("data").GetString()!));
    }

    private static string? Str(JsonElement spec, string name) => spec.TryGetProperty(name, out var v) ? v.GetString() : null;
    private static bool Flag(JsonElement spec, string name) => spec.TryGetProperty(name, out var v) && v.GetBoolean();

    internal static MetaSpec ToSpec(JsonElement s, bool cr2 = false)
    {
        var inputs = new Dictionary<string, string>();
        foreach (var n in new[] { "ri", "ni", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "xi" })
            if (Str(s, n) is string col) inputs[n] = col;
        return new MetaSpec
        {
            Yi = Str(s, "yi"), Vi = Str(s, "vi"), Sei = Str(s, "sei"),
            Measure = Str(s, "measure") is string m ? EffectSizes.Parse(m) : null, Inputs = inputs,
            Mods = Str(s, "mods"), Random = Str(s, "random"),
            Method = MetaNames.ParseMethod(Str(s, "method") ?? "REML"), Test = MetaNames.ParseTest(Str(s, "test") ?? "z"),
            RobustCluster = Str(s, "robust"), Cr2 = cr2, Bias = Flag(s, "bias"),
            Permutations = s.TryGetProperty("permutations", out var p) ? p.GetInt32() : null
        };
    }

    private static double[] Arr(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(MetaFixture.Num).ToArray() : [MetaFixture.Num(e)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_metafor(string file, int index)
    {
        var (s, e, csv) = Load(file, index);
        var data = CsvReader.Read(csv);
        var spec = ToSpec(s);
        string what = $"{file}#{index} {s}";
        if (Flag(s, "leave1out"))
        {
            var fit = MetaAnalysis.Run(data, spec).Uni!;
            var rows = MetaDiagnostics.LeaveOneOut(fit);
            var l = e.GetProperty("leave1out");
            foreach (var (name, get) in new (string, Func<LeaveOneOutRow, double>)[]
                     { ("estimate", r => r.Estimate), ("se", r => r.Se), ("p", r => r.P), ("tau2", r => r.Tau2), ("I2", r => r.I2), ("Q", r => r.Q) })
            {
                var exp = Arr(l.GetProperty(name));
                for (int i = 0; i < exp.Length; i++) MetaFixture.AssertClose(exp[i], get(rows[i]), Tol, $"{what} leave1out {name}[{i}]");
            }
            return;
        }
        var r = MetaAnalysis.Run(data, spec);
        MetaFixture.AssertFit(e, r, Tol, what);
        if (e.TryGetProperty("tau2_ci", out var ci))
        {
            var c = Arr(ci);
            MetaFixture.AssertClose(c[0], r.Tau2Ci[0], Tol, what + " tau2_ci lower");
            MetaFixture.AssertClose(c[1], r.Tau2Ci[1], Tol, what + " tau2_ci upper");
        }
        if (e.TryGetProperty("pi_lower", out var pl))
        {
            Approx.Equal(MetaFixture.Num(pl), r.PiLower, Tol, what + " pi_lower");
            Approx.Equal(MetaFixture.Num(e.GetProperty("pi_upper")), r.PiUpper, Tol, what + " pi_upper");
        }
        if (e.TryGetProperty("QM", out var qm))
        {
            Approx.Equal(MetaFixture.Num(qm), r.QM, Tol, what + " QM");
            Approx.Equal(MetaFixture.Num(e.GetProperty("QM_p")), r.QMp, Tol, what + " QM_p");
        }
        if (e.TryGetProperty("yi", out var yiExp))
        {
            var y = Arr(yiExp); var v = Arr(e.GetProperty("vi"));
            Assert.Equal(y.Length, r.K);
            for (int i = 0; i < y.Length; i++)
            {
                Approx.Equal(y[i], r.Yi[i], 1e-10, $"{what} yi[{i}]");
                Approx.Equal(v[i], r.Vi[i], 1e-10, $"{what} vi[{i}]");
            }
        }
        if (e.TryGetProperty("egger", out var eg))
        {
            Approx.Equal(MetaFixture.Num(eg.GetProperty("z")), r.Egger!.Statistic, Tol, what + " egger z");
            Approx.Equal(MetaFixture.Num(eg.GetProperty("p")), r.Egger.P, Tol, what + " egger p");
        }
        if (e.TryGetProperty("trimfill", out var tf))
        {
            Assert.Equal(tf.GetProperty("k0").GetInt32(), r.TrimFill!.K0);
            Assert.Equal(tf.GetProperty("side").GetString(), r.TrimFill.Side);
            Approx.Equal(MetaFixture.Num(tf.GetProperty("estimate")), r.TrimFill.Estimate, Tol, what + " trimfill estimate");
            Approx.Equal(MetaFixture.Num(tf.GetProperty("se")), r.TrimFill.Se, Tol, what + " trimfill se");
        }
        if (e.TryGetProperty("permutation", out var pm))
        {
            var p = Arr(pm.GetProperty("p"));
            Assert.True(r.Permutation!.Exact, "metafor's test was exact here");
            Assert.Equal(pm.GetProperty("iterations").GetInt32(), r.Permutation.Iterations);
            for (int j = 0; j < p.Length; j++) Approx.Equal(p[j], r.Permutation.P[j], 1e-12, $"{what} permutation p[{j}]");
            if (pm.TryGetProperty("QM_p", out var qmp)) Approx.Equal(MetaFixture.Num(qmp), r.Permutation.QMp, 1e-12, what + " permutation QM p");
        }
        foreach (var (key, cr2) in new[] { ("robust_cr1", false), ("robust_cr2", true) })
        {
            if (!e.TryGetProperty(key, out var rb)) continue;
            var rr = MetaAnalysis.Run(data, ToSpec(s, cr2) is var sp && sp.RobustCluster is null ? WithCluster(sp, file, cr2) : sp).Robust!;
            foreach (var (name, got) in new (string, double[])[] { ("se", rr.Se), ("df", rr.Df), ("p", rr.P), ("statistic", rr.Statistic), ("ci_lower", rr.CiLower), ("ci_upper", rr.CiUpper) })
            {
                var exp = Arr(rb.GetProperty(name));
                for (int j = 0; j < exp.Length; j++) Approx.Equal(exp[j], got[j], Tol, $"{what} {key} {name}[{j}]");
            }
        }
    }

    private static MetaSpec WithCluster(MetaSpec s, string file, bool cr2) => new()
    {
        Yi = s.Yi, Vi = s.Vi, Sei = s.Sei, Measure = s.Measure, Inputs = s.Inputs, Mods = s.Mods, Random = s.Random, Method = s.Method, Test = s.Test,
        Bias = s.Bias, Permutations = s.Permutations, Cr2 = cr2, RobustCluster = file switch { "konstantopoulos2011" => "district", "fourlevel_simulated" => "country", _ => "study" }
    };
}
