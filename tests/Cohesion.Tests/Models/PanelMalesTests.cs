using Cohesion.Statistics.Regression;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

public class PanelMalesTests
{
    private static Cohesion.Statistics.Data.DataFrame Males() => Cohesion.Data.DatasetLoader.Load(Paths.Fixture("shared", "panel_males.csv"));

    [Theory]
    [InlineData("fe_nr", "wage ~ exper + union + married | nr")]
    [InlineData("fe_twoways", "wage ~ union + married | nr + year")]
    public void WithinEstimatorMatchesPlm(string key, string formula)
    {
        var r = FixtureJson.Load("shared", "panel_males.json").GetProperty("results").GetProperty(key);
        var terms = r.GetProperty("terms").Strings();
        var est = r.GetProperty("estimate").Doubles();
        var seIid = r.GetProperty("se_iid").Doubles();
        var seCl = r.GetProperty("se_cluster").Doubles();
        var data = Males();
        var classical = LinearModel.Fit(data, formula);
        var clustered = LinearModel.Fit(data, formula, new RegressionOptions { Cluster = "nr" });
        Assert.Equal(terms, classical.Coefficients.Select(c => c.Term));
        for (int i = 0; i < terms.Length; i++)
        {
            Approx.Equal(est[i], classical.Coefficients[i].Estimate, 1e-8, terms[i]);
            Approx.Equal(seIid[i], classical.Coefficients[i].StdError, 1e-8, terms[i] + " se");
            Approx.Equal(est[i], clustered.Coefficients[i].Estimate, 1e-8, terms[i]);
            Approx.Equal(seCl[i], clustered.Coefficients[i].StdError, 1e-8, terms[i] + " cluster se");
        }
    }
}
