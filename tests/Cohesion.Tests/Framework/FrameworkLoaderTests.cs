using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Framework;

public class FrameworkLoaderTests
{
    private static string DataFolder => Path.Combine(Paths.RepoRoot, "data", "framework");

    [Fact]
    public void BuiltInFrameworkHasTheFourDimensionsAndCbsIndicators()
    {
        var f = FrameworkLoader.Load(Path.Combine(DataFolder, "cbs-ssw.json"));
        Assert.Equal(CohesionFramework.CanonicalDimensionIds, f.Dimensions.Select(d => d.Id).ToArray());
        Assert.Equal(CohesionAxis.Horizontal, f.Dimension("social_trust").Axis);
        Assert.Equal(CohesionKind.Attitude, f.Dimension("social_trust").Kind);
        Assert.Equal(CohesionKind.Behaviour, f.Dimension("social_participation").Kind);
        Assert.Equal(CohesionAxis.Vertical, f.Dimension("institutional_trust").Axis);
        Assert.Equal(CohesionKind.Behaviour, f.Dimension("political_participation").Kind);
        // the ten institutions of MISSION §1, 4-point scale with heel veel + tamelijk veel = trust
        var inst = f.IndicatorsOf("institutional_trust").ToList();
        Assert.Equal(10, inst.Count);
        Assert.All(inst, i => Assert.Equal("in [1, 2]", i.Recode.Describe()));
        Assert.All(f.Indicators, i => Assert.Contains(998.0, i.MissingCodes));
        Assert.Equal([997.0, 998, 999], f.Indicators.Single(i => i.Id == "voted").MissingCodes);
        Assert.Equal("Vertrouwen in de Tweede Kamer", f.Indicators.Single(i => i.Id == "trust_tweede_kamer").LabelNl);
        Assert.Equal(0.5, f.ScoreRule.MinShare);
        Assert.Equal("weight", f.Design.Weight);
        Assert.Equal("province", f.Design.Strata);
        Assert.Equal(["municipality"], f.Design.Clusters);
    }

    [Fact]
    public void VuPanelFrameworkUsesAThresholdOnTheZeroToTenScale()
    {
        var f = FrameworkLoader.Load(Path.Combine(DataFolder, "vu-election-panel-2021.json"));
        var inst = f.IndicatorsOf("institutional_trust").ToList();
        Assert.Equal(11, inst.Count);
        Assert.All(inst, i => Assert.Equal(new ThresholdRule(ThresholdOp.GreaterOrEqual, 6), i.Recode));
        Assert.True(f.Design.IsEmpty);
        Assert.Contains("equal weights", f.DataNote);
    }

    [Fact]
    public void YamlIsAcceptedWithTheSameStructure()
    {
        var yaml = """
            id: mini
            missing: [8, 9]
            dimensions:
              - {id: social_trust, label_nl: Sociaal vertrouwen, label_en: Social trust, axis: horizontal, kind: attitude}
            indicators:
              - id: trust_people
                column: q1
                dimension: social_trust
                recode: "in [1]"
                label_nl: Te vertrouwen
                label_en: Can be trusted
              - id: home
                column: q2
                dimension: social_trust
                recode: ">= 4"
                missing: ["weet niet"]
                label_nl: Thuis
                label_en: At home
            """;
        var f = FrameworkLoader.Parse(yaml, "mini.yaml", yaml: true);
        Assert.Equal("mini", f.Id);
        Assert.Equal([8.0, 9.0], f.Indicators[0].MissingCodes);
        Assert.Equal(["weet niet"], f.Indicators[1].MissingTexts);
        Assert.Empty(f.Indicators[1].MissingCodes);
        Assert.Equal(new ThresholdRule(ThresholdOp.GreaterOrEqual, 4), f.Indicators[1].Recode);
    }

    private const string Dim = """{"id":"social_trust","label_nl":"a","label_en":"b","axis":"horizontal","kind":"attitude"}""";
    private const string Ind = """{"id":"trust_people","column":"q1","dimension":"social_trust","recode":"in [1]","label_nl":"a","label_en":"b"}""";

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "must be an object")]
    [InlineData("""{"dimensions":[],"indicators":[]}""", "dimensions: required")]
    [InlineData("""{"dimensions":[DIM],"indicators":[IND],"colour":"red"}""", "colour: unknown field")]
    [InlineData("""{"dimensions":[{"id":"Social Trust","label_nl":"a","label_en":"b","axis":"horizontal","kind":"attitude"}],"indicators":[IND]}""", "dimensions[0].id: 'Social Trust' is not a snake_case id")]
    [InlineData("""{"dimensions":[{"id":"social_trust","label_nl":"a","label_en":"b","axis":"diagonal","kind":"attitude"}],"indicators":[IND]}""", "dimensions[0] (\"social_trust\").axis: must be 'horizontal' or 'vertical'")]
    [InlineData("""{"dimensions":[{"id":"social_trust","label_nl":"a","label_en":"b","axis":"horizontal","kind":"feeling"}],"indicators":[IND]}""", ".kind: must be 'attitude' or 'behaviour'")]
    [InlineData("""{"dimensions":[{"id":"social_trust","label_en":"b","axis":"horizontal","kind":"attitude"}],"indicators":[IND]}""", "label_nl: required")]
    [InlineData("""{"dimensions":[DIM,DIM],"indicators":[IND]}""", "dimensions[1] (\"social_trust\").id: duplicate dimension id")]
    [InlineData("""{"dimensions":[DIM],"indicators":[IND,IND]}""", "indicators[1] (\"trust_people\").id: duplicate indicator id")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","column":"q1","dimension":"social_trust","recode":"between 1 2","label_nl":"a","label_en":"b"}]}""", "indicators[0] (\"x\").recode: unknown rule 'between 1 2'")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","column":"q1","dimension":"trust","recode":"in [1]","label_nl":"a","label_en":"b"}]}""", "indicators[0] (\"x\").dimension: 'trust' is not a declared dimension")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","dimension":"social_trust","recode":"in [1]","label_nl":"a","label_en":"b"}]}""", "indicators[0] (\"x\").column: required")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","column":"q1","dimension":"social_trust","recode":"in [1, 9]","missing":[9],"label_nl":"a","label_en":"b"}]}""", "both in the category set and a missing code")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","column":"q1","dimension":"social_trust","recode":"scale [0, 10]","missing":[9],"label_nl":"a","label_en":"b"}]}""", "missing: missing code 9 lies inside the scale range")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"x","column":"q1","dimension":"social_trust","recode":"in [1]","missing":[true],"label_nl":"a","label_en":"b"}]}""", "missing[0]: must be a number or a text code")]
    [InlineData("""{"dimensions":[DIM],"indicators":[{"id":"social_trust","column":"q1","dimension":"social_trust","recode":"in [1]","label_nl":"a","label_en":"b"}]}""", "cannot have the id of a dimension")]
    [InlineData("""{"dimensions":[DIM,{"id":"social_participation","label_nl":"a","label_en":"b","axis":"horizontal","kind":"behaviour"}],"indicators":[IND]}""", "(\"social_participation\"): has no indicators")]
    [InlineData("""{"score_rule":{"min_share":1.5},"dimensions":[DIM],"indicators":[IND]}""", "score_rule.min_share: must be in (0, 1]")]
    [InlineData("""{"score_rule":{"method":"sum"},"dimensions":[DIM],"indicators":[IND]}""", "score_rule.method: 'sum' is not supported")]
    [InlineData("""{"design":{"weights":"w"},"dimensions":[DIM],"indicators":[IND]}""", "design.weights: unknown field")]
    public void ValidationErrorsNameTheFileAndField(string json, string expected)
    {
        json = json.Replace("DIM", Dim).Replace("IND", Ind);
        var ex = Assert.Throws<CohesionException>(() => FrameworkLoader.Parse(json, "my-framework.json"));
        Assert.Equal("my-framework.json", ex.File);
        Assert.Contains(expected, ex.Describe());
        Assert.StartsWith("my-framework.json: ", ex.Describe());
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var ex = Assert.Throws<CohesionException>(() => FrameworkLoader.Load("/no/such/framework.json"));
        Assert.Contains("framework file not found", ex.Describe());
    }

    [Fact]
    public void InvalidYamlNamesLine()
    {
        var ex = Assert.Throws<CohesionException>(() => FrameworkLoader.Parse("dimensions: [a\nindicators: b: c", "f.yaml", yaml: true));
        Assert.Contains("not valid YAML", ex.Message);
        Assert.Equal("f.yaml", ex.File);
    }
}
