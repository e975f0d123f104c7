using System.Text.Json;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>SurveyContrast against R's svycontrast on svyby(covmat=TRUE) results (tools/reference/contrast.R): Taylor
/// designs with clusters, strata, two stages and fpc, missing values, totals and ratios, replicate designs and
/// calibrated designs, to 1e-8 relative.</summary>
public class SurveyContrastTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey", "contrast_reference.json"))).RootElement.GetProperty("results"));

    public static IEnumerable<object[]> Cases() => Reference.Value.EnumerateObject().Select(p => new object[] { p.Name });

    private static double[] Col(DataFrame f, string c) => f.Numeric(c).Values;

    private static SurveyDesign Design(string name)
    {
        var clus1 = SurveyReferenceTests.Frame("apiclus1");
        var clus2 = SurveyReferenceTests.Frame("apiclus2");
        return name switch
        {
            _ when name.StartsWith("clus1_nofpc") => SurveyReferenceTests.Clus1(fpc: false),
            _ when name.StartsWith("clus1_") => SurveyReferenceTests.Clus1(),
            _ when name.StartsWith("clus2_") => SurveyReferenceTests.Clus2(fpc: null),
            _ when name.StartsWith("stratclus_") => SurveyDesign.Create(new()
            {
                Weights = Col(clus2, "pw"), Strata = clus2.Categorical("dstratum").Codes, Clusters = [clus2.Categorical("dnum").Codes],
            }),
            _ when name.StartsWith("strat_") => SurveyReferenceTests.Strat(),
            _ when name.StartsWith("jk1_mse") => SurveyReferenceTests.Clus1().WithReplicates(ReplicateType.JK1, mse: true),
            _ when name.StartsWith("jk1_") => SurveyReferenceTests.Clus1().WithReplicates(ReplicateType.JK1),
            _ when name.StartsWith("jkn_") => SurveyReferenceTests.Strat().WithReplicates(ReplicateType.JKn),
            _ when name.StartsWith("boot_seed7") => SurveyReferenceTests.Strat(fpc: false).WithReplicates(ReplicateType.Bootstrap, 40, seed: 7),
            _ when name.StartsWith("rake_") => SurveyReferenceTests.RakeClus1(SurveyReferenceTests.Clus1()),
            _ when name.StartsWith("poststrat_") => SurveyReferenceTests.Clus1().PostStratify(Margin(clus1, "stype", [("E", 4421), ("H", 755), ("M", 1018)])),
            _ => throw new InvalidOperationException(name),
        };
    }

    private static CalibrationMargin Margin(DataFrame f, string col, (string Level, double Total)[] totals)
    {
        var c = f.Categorical(col);
        return new CalibrationMargin(c.Codes, c.Levels.Select(l => totals.Single(x => x.Level == l).Total).ToArray(), col, c.Levels);
    }

    private static DataFrame FrameOf(string name) => SurveyReferenceTests.Frame(
        name.StartsWith("clus2_") || name.StartsWith("stratclus_") ? "apiclus2"
        : name.StartsWith("strat_") || name.StartsWith("jkn_") || name.StartsWith("boot_") ? "apistrat" : "apiclus1");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesSvycontrast(string name)
    {
        var r = Reference.Value.GetProperty(name);
        var f = FrameOf(name);
        var by = name.Contains("_awards") ? "awards" : "stype";
        var dom = f.Categorical(by);
        Assert.Equal(r.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToArray(), dom.Levels);
        var contrasts = r.GetProperty("contrasts").EnumerateArray().Select(c => c.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var design = Design(name);
        SurveyContrastEstimate[] got = name switch
        {
            _ when name.Contains("_total_") => SurveyContrast.TotalBy(design, Col(f, "enroll"), dom.Codes, dom.LevelCount, contrasts),
            _ when name.Contains("_ratio_") => SurveyContrast.RatioBy(design, Col(f, "api00"), Col(f, "api99"), dom.Codes, dom.LevelCount, contrasts),
            _ => SurveyContrast.MeanBy(design, Col(f, name.Contains("enroll") ? "enroll" : name.Contains("acs_k3") ? "acs_k3" : "api00"), dom.Codes, dom.LevelCount, contrasts),
        };
        var est = r.GetProperty("estimate").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var se = r.GetProperty("se").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var p = r.GetProperty("p").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(contrasts.Length, got.Length);
        for (int c = 0; c < got.Length; c++)
        {
            Approx.Equal(est[c], got[c].Estimate, 1e-9, $"{name} contrast {c + 1} estimate");
            Approx.Equal(se[c], got[c].StandardError, 1e-8, $"{name} contrast {c + 1} SE");
            Approx.Equal(p[c], got[c].P, 1e-6, $"{name} contrast {c + 1} p");
        }
    }

    [Fact]
    public void DifferencesFromReferenceAreEveryOtherDomainMinusTheReference()
    {
        var c = SurveyContrast.DifferencesFrom(1, 3);
        Assert.Equal(2, c.Length);
        Assert.Equal([1.0, -1.0, 0.0], c[0]);
        Assert.Equal([0.0, -1.0, 1.0], c[1]);
    }

    [Fact]
    public void ContrastOnAnEmptyDomainIsUndefinedAndOthersAreNot()
    {
        var f = SurveyReferenceTests.Frame("apiclus1");
        var dom = f.Categorical("stype");
        var codes = dom.Codes.Select(c => c == 2 ? -1 : c).ToArray(); // no row in "M"
        var r = SurveyContrast.MeanBy(SurveyReferenceTests.Clus1(), Col(f, "api00"), codes, 3, [[1, -1, 0], [0, -1, 1]]);
        Assert.False(double.IsNaN(r[0].StandardError));
        Assert.True(double.IsNaN(r[1].Estimate));
    }

    [Fact]
    public void FromCovarianceIsTheQuadraticForm()
    {
        var e = SurveyContrast.FromCovariance([1.0, 3.0], [4.0, 1.0, 1.0, 9.0], [-1.0, 1.0]);
        Assert.Equal(2.0, e.Estimate, 12);
        Assert.Equal(Math.Sqrt(4 + 9 - 2), e.StandardError, 12);
    }
}
