using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Glm;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>Weighted logistic regression against R <c>glm(family = binomial, weights = w)</c>
/// (fixtures from tools/reference/simulation.R).</summary>
public class LogisticRegressionTests
{
    internal static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("simulation", name))).RootElement;

    internal static GlmFit FitGroups(string formula, string? weight = "weight", string file = "glm_groups.csv", Action<Cohesion.Statistics.Data.DataFrame>? prepare = null, GlmControl? control = null)
    {
        var data = CsvReader.Read(Paths.Fixture("simulation", file));
        prepare?.Invoke(data);
        var f = ModelFormula.Parse(formula);
        var extra = weight is null ? new[] { f.Response! } : new[] { f.Response!, weight };
        var x = DesignMatrix.Build(data, f, extra);
        var yAll = data.Numeric(f.Response!).Values;
        var y = x.Rows.Select(r => yAll[r]).ToArray();
        var w = weight is null ? Array.Empty<double>() : x.Rows.Select(r => data.Numeric(weight).Values[r]).ToArray();
        return LogisticRegression.Fit(x, y, w, control);
    }

    internal static void AssertCoefficients(JsonElement expected, GlmFit fit, double[] se, double tol)
    {
        var names = expected.GetProperty("names").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(names, fit.ColumnNames);
        var est = expected.GetProperty("estimate").EnumerateArray().ToArray();
        var ses = expected.GetProperty("se").EnumerateArray().ToArray();
        for (int j = 0; j < names.Length; j++)
        {
            if (est[j].ValueKind == JsonValueKind.Null)
            {
                Assert.True(double.IsNaN(fit.Coefficients[j]), $"{names[j]} should be aliased");
                Assert.True(double.IsNaN(se[j]));
                continue;
            }
            Approx.Equal(est[j].GetDouble(), fit.Coefficients[j], tol, $"coefficient {names[j]}");
            Approx.Equal(ses[j].GetDouble(), se[j], tol, $"SE {names[j]}");
        }
    }

    [Fact]
    public void WeightedGlmMatchesR()
    {
        var r = Fixture("glm_groups.json").GetProperty("glm_weighted");
        var fit = FitGroups(r.GetProperty("formula").GetString()!);
        Assert.True(fit.Converged);
        AssertCoefficients(r, fit, fit.StandardErrors(), 1e-9);
        Approx.Equal(r.GetProperty("deviance").GetDouble(), fit.Deviance, 1e-10, "deviance");
        Approx.Equal(r.GetProperty("null_deviance").GetDouble(), fit.NullDeviance, 1e-10, "null deviance");
        Approx.Equal(r.GetProperty("aic").GetDouble(), fit.Aic, 1e-10, "AIC");
        Assert.Equal(r.GetProperty("df_residual").GetInt32(), fit.DfResidual);
        Assert.Equal(r.GetProperty("iterations").GetInt32(), fit.Iterations);
    }

    [Fact]
    public void AliasedColumnIsNaNAsInR()
    {
        var r = Fixture("glm_groups.json").GetProperty("glm_aliased");
        var fit = FitGroups(r.GetProperty("formula").GetString()!, weight: null, prepare: d =>
        {
            var edu = d.Categorical("education3");
            d.Add(new Cohesion.Statistics.Data.CategoricalColumn("edu_copy", edu.Codes, edu.Levels));
        });
        Assert.Equal(4, fit.Rank);
        AssertCoefficients(r, fit, fit.StandardErrors(), 1e-9);
        Approx.Equal(r.GetProperty("deviance").GetDouble(), fit.Deviance, 1e-10, "deviance");
    }

    [Fact]
    public void WeightedMeanOfFittedEqualsWeightedObservedMean()
    {
        // The intercept's score equation: Σ w (y − μ) = 0, the identity behind "reweighting the base-year sample
        // returns the base-year estimate".
        var fx = Fixture("glm_groups.json");
        var fit = FitGroups(fx.GetProperty("glm_weighted").GetProperty("formula").GetString()!);
        double sw = 0, swy = 0, swm = 0;
        for (int i = 0; i < fit.ObservationCount; i++)
        {
            sw += fit.PriorWeights[i]; swy += fit.PriorWeights[i] * fit.Response[i]; swm += fit.PriorWeights[i] * fit.Fitted[i];
        }
        Approx.Equal(fx.GetProperty("weighted_mean_trust").GetDouble(), swy / sw, 1e-12, "observed");
        Approx.Equal(swy / sw, swm / sw, 1e-7, "fitted");
        // with a tighter convergence criterion the identity holds to rounding
        var tight = FitGroups(fx.GetProperty("glm_weighted").GetProperty("formula").GetString()!, control: new GlmControl(1e-14, 50));
        double tm = 0;
        for (int i = 0; i < tight.ObservationCount; i++) tm += tight.PriorWeights[i] * tight.Fitted[i];
        Approx.Equal(swy / sw, tm / sw, 1e-12, "fitted, tight");
    }

    [Fact]
    public void ResponseOutsideZeroOneIsAnError()
    {
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => FitGroups("age ~ sex"));
        Assert.Contains("not in [0, 1]", ex.Message);
        Assert.NotNull(ex.Row);
    }

    [Fact]
    public void LinkFunctionsAreClampedAsInR()
    {
        Assert.Equal(Math.Pow(2, -52) / (1 + Math.Pow(2, -52)), LogisticRegression.LinkInverse(-40));
        Assert.Equal(Math.Pow(2, -52), LogisticRegression.MuEta(31));
        Approx.Equal(0.25, LogisticRegression.MuEta(0), 1e-15);
        Approx.Equal(1 / (1 + Math.Exp(-1.3)), LogisticRegression.LinkInverse(1.3), 1e-15);
    }
}
