using Xunit;
using Cohesion.Statistics.Meta;
using Cohesion.Tests.Infrastructure;

namespace Cohesion.Tests.Meta;

/// <summary>The shared metafor fixtures (BCG, Molloy 2014, Konstantopoulos 2011) to 1e-6 relative.</summary>
public class SharedFixtureTests
{
    private static readonly MetaFixture Bcg = new("shared", "meta_bcg.json");
    private static readonly MetaFixture Molloy = new("shared", "meta_molloy2014.json");
    private static readonly MetaFixture Konst = new("shared", "meta_konstantopoulos2011.json");

    public static TheoryData<string, string> BcgCases()
    {
        var d = new TheoryData<string, string>();
        foreach (var m in new[] { "DL", "REML", "ML", "PM", "HS", "SJ", "HE", "EB" })
            foreach (var t in new[] { "z", "knha" }) d.Add(m, t);
        return d;
    }

    [Theory]
    [MemberData(nameof(BcgCases))]
    public void Bcg_every_estimator_and_test(string method, string test)
    {
        var r = MetaAnalysis.Run(Bcg.Data, new MetaSpec { Yi = "yi", Vi = "vi", Method = MetaNames.ParseMethod(method), Test = MetaNames.ParseTest(test) });
        MetaFixture.AssertFit(Bcg[$"{method}_{test}"], r, 1e-6, $"{method}/{test}");
    }

    [Theory]
    [InlineData("REML_z_mods_ablat", "~ ablat")]
    [InlineData("REML_z_mods_alloc", "~ factor(alloc)")]
    public void Bcg_moderators(string key, string mods)
    {
        var r = MetaAnalysis.Run(Bcg.Data, new MetaSpec { Yi = "yi", Vi = "vi", Mods = mods });
        MetaFixture.AssertFit(Bcg[key], r, 1e-6, key);
    }

    [Fact]
    public void Bcg_bias_and_tau2_ci()
    {
        var r = MetaAnalysis.Run(Bcg.Data, new MetaSpec { Yi = "yi", Vi = "vi", Bias = true });
        var e = Bcg["egger"];
        Approx.Equal(MetaFixture.Num(e.GetProperty("z")), r.Egger!.Statistic, 1e-6, "egger z");
        Approx.Equal(MetaFixture.Num(e.GetProperty("p")), r.Egger.P, 1e-6, "egger p");
        var tf = Bcg["trimfill"];
        Assert.Equal(tf.GetProperty("k0").GetInt32(), r.TrimFill!.K0);
        Assert.Equal(tf.GetProperty("side").GetString(), r.TrimFill.Side);
        Approx.Equal(MetaFixture.Num(tf.GetProperty("estimate")), r.TrimFill.Estimate, 1e-6, "trimfill estimate");
        Approx.Equal(MetaFixture.Num(tf.GetProperty("se")), r.TrimFill.Se, 1e-6, "trimfill se");
        var ci = Bcg["REML_tau2_ci_qprofile"];
        Approx.Equal(MetaFixture.Num(ci.GetProperty("lower")), r.Tau2Ci[0], 1e-6, "tau2 ci lower");
        Approx.Equal(MetaFixture.Num(ci.GetProperty("upper")), r.Tau2Ci[1], 1e-6, "tau2 ci upper");
    }

    [Theory]
    [InlineData("DL_z", "DL", "z")]
    [InlineData("DL_knha", "DL", "knha")]
    [InlineData("REML_z", "REML", "z")]
    [InlineData("REML_knha", "REML", "knha")]
    [InlineData("PM_z", "PM", "z")]
    [InlineData("PM_knha", "PM", "knha")]
    public void Molloy_correlations(string key, string method, string test)
    {
        var r = MetaAnalysis.Run(Molloy.Data, new MetaSpec
        {
            Measure = EffectMeasure.ZCOR, Inputs = new Dictionary<string, string> { ["ri"] = "ri", ["ni"] = "ni" },
            Method = MetaNames.ParseMethod(method), Test = MetaNames.ParseTest(test)
        });
        MetaFixture.AssertFit(Molloy[key], r, 1e-6, key);
        var yi = Molloy.Data.Numeric("yi").Values;
        for (int i = 0; i < yi.Length; i++) Approx.Equal(yi[i], r.Yi[i], 1e-12, "escalc ZCOR");
    }

    [Theory]
    [InlineData("ml_REML", "REML", null)]
    [InlineData("ml_ML", "ML", null)]
    [InlineData("ml_REML_mods_year", "REML", "~ year")]
    public void Konstantopoulos_three_level(string key, string method, string? mods)
    {
        var r = MetaAnalysis.Run(Konst.Data, new MetaSpec { Yi = "yi", Vi = "vi", Random = "~ 1 | district/school", Method = MetaNames.ParseMethod(method), Mods = mods });
        MetaFixture.AssertFit(Konst[key], r, 1e-6, key);
    }

    [Fact]
    public void Konstantopoulos_cr2()
    {
        var r = MetaAnalysis.Run(Konst.Data, new MetaSpec { Yi = "yi", Vi = "vi", Random = "~ 1 | district/school", RobustCluster = "district", Cr2 = true });
        var e = Konst["ml_REML_robust_cr2"];
        Approx.Equal(MetaFixture.Num(e.GetProperty("estimate")), r.Robust!.Estimate[0], 1e-6, "estimate");
        Approx.Equal(MetaFixture.Num(e.GetProperty("se")), r.Robust.Se[0], 1e-6, "se");
        Approx.Equal(MetaFixture.Num(e.GetProperty("df")), r.Robust.Df[0], 1e-6, "df");
        Approx.Equal(MetaFixture.Num(e.GetProperty("p")), r.Robust.P[0], 1e-6, "p");
    }
}
