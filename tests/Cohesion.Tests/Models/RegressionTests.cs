using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Regression;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

public class RegressionTests
{
    private static DataFrame Load(string name) => Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models", name));

    [Theory]
    [InlineData("mpg_wt_hp_cyl", "mpg ~ wt + hp + factor(cyl)")]
    [InlineData("mpg_interaction", "mpg ~ wt * hp + log(disp)")]
    [InlineData("mpg_aliased", "mpg ~ wt + hp + wt_hp")]
    public void OlsMatchesLm(string key, string formula)
    {
        var r = FixtureJson.Load("models", "lm_mtcars.json").GetProperty("results").GetProperty(key);
        var data = Load("lm_mtcars.csv");
        var fit = LinearModel.Fit(data, formula);
        var terms = r.GetProperty("terms").Strings();
        Assert.Equal(terms, fit.Coefficients.Select(c => c.Term));
        Assert.Equal(r.GetProperty("aliased").Strings(), fit.Aliased);
        Assert.Equal(r.GetProperty("df").GetInt32(), fit.DfResidual);
        Approx.Equal(r.GetProperty("sigma").GetDouble(), fit.Sigma, 1e-10, "sigma");
        Approx.Equal(r.GetProperty("r2").GetDouble(), fit.RSquared, 1e-10, "r2");
        string[] fields = ["estimate", "se", "statistic", "p", "ci_lower", "ci_upper"];
        for (int i = 0; i < terms.Length; i++)
        {
            var c = fit.Coefficients[i];
            double[] mine = [c.Estimate, c.StdError, c.Statistic, c.PValue, c.CiLower, c.CiUpper];
            for (int f = 0; f < fields.Length; f++) Approx.Equal(r.GetProperty(fields[f]).Doubles()[i], mine[f], 1e-8, $"{terms[i]} {fields[f]}");
        }
        var hc1 = LinearModel.Fit(data, formula, new RegressionOptions { StandardErrors = StandardErrorType.HC1 });
        var cl = LinearModel.Fit(data, formula, new RegressionOptions { Cluster = "gear" });
        for (int i = 0; i < terms.Length; i++)
        {
            Approx.Equal(r.GetProperty("se_hc1").Doubles()[i], hc1.Coefficients[i].StdError, 1e-8, terms[i] + " HC1");
            Approx.Equal(r.GetProperty("se_cluster").Doubles()[i], cl.Coefficients[i].StdError, 1e-8, terms[i] + " cluster");
        }
        Assert.Equal(3, cl.Clusters);
    }

    [Theory]
    [InlineData("plm_grunfeld", "oneway", "inv ~ value + capital | firm", "firm")]
    [InlineData("plm_grunfeld", "twoways", "inv ~ value + capital | firm + year", "firm")]
    [InlineData("plm_grunfeld", "twoways_cluster_time", "inv ~ value + capital | firm + year", "year")]
    [InlineData("plm_grunfeld", "pooling", "inv ~ value + capital", "firm")]
    [InlineData("plm_grunfeld_singletons", "oneway", "inv ~ value + capital | firm", "firm")]
    [InlineData("plm_grunfeld_singletons", "twoways", "inv ~ value + capital | firm + year", "firm")]
    [InlineData("plm_males_unbalanced", "twoways_unbalanced", "wage ~ union + married + health | nr + year", "nr")]
    [InlineData("plm_males_unbalanced", "oneway_unbalanced", "wage ~ exper + union + married + health | nr", "nr")]
    public void WithinMatchesPlm(string file, string key, string formula, string cluster)
    {
        var r = FixtureJson.Load("models", file + ".json").GetProperty("results").GetProperty(key);
        var data = Load(file + ".csv");
        var iid = LinearModel.Fit(data, formula);
        var cl = LinearModel.Fit(data, formula, new RegressionOptions { Cluster = cluster });
        var terms = r.GetProperty("terms").Strings();
        Assert.Equal(terms, iid.Coefficients.Select(c => c.Term));
        Assert.Equal(r.GetProperty("df").GetInt32(), iid.DfResidual);
        // singletons are removed from the estimation (fixest) but counted as plm counts them in df and sss
        Assert.Equal(r.GetProperty("n").GetInt32(), iid.N + iid.SingletonsRemoved);
        if (file == "plm_grunfeld_singletons") Assert.Equal(2, iid.SingletonsRemoved);
        for (int i = 0; i < terms.Length; i++)
        {
            Approx.Equal(r.GetProperty("estimate").Doubles()[i], iid.Coefficients[i].Estimate, 1e-8, terms[i]);
            Approx.Equal(r.GetProperty("se_iid").Doubles()[i], iid.Coefficients[i].StdError, 1e-8, terms[i] + " se");
            Approx.Equal(r.GetProperty("p_iid").Doubles()[i], iid.Coefficients[i].PValue, 1e-6, terms[i] + " p");
            Approx.Equal(r.GetProperty("se_cluster").Doubles()[i], cl.Coefficients[i].StdError, 1e-8, terms[i] + " cluster se");
        }
    }

    [Theory]
    [InlineData("ols_classical", "cohesion ~ diversity + woz + income + rent + turnover", null, null)]
    [InlineData("ols_hc1", "cohesion ~ diversity + woz + income + rent + turnover", null, "hc1")]
    [InlineData("ols_cluster", "cohesion ~ diversity + woz + income + rent + turnover", "gemeente", null)]
    [InlineData("fe_year_cluster", "cohesion ~ diversity + woz + income + rent + turnover | year", "gemeente", null)]
    [InlineData("fe_year_hc1", "cohesion ~ diversity + woz + income + rent + turnover | year", null, "hc1")]
    public void GelbachMatchesHandComputation(string key, string formula, string? cluster, string? type)
    {
        var r = FixtureJson.Load("models", "gelbach_synthetic.json").GetProperty("results").GetProperty(key);
        var options = new RegressionOptions { Cluster = cluster, StandardErrors = type == "hc1" ? StandardErrorType.HC1 : null };
        var g = Gelbach.Decompose(Load("gelbach_synthetic.csv"), Cohesion.Statistics.Formula.ModelFormula.Parse(formula),
            Gelbach.ParseGroups("ses=woz,income; housing=rent; turnover=turnover"), options);
        Assert.Equal("diversity", g.Variable);
        Approx.Equal(r.GetProperty("base").GetDouble(), g.BaseEstimate, 1e-9, "base");
        Approx.Equal(r.GetProperty("full").GetDouble(), g.FullEstimate, 1e-9, "full");
        Approx.Equal(r.GetProperty("total").GetDouble(), g.TotalChange, 1e-8, "total");
        Approx.Equal(r.GetProperty("total_se").GetDouble(), g.TotalChangeSe, 1e-8, "total se");
        var delta = r.GetProperty("delta").Doubles();
        var se = r.GetProperty("se").Doubles();
        Assert.Equal(["ses", "housing", "turnover"], g.Groups.Select(c => c.Name));
        for (int i = 0; i < delta.Length; i++)
        {
            Approx.Equal(delta[i], g.Groups[i].Contribution, 1e-8, g.Groups[i].Name);
            Approx.Equal(se[i], g.Groups[i].StdError, 1e-8, g.Groups[i].Name + " se");
        }
        // the contributions add up to the change in the coefficient (an identity of OLS on one sample)
        Approx.Equal(g.TotalChange, g.Groups.Sum(c => c.Contribution), 1e-9, "sum of contributions");
    }

    [Fact]
    public void SingletonFixedEffectGroupsAreDroppedWithNote()
    {
        var data = Load("plm_grunfeld.csv");
        // add one observation of a new firm: a singleton
        var rows = Enumerable.Range(0, data.RowCount).Append(0).ToArray();
        var d2 = data.Select(rows);
        var firm = ((NumericColumn)d2["firm"]).Values;
        firm[^1] = 99;
        var fit = LinearModel.Fit(d2, "inv ~ value + capital | firm");
        var reference = LinearModel.Fit(data, "inv ~ value + capital | firm");
        Assert.Equal(200, fit.N);
        Assert.Contains(fit.Notes, n => n.Contains("singleton"));
        Approx.Equal(reference.Coefficients[0].Estimate, fit.Coefficients[0].Estimate, 1e-12);
        Approx.Equal(reference.Coefficients[0].StdError, fit.Coefficients[0].StdError, 1e-12);
    }

    [Fact]
    public void RegressorCollinearWithFixedEffectsIsRemovedWithNoteOrRejectedWhenAlone()
    {
        var data = Load("plm_grunfeld.csv");
        var fit = LinearModel.Fit(data, "inv ~ value + capital + year | firm + year");
        Assert.Contains("year", fit.Aliased);
        Assert.Contains(fit.Notes, n => n.Contains("collinear with the fixed effects"));
        Assert.Equal(["value", "capital"], fit.Coefficients.Select(c => c.Term));
        var ex = Assert.Throws<CohesionException>(() => LinearModel.Fit(data, "inv ~ year | firm + year"));
        Assert.Contains("collinear with the fixed effects", ex.Message);
    }

    [Fact]
    public void MissingColumnNamesTheColumn()
    {
        var ex = Assert.Throws<CohesionException>(() => LinearModel.Fit(Load("plm_grunfeld.csv"), "inv ~ value + nosuch | firm"));
        Assert.Equal("nosuch", ex.Column);
    }

    [Fact]
    public void LargeDesignUsesNormalEquationsWithTheSameResult()
    {
        // above QrCellLimit the pivoted Cholesky path is used; compare with the QR path on the same data
        var rng = new Random(3);
        int n = 200_000;
        var x1 = new double[n]; var x2 = new double[n]; var x3 = new double[n]; var y = new double[n]; var g = new double[n]; var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            g[i] = i % 5000; t[i] = i % 7;
            x1[i] = rng.NextDouble() + 0.01 * g[i]; x2[i] = rng.NextDouble(); x3[i] = x1[i] * 2; // x3 aliased
            y[i] = 1 + 0.5 * x1[i] - 0.25 * x2[i] + 0.001 * g[i] + 0.1 * t[i] + rng.NextDouble();
        }
        var big = new DataFrame([new NumericColumn("y", y), new NumericColumn("x1", x1), new NumericColumn("x2", x2), new NumericColumn("x3", x3), new NumericColumn("g", g), new NumericColumn("t", t)]);
        var fit = LinearModel.Fit(big, "y ~ x1 + x2 + x3 | g + t", new RegressionOptions { Cluster = "g" });
        var fitQr = LinearModel.Fit(big, "y ~ x1 + x2 + x3 | g + t", new RegressionOptions { Cluster = "g", UseQr = true });
        var fitNe = LinearModel.Fit(big, "y ~ x1 + x2 + x3 | g + t", new RegressionOptions { Cluster = "g", UseQr = false });
        Assert.Equal(["x3"], fitQr.Aliased);
        Assert.Equal(["x3"], fitNe.Aliased);
        for (int j = 0; j < 2; j++)
        {
            Approx.Equal(fitQr.Coefficients[j].Estimate, fitNe.Coefficients[j].Estimate, 1e-9, "estimate");
            Approx.Equal(fitQr.Coefficients[j].StdError, fitNe.Coefficients[j].StdError, 1e-9, "se");
        }
        Approx.Equal(0.5, fit.Coefficients[0].Estimate, 0.02);
        Approx.Equal(-0.25, fit.Coefficients[1].Estimate, 0.02);
    }

    [Fact]
    public void ThreeAbsorbedFactorsEqualOlsWithDummies()
    {
        var rng = new Random(11);
        int n = 3000;
        var a = new double[n]; var b = new double[n]; var c = new double[n]; var x = new double[n]; var z = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = rng.Next(60); b[i] = rng.Next(9); c[i] = rng.Next(5);
            x[i] = rng.NextDouble() + 0.02 * a[i] + 0.1 * c[i];
            z[i] = rng.NextDouble() - 0.05 * b[i];
            y[i] = 0.7 * x[i] - 0.4 * z[i] + 0.03 * a[i] + 0.2 * b[i] - 0.3 * c[i] + rng.NextDouble();
        }
        var d = new DataFrame([new NumericColumn("y", y), new NumericColumn("x", x), new NumericColumn("z", z), new NumericColumn("a", a), new NumericColumn("b", b), new NumericColumn("c", c)]);
        var fe = LinearModel.Fit(d, "y ~ x + z | a + b + c");
        var ols = LinearModel.Fit(d, "y ~ x + z + factor(a) + factor(b) + factor(c)");
        Assert.Equal(ols.DfResidual, fe.DfResidual);
        foreach (var term in new[] { "x", "z" })
        {
            Approx.Equal(ols[term].Estimate, fe[term].Estimate, 1e-9, term);
            Approx.Equal(ols[term].StdError, fe[term].StdError, 1e-9, term + " se");
        }
        Assert.True(fe.DemeanIterations > 1);
    }

    [Fact]
    public void DemeaningThatCannotConvergeIsReported()
    {
        var data = Load("plm_males_unbalanced.csv");
        var ex = Assert.Throws<ModelException>(() => LinearModel.Fit(data, "wage ~ union + married | nr + year", new RegressionOptions { MaxIterations = 1, DemeanDirectLimit = 0 }));
        Assert.Contains("did not converge", ex.Message);
    }

    [Fact]
    public void GelbachGroupSpecificationErrors()
    {
        Assert.Throws<CohesionException>(() => Gelbach.ParseGroups("ses"));
        Assert.Throws<CohesionException>(() => Gelbach.ParseGroups("a=x;a=y"));
        var data = Load("gelbach_synthetic.csv");
        var f = Cohesion.Statistics.Formula.ModelFormula.Parse("cohesion ~ diversity + woz + rent");
        var ex = Assert.Throws<CohesionException>(() => Gelbach.Decompose(data, f, Gelbach.ParseGroups("ses=woz,income")));
        Assert.Equal("income", ex.Column);
        Assert.Throws<CohesionException>(() => Gelbach.Decompose(data, f, Gelbach.ParseGroups("ses=woz;housing=woz")));
        // groups may name a factor variable: its dummy columns form the group
        var g = Gelbach.Decompose(data, Cohesion.Statistics.Formula.ModelFormula.Parse("cohesion ~ diversity + woz + factor(year)"), Gelbach.ParseGroups("ses=woz;time=factor(year)"));
        Assert.Equal(4, g.Groups[1].Terms.Count);
        Approx.Equal(g.TotalChange, g.Groups.Sum(c => c.Contribution), 1e-9);
    }
}
