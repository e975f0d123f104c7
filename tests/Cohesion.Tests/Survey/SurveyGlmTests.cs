using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Survey;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Bad input to design-based GLMs and supplied replicate weights, and invariants of the fits.</summary>
public class SurveyGlmTests
{
    private static DataFrame Api(string file = "apiclus1.csv") => FixtureDesigns.Frame(file);

    private static SurveyDesign Clus1(DataFrame f) =>
        SurveyFrame.CreateDesign(f, new SurveyColumns { Weight = "pw", Clusters = ["dnum"], Fpc = ["fpc"] });

    [Fact]
    public void PoissonRejectsANegativeOutcomeNamingColumnAndRow()
    {
        var f = Api();
        var d = new DataFrame(f.Columns, f.Source);
        var growth = f.Numeric("growth").Values;
        int row = Array.FindIndex(growth, g => g < 0);
        Assert.True(row >= 0);
        var ex = Assert.Throws<CohesionException>(() => SurveyGlm.Fit(Clus1(d), d, "growth ~ meals", GlmFamily.Poisson));
        Assert.Equal("growth", ex.Column);
        Assert.Equal(row + 1, ex.Row);
        Assert.Contains("non-negative count", ex.Message);
    }

    [Fact]
    public void BinomialRejectsValuesOutsideZeroOneAndManyLevels()
    {
        var f = Api();
        var ex = Assert.Throws<CohesionException>(() => SurveyGlm.Fit(Clus1(f), f, "api00 ~ meals", GlmFamily.QuasiBinomial));
        Assert.Equal("api00", ex.Column);
        Assert.Contains("not in [0, 1]", ex.Message);
        var ex2 = Assert.Throws<CohesionException>(() => SurveyGlm.Fit(Clus1(f), f, "stype ~ meals", GlmFamily.Binomial));
        Assert.Equal("stype", ex2.Column);
        Assert.Contains("3 levels", ex2.Message);
        var ex3 = Assert.Throws<CohesionException>(() => SurveyGlm.Fit(Clus1(f), f, "sch_wide ~ meals", GlmFamily.Gaussian));
        Assert.Equal("sch_wide", ex3.Column);
        Assert.Contains("numeric outcome", ex3.Message);
    }

    [Fact]
    public void ATwoLevelTextOutcomeEqualsItsZeroOneCoding()
    {
        var f = Api();
        var d = new DataFrame(f.Columns, f.Source);
        var c = f.Categorical("sch_wide");
        d.Add(new NumericColumn("yes", c.Codes.Select(x => (double)x).ToArray()));
        var a = SurveyGlm.Fit(Clus1(d), d, "sch_wide ~ ell + meals", GlmFamily.QuasiBinomial);
        var b = SurveyGlm.Fit(Clus1(d), d, "yes ~ ell + meals", GlmFamily.QuasiBinomial);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.Equal(a.StandardErrors(), b.StandardErrors());
    }

    [Fact]
    public void ADomainFitEqualsTheFitOnADomainIndicatorWeightedDesignForTheCoefficients()
    {
        // the domain changes the rows of the model, not the estimator: coefficients equal an unweighted-outside fit
        var f = Api();
        var domain = RowFilter.Evaluate(f, "stype == 'E'");
        var fit = SurveyGlm.Fit(Clus1(f), f, "api00 ~ ell + meals", GlmFamily.Gaussian, domain);
        Assert.Equal(domain.Count(x => x), fit.N);
        Assert.All(fit.Rows, r => Assert.True(domain[r]));
        // variance from the full design: the 15 PSUs of apiclus1 (all have elementary schools) give df = 15 - 1 + 1 - 3
        Assert.Equal(12, fit.DfResidual);
    }

    [Fact]
    public void ReplicateVarianceNeedsAFullRankModel()
    {
        var f = Api();
        var jk1 = Clus1(f).WithReplicates(ReplicateType.JK1);
        var ex = Assert.Throws<ModelException>(() => SurveyGlm.Fit(jk1, f, "api00 ~ ell + I(2 * ell)", GlmFamily.Gaussian));
        Assert.Contains("I(2 * ell)", ex.Message);
    }

    [Fact]
    public void TaylorFitReportsAnAliasedCoefficientAsNaN()
    {
        var f = Api();
        var fit = SurveyGlm.Fit(Clus1(f), f, "api00 ~ ell + I(2 * ell)", GlmFamily.Gaussian);
        var table = fit.CoefficientTable();
        Assert.True(double.IsNaN(table[2].Estimate));
        Assert.True(double.IsNaN(table[2].StdError));
        Assert.True(double.IsFinite(table[1].StdError));
    }

    /// <summary>JK1 replicate weights of apiclus1 built by hand: replicate k drops district k.</summary>
    private static DataFrame WithJackknifeColumns(DataFrame f)
    {
        var d = new DataFrame(f.Columns, f.Source);
        var psu = f.Categorical("dnum");
        var w = f.Numeric("pw").Values;
        int U = psu.LevelCount;
        for (int k = 0; k < U; k++)
            d.Add(new NumericColumn($"jk_{k + 1}", w.Select((x, i) => psu.Codes[i] == k ? 0 : x * U / (U - 1.0)).ToArray()));
        return d;
    }

    [Fact]
    public void ReplicateColumnsThatDoNotMatchTheTypeAreRejectedNamingTheColumn()
    {
        var d = WithJackknifeColumns(Api());
        var brr = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^jk_", Type = ReplicateType.BRR }));
        Assert.Equal("jk_1", brr.Column);
        Assert.Contains("BRR", brr.Message);
        var fay = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^jk_", Type = ReplicateType.Fay, Rho = 0.5 }));
        Assert.Contains("Fay", fay.Message);
        var boot = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^bw", Type = ReplicateType.JK1 }));
        Assert.StartsWith("bw", boot.Column);
        var jkn = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^jk_", Type = ReplicateType.JKn }));
        Assert.Contains("rscales", jkn.Message);
        var none = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^rep", Type = ReplicateType.JK1 }));
        Assert.Contains("matches no column", none.Message);
        var self = Assert.Throws<CohesionException>(() => ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "w", Type = ReplicateType.Bootstrap }));
        Assert.Equal("pw", self.Column);
    }

    [Fact]
    public void SuppliedJackknifeColumnsGiveTheSameFitAsReplicatesMadeFromTheDesign()
    {
        var d = WithJackknifeColumns(Api());
        var supplied = ReplicateFrame.CreateDesign(d, "pw", new ReplicateColumns { Pattern = "^jk_", Type = ReplicateType.JK1 });
        var made = SurveyFrame.CreateDesign(d, new SurveyColumns { Weight = "pw", Clusters = ["dnum"] }).WithReplicates(ReplicateType.JK1);
        var a = SurveyGlm.Fit(supplied, d, "sch_wide ~ ell + meals", GlmFamily.QuasiBinomial);
        var b = SurveyGlm.Fit(made, d, "sch_wide ~ ell + meals", GlmFamily.QuasiBinomial);
        var sa = a.StandardErrors();
        var sb = b.StandardErrors();
        for (int j = 0; j < sa.Length; j++) Infrastructure.Approx.Equal(sb[j], sa[j], 1e-9, a.ColumnNames[j]);
        Assert.Equal(b.DfResidual, a.DfResidual);
    }
}
