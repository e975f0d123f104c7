using System.Text.Json;
using Cohesion.Statistics.Regression;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>vcovHC (HC0–HC3), one-way and multiway vcovCL, regression weights, plm's clustered types, on
/// sandwich::PetersenCL (tools/reference/models_depth.R).</summary>
public class SandwichTests
{
    private static readonly Cohesion.Statistics.Data.DataFrame Data =
        Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models_depth", "sandwich_petersen.csv"));

    private static JsonElement Result(string key) =>
        FixtureJson.Load("models_depth", "sandwich_petersen.json").GetProperty("results").GetProperty(key);

    private static double[] Se(string formula, RegressionOptions o) =>
        LinearModel.Fit(Data, formula, o).Coefficients.Select(c => c.StdError).ToArray();

    public static TheoryData<string, string, string?> LmCases() => new()
    {
        { "lm", "y ~ x", null }, { "lm_weighted", "y ~ x", "w" }, { "lm_two", "y ~ x + z", null },
        { "fe_firm_dummies", "y ~ x | firm", null }, { "fe_firm_dummies_weighted", "y ~ x | firm", "w" },
    };

    [Theory]
    [MemberData(nameof(LmCases))]
    public void HeteroskedasticityConsistentTypesMatchVcovHC(string key, string formula, string? weights)
    {
        var r = Result(key);
        var fit = LinearModel.Fit(Data, formula, new RegressionOptions { Weights = weights });
        var est = r.GetProperty("estimate").Doubles();
        int offset = est.Length - fit.Coefficients.Count; // lm with dummies lists only x here
        Assert.Equal(0, offset);
        for (int i = 0; i < est.Length; i++) Approx.Equal(est[i], fit.Coefficients[i].Estimate, 1e-9, $"{key} estimate {i}");
        Assert.Equal(r.GetProperty("df").GetInt32(), fit.DfResidual);
        var types = new (string Key, StandardErrorType Type)[]
        {
            ("iid", StandardErrorType.Classical), ("hc0", StandardErrorType.HC0), ("hc1", StandardErrorType.HC1),
            ("hc2", StandardErrorType.HC2), ("hc3", StandardErrorType.HC3),
        };
        foreach (var (k, t) in types)
        {
            var se = Se(formula, new RegressionOptions { Weights = weights, StandardErrors = t });
            var expected = r.GetProperty(k).Doubles();
            for (int i = 0; i < expected.Length; i++) Approx.Equal(expected[i], se[i], 1e-9, $"{key} {k} {i}");
        }
    }

    [Theory]
    [InlineData("lm", "y ~ x", null)]
    [InlineData("lm_weighted", "y ~ x", "w")]
    [InlineData("lm_two", "y ~ x + z", null)]
    public void ClusteredMatchVcovCL(string key, string formula, string? weights)
    {
        var r = Result(key);
        void Check(string k, IReadOnlyList<string> clusters, ClusterAdjustment adj)
        {
            var se = Se(formula, new RegressionOptions { Weights = weights, Clusters = clusters, ClusterAdjustment = adj, StandardErrors = StandardErrorType.Cluster });
            var expected = r.GetProperty(k).Doubles();
            for (int i = 0; i < expected.Length; i++) Approx.Equal(expected[i], se[i], 1e-9, $"{key} {k} {i}");
        }
        Check("cl_firm", ["firm"], ClusterAdjustment.Stata);
        Check("cl_firm_hc0", ["firm"], ClusterAdjustment.None);
        Check("cl_firm_year", ["firm", "year"], ClusterAdjustment.Stata);
        Check("cl_firm_year_hc0", ["firm", "year"], ClusterAdjustment.None);
    }

    [Theory]
    [InlineData("fe_firm_dummies", null)]
    [InlineData("fe_firm_dummies_weighted", "w")]
    public void ClusteredWithAbsorbedEffects(string key, string? weights)
    {
        var r = Result(key);
        int n = Data.RowCount, kAll = 1 + 500;
        double Se1(IReadOnlyList<string> clusters, ClusterAdjustment adj) =>
            Se("y ~ x | firm", new RegressionOptions { Weights = weights, Clusters = clusters, ClusterAdjustment = adj, StandardErrors = StandardErrorType.Cluster })[0];
        // without the (n−1)/(n−K) factor the absorbed and the dummy-variable models agree exactly
        Approx.Equal(r.GetProperty("cl_firm_hc0").GetDouble(), Se1(["firm"], ClusterAdjustment.None), 1e-9, "firm, no adjustment");
        Approx.Equal(r.GetProperty("cl_firm_year_hc0").GetDouble(), Se1(["firm", "year"], ClusterAdjustment.None), 1e-9, "firm + year, HC0");
        // with it, K counts the slopes only (plm's sss, fixest's nested fixed effects), not the 500 firm dummies lm has
        double factor = Math.Sqrt((n - kAll) / (n - 1.0) * (n - 1.0) / (n - 1));
        Approx.Equal(r.GetProperty("cl_firm_year").GetDouble() * factor, Se1(["firm", "year"], ClusterAdjustment.Stata), 1e-9, "firm + year, HC1");
        if (weights is null)
        {
            var plm = Result("plm_within");
            Approx.Equal(plm.GetProperty("sss").GetDouble(), Se1(["firm"], ClusterAdjustment.Stata), 1e-9, "plm sss");
            Approx.Equal(plm.GetProperty("hc0").GetDouble(), Se1(["firm"], ClusterAdjustment.None), 1e-9, "plm HC0");
            Approx.Equal(plm.GetProperty("sss_time").GetDouble(), Se1(["year"], ClusterAdjustment.Stata), 1e-9, "plm sss by time");
        }
    }

    [Fact]
    public void NonPositiveWeightsNameTheColumnAndRow()
    {
        var bad = Data.Select(Enumerable.Range(0, Data.RowCount).ToArray());
        var w = (double[])((Cohesion.Statistics.Data.NumericColumn)bad["w"]).Values.Clone();
        w[6] = -1;
        bad.Add(new Cohesion.Statistics.Data.NumericColumn("w_bad", w));
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => LinearModel.Fit(bad, "y ~ x", new RegressionOptions { Weights = "w_bad" }));
        Assert.Equal("w_bad", ex.Column);
        Assert.Equal(7, ex.Row);
    }
}
