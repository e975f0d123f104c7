using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Xunit;

namespace Cohesion.Tests.Formula;

public class FormulaParserTests
{
    [Fact]
    public void ExpandsProductsInROrder()
    {
        var f = ModelFormula.Parse("y ~ a*b + c");
        Assert.Equal("y", f.Response);
        Assert.True(f.Intercept);
        Assert.Equal(["a", "b", "c", "a:b"], f.Terms.Select(t => t.Name));
    }

    [Fact]
    public void InteractionVariablesFollowFirstAppearanceAsInR()
    {
        // terms(y ~ sex + edu + edu:sex) labels the interaction "sex:edu"
        var f = ModelFormula.Parse("y ~ sex + edu + edu:sex");
        Assert.Equal(["sex", "edu", "sex:edu"], f.Terms.Select(t => t.Name));
        Assert.Equal(["a", "b", "b:a"], ModelFormula.Parse("y ~ b:a + a + b").Terms.Select(t => t.Name).OrderBy(n => n.Length).ThenBy(n => n));
    }

    [Fact]
    public void ParsesRandomTermsAndNesting()
    {
        var f = ModelFormula.Parse("angle ~ temperature + (1|recipe/replicate)");
        Assert.Equal(["temperature"], f.Terms.Select(t => t.Name));
        Assert.Equal(2, f.RandomTerms.Count);
        Assert.Equal(["recipe"], f.RandomTerms[0].Grouping);
        Assert.Equal("replicate:recipe", f.RandomTerms[1].GroupName);
        var g = ModelFormula.Parse("y ~ x + (x || g)");
        Assert.Equal(2, g.RandomTerms.Count);
        Assert.False(g.RandomTerms[0].Correlated);
    }

    [Fact]
    public void ParsesAbsorbedFixedEffectsAndIntercept()
    {
        var f = ModelFormula.Parse("wage ~ union + married | nr + year");
        Assert.Equal(["nr", "year"], f.AbsorbedFactors);
        Assert.False(ModelFormula.Parse("y ~ 0 + x").Intercept);
        Assert.False(ModelFormula.Parse("y ~ x - 1").Intercept);
        var mods = ModelFormula.Parse("~ ablat + factor(alloc)");
        Assert.Null(mods.Response);
        Assert.True(mods.Terms[1].Variables[0].ForcedFactor);
    }

    [Theory]
    [InlineData("y x")]
    [InlineData("y ~ ")]
    [InlineData("y ~ foo(x)")]
    [InlineData("y ~ (1|g")]
    [InlineData("y ~ 2")]
    public void RejectsMalformedFormulas(string text)
    {
        var ex = Assert.ThrowsAny<CohesionException>(() => ModelFormula.Parse(text));
        Assert.Contains("formula", ex.Message);
    }

    [Fact]
    public void DesignMatrixFollowsModelMatrixConventions()
    {
        // model.matrix(~ x * f + I(x^2), data.frame(x=c(1,2,3,4,NA), f=c("b","a","b","c","a")))
        var df = new DataFrame([
            new NumericColumn("x", [1, 2, 3, 4, double.NaN]),
            CategoricalColumn.FromStrings("f", ["b", "a", "b", "c", "a"])]);
        var m = DesignMatrix.Build(df, ModelFormula.Parse("~ x * f + I(x^2)"));
        Assert.Equal(["(Intercept)", "x", "fb", "fc", "I(x^2)", "x:fb", "x:fc"], m.ColumnNames);
        Assert.Equal([0, 1, 2, 3], m.Rows);
        Assert.Equal(new double[] { 1, 0, 1, 0 }, m.Column(2).ToArray());
        Assert.Equal(new double[] { 1, 4, 9, 16 }, m.Column(4).ToArray());
        Assert.Equal(new double[] { 1, 0, 3, 0 }, m.Column(5).ToArray());
        Assert.Equal(new double[] { 0, 0, 0, 4 }, m.Column(6).ToArray());
    }

    [Fact]
    public void FactorWithoutMainEffectGetsFullIndicators()
    {
        // model.matrix(~ x:f, ...) → (Intercept), x:fa, x:fb
        var df = new DataFrame([
            new NumericColumn("x", [1, 2, 3]),
            CategoricalColumn.FromStrings("f", ["a", "b", "a"])]);
        var m = DesignMatrix.Build(df, ModelFormula.Parse("~ x:f"));
        Assert.Equal(["(Intercept)", "x:fa", "x:fb"], m.ColumnNames);
    }
}
