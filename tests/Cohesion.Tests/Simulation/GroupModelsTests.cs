using System.Text.Json;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>The projection's group models on the built-in survey's design against R svyglm
/// (tools/reference/simulation.R, section 3).</summary>
public class GroupModelsTests
{
    [Fact]
    public void GroupModelsMatchSvyglmOnTheSyntheticSurvey()
    {
        var fw = FrameworkLoader.Load(Paths.Fixture("simulation", "group_models_framework.json"));
        var data = DatasetLoader.Load(Paths.Fixture("simulation", "group_models_survey.csv"));
        // R's glm.control (epsilon 1e-8): the same IRLS iterations as svyglm, so agreement to rounding
        var models = GroupModels.Fit(fw, data, control: Cohesion.Statistics.Glm.GlmControl.Default);
        var r = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("simulation", "group_models_synthetic.json"))).RootElement;
        foreach (var m in models.Models)
        {
            var expected = r.GetProperty(m.Id);
            LogisticRegressionTests.AssertCoefficients(expected, m.Fit.Fit, m.Fit.StandardErrors(), 1e-8);
            Assert.Equal(expected.GetProperty("df_residual").GetInt32(), m.Fit.DfResidual);
            Approx.Equal(expected.GetProperty("survey_mean").GetDouble(), m.SurveyShare, 1e-10, m.Id + " survey mean");
        }
        Assert.Equal(["social_trust", "institutional_trust", "political_participation"], models.Dimensions().Select(d => d.Id).ToArray());
    }

    [Fact]
    public void TermsOutsideTheFourGroupFactorsAreRejected()
    {
        var fw = FrameworkLoader.Load(Paths.Fixture("simulation", "group_models_framework.json"));
        var data = DatasetLoader.Load(Paths.Fixture("simulation", "group_models_survey.csv"));
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => GroupModels.Fit(fw, data, "sex + province"));
        Assert.Contains("province", ex.Message);
        // an interaction is fine
        var inter = GroupModels.Fit(fw, data, "sex + ageband * education3 + origin7");
        Assert.Contains("ageband25-34:education3middle", inter.Models[0].Fit.ColumnNames);
    }
}
