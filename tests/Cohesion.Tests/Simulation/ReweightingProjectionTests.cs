using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

public class ReweightingProjectionTests
{
    /// <summary>The survey's weighted composition by demography cell, over the rows where <paramref name="y"/> is present.</summary>
    private static double[] SurveyComposition(double[]? y)
    {
        var codes = SimulationFixture.Models.FactorCodes;
        var age = SimulationFixture.Survey.Numeric("age").Values;
        var design = CohesionMeasurement.BuildDesign(SimulationFixture.Framework, SimulationFixture.Survey, new MeasureOptions()).Design;
        var w = design.Weights;
        var pop = new double[PopulationIndex.CellCount];
        for (int i = 0; i < age.Length; i++)
        {
            if (y is not null && double.IsNaN(y[i])) continue;
            int cell = PopulationIndex.Index(codes[0][i], Math.Min(100, (int)age[i]), codes[3][i], codes[2][i]);
            pop[cell] += w[i];
        }
        return pop;
    }

    [Fact]
    public void ZeroSocietalChangeAndTheSurveyPopulationReturnTheSurveyEstimates()
    {
        var models = SimulationFixture.Models;
        var scores = FrameworkScorer.Score(SimulationFixture.Framework, SimulationFixture.Survey);
        var design = CohesionMeasurement.BuildDesign(SimulationFixture.Framework, SimulationFixture.Survey, new MeasureOptions()).Design;
        var model = new PropensityModel(models, CohesionScenario.None(), null);
        for (int k = 0; k < models.IndicatorCount; k++)
        {
            var y = scores.Indicators[k];
            var projection = new ReweightingProjection(model, [2024], [SurveyComposition(y)]);
            var share = projection.Shares(model.GroupEta())[0][k];
            var estimate = SurveyEstimator.Mean(design, y).Estimate;
            Approx.Equal(estimate, share, 1e-9, models.Models[k].Id);
            Approx.Equal(estimate, models.Models[k].SurveyShare, 1e-12, models.Models[k].Id + " survey share");
        }
    }

    [Fact]
    public void AggregatedSharesEqualTheCellByCellComputation()
    {
        // the collapsed (group, shift) terms give the same share as Σ N·p over every cell, with a gap policy and trends
        var fw = SimulationFixture.Framework;
        var societal = CohesionScenarioCatalog.Resolve("trends", ScenarioKind.Societal, fw);
        var policy = CohesionScenarioCatalog.Resolve("practical-education", ScenarioKind.Policy, fw);
        var model = new PropensityModel(SimulationFixture.Models, societal, policy);
        var proj = SimulationFixture.Midden();
        int[] years = [2024, 2031, 2050];
        var pops = years.Select(proj.PopulationAt).ToArray();
        var eta = model.GroupEta();
        var shares = new ReweightingProjection(model, years, pops).Shares(eta);
        int K = model.IndicatorCount;
        for (int y = 0; y < years.Length; y++)
        {
            var p = model.Propensities(years[y], eta);
            for (int k = 0; k < K; k++)
            {
                double num = 0, den = 0;
                for (int cell = 0; cell < PopulationIndex.CellCount; cell++)
                {
                    if (model.GroupOfCell[cell] < 0) continue;
                    num += pops[y][cell] * p[cell * K + k];
                    den += pops[y][cell];
                }
                Approx.Equal(num / den, shares[y][k], 1e-12, $"{years[y]} indicator {k}");
            }
        }
    }

    [Fact]
    public void CloseGapPolicyHalvesTheLogitGapByItsTargetYear()
    {
        var fw = SimulationFixture.Framework;
        var policy = CohesionScenarioCatalog.Resolve("halve-education-gap-institutional-trust", ScenarioKind.Policy, fw);
        var model = new PropensityModel(SimulationFixture.Models, CohesionScenario.None(), policy);
        var eta = model.GroupEta();
        int K = model.IndicatorCount;
        int k = SimulationFixture.Models.Models.Select(m => m.Id).ToList().IndexOf("trust_tweede_kamer");
        int social = SimulationFixture.Models.Models.Select(m => m.Id).ToList().IndexOf("trust_people");
        int low = PopulationIndex.Index(PopulationIndex.Female, 40, PopulationIndex.Dutch, PopulationIndex.Low);
        int high = PopulationIndex.Index(PopulationIndex.Female, 40, PopulationIndex.Dutch, PopulationIndex.High);
        double Gap(double[] p, int ind) => LogisticRegression.Logit(p[low * K + ind]) - LogisticRegression.Logit(p[high * K + ind]);
        double baseGap = Gap(model.Propensities(2024, eta), k);
        Approx.Equal(baseGap, Gap(model.Propensities(2025, eta), k), 1e-9, "before the policy starts");
        Approx.Equal(0.75 * baseGap, Gap(model.Propensities(2030, eta), k), 1e-9, "half-way");
        Approx.Equal(0.5 * baseGap, Gap(model.Propensities(2035, eta), k), 1e-9, "target year");
        Approx.Equal(0.5 * baseGap, Gap(model.Propensities(2050, eta), k), 1e-9, "after");
        // the high educated and other dimensions are untouched
        var none = new PropensityModel(SimulationFixture.Models, CohesionScenario.None(), null).Propensities(2050, eta);
        var with = model.Propensities(2050, eta);
        Assert.Equal(none[high * K + k], with[high * K + k]);
        Assert.Equal(none[low * K + social], with[low * K + social]);
    }

    [Fact]
    public void TrendsAccumulateLinearlyOnTheLogitScale()
    {
        var fw = SimulationFixture.Framework;
        var societal = CohesionScenarioCatalog.Resolve("trends", ScenarioKind.Societal, fw);
        var model = new PropensityModel(SimulationFixture.Models, societal, null);
        int K = model.IndicatorCount;
        int k = SimulationFixture.Models.Models.Select(m => m.Id).ToList().IndexOf("association_member");
        int cell = PopulationIndex.Index(PopulationIndex.Male, 60, PopulationIndex.Dutch, PopulationIndex.Middle); // born 1964-1990: no cohort rule
        Approx.Equal(-0.02 * 10, model.FixedShifts(2034)[cell * K + k], 1e-12, "10 years of -0.02");
        Assert.Equal(0.0, model.FixedShifts(2024)[cell * K + k]);
        int young = PopulationIndex.Index(PopulationIndex.Male, 20, PopulationIndex.Dutch, PopulationIndex.Middle); // born 2014 in 2034
        Approx.Equal(-0.02 * 10 - 0.2, model.FixedShifts(2034)[young * K + k], 1e-12, "trend plus cohort effect");
    }

    [Fact]
    public void CoefficientDrawsAreReproducibleAndCentredOnTheEstimates()
    {
        var models = SimulationFixture.Models;
        ulong key = Cohesion.Simulation.CounterRng.RunKey(5, 0, Cohesion.Simulation.CounterRng.Coefficients);
        var a = ReweightingProjection.DrawCoefficients(models, key, 3);
        var b = ReweightingProjection.DrawCoefficients(models, key, 3);
        Assert.Equal(a[0], b[0]);
        // the mean of many draws of the first indicator's intercept is within 4 SE/√n of the estimate
        var m = models.Models[0];
        int n = 4000;
        double sum = 0;
        for (int r = 0; r < n; r++) sum += ReweightingProjection.DrawCoefficients(models, key, r)[0][0];
        double se = m.Fit.StandardErrors()[0];
        Assert.InRange(sum / n - m.Fit.Coefficients[0], -4 * se / Math.Sqrt(n), 4 * se / Math.Sqrt(n));
    }
}
