using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>Design-based logistic regression against R <c>survey::svyglm(family = quasibinomial)</c>
/// (fixtures from tools/reference/simulation.R).</summary>
public class SurveyLogisticRegressionTests
{
    private static int[] Codes(DataFrame d, string col) => d.Categorical(col).Codes;

    private static SurveyGlmFit Fit(string file, string formula, Func<DataFrame, SurveyDesign> design)
    {
        var data = CsvReader.Read(Paths.Fixture("simulation", file));
        var f = ModelFormula.Parse(formula);
        var x = DesignMatrix.Build(data, f, [f.Response!]);
        var yAll = data.Numeric(f.Response!).Values;
        var y = x.Rows.Select(r => yAll[r]).ToArray();
        return SurveyLogisticRegression.Fit(design(data), x, y);
    }

    [Fact]
    public void StratifiedClusterDesignMatchesSvyglm()
    {
        var r = LogisticRegressionTests.Fixture("glm_groups.json").GetProperty("svyglm_strat_cluster");
        var fit = Fit("glm_groups.csv", r.GetProperty("formula").GetString()!, d => SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = d.Numeric("weight").Values, Strata = Codes(d, "stratum"), Clusters = [Codes(d, "psu")]
        }));
        LogisticRegressionTests.AssertCoefficients(r, fit.Fit, fit.StandardErrors(), 1e-8);
        Assert.Equal(r.GetProperty("df_residual").GetInt32(), fit.DfResidual);
    }

    [Fact]
    public void IndependentRowsDesignMatchesSvyglm()
    {
        var r = LogisticRegressionTests.Fixture("glm_groups.json").GetProperty("svyglm_independent");
        var fit = Fit("glm_groups.csv", r.GetProperty("formula").GetString()!, d => SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = d.Numeric("weight").Values
        }));
        LogisticRegressionTests.AssertCoefficients(r, fit.Fit, fit.StandardErrors(), 1e-8);
    }

    [Fact]
    public void StratifiedDesignWithFpcMatchesSvyglm()
    {
        var r = LogisticRegressionTests.Fixture("glm_api.json").GetProperty("strat_fpc");
        var fit = Fit("api_strat.csv", r.GetProperty("formula").GetString()!, d => SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = d.Numeric("pw").Values, Strata = Codes(d, "stype"), Fpc = [d.Numeric("fpc").Values]
        }));
        LogisticRegressionTests.AssertCoefficients(r, fit.Fit, fit.StandardErrors(), 1e-8);
        Assert.Equal(r.GetProperty("df_residual").GetInt32(), fit.DfResidual);
    }

    [Fact]
    public void TwoStageClusterDesignWithFpcMatchesSvyglm()
    {
        var r = LogisticRegressionTests.Fixture("glm_api.json").GetProperty("clus2_fpc");
        var fit = Fit("api_clus2.csv", r.GetProperty("formula").GetString()!, d => SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = d.Numeric("pw").Values, Clusters = [Codes(d, "dnum"), Codes(d, "snum")],
            Fpc = [d.Numeric("fpc1").Values, d.Numeric("fpc2").Values]
        }));
        LogisticRegressionTests.AssertCoefficients(r, fit.Fit, fit.StandardErrors(), 1e-8);
        Assert.Equal(r.GetProperty("df_residual").GetInt32(), fit.DfResidual);
    }

    [Fact]
    public void CovarianceIsSymmetricAndItsDiagonalGivesTheStandardErrors()
    {
        var fit = Fit("glm_groups.csv", "trust ~ sex + education3", d => SurveyDesign.Create(new SurveyDesignOptions
        {
            Weights = d.Numeric("weight").Values, Strata = Codes(d, "stratum"), Clusters = [Codes(d, "psu")]
        }));
        int p = fit.Coefficients.Length;
        for (int i = 0; i < p; i++)
        for (int j = 0; j < p; j++)
            Assert.Equal(fit.Covariance[i * p + j], fit.Covariance[j * p + i]);
        // positive definite: Cholesky succeeds
        Assert.True(Cohesion.Statistics.LinearAlgebra.Cholesky.Decompose(fit.Covariance.ToArray(), p));
    }
}
