using System.Text.Json;
using Cohesion.Statistics.Regression;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Models;

/// <summary>plm's within/random/between/fd/pooling estimators, phtest and pFtest (tools/reference/models_depth.R).</summary>
public class PanelModelsTests
{
    private static readonly string[] Files = ["plm_grunfeld", "plm_empluk", "plm_produc"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in Files)
            foreach (var c in FixtureJson.Load("models_depth", f + ".json").GetProperty("cases").EnumerateArray())
                data.Add(f, c.GetProperty("name").GetString()!);
        return data;
    }

    internal static PanelModelType Model(string s) => s switch
    {
        "within" => PanelModelType.Within, "random" => PanelModelType.Random, "between" => PanelModelType.Between,
        "fd" => PanelModelType.FirstDifference, "pooling" => PanelModelType.Pooling, _ => throw new ArgumentException(s),
    };

    internal static PanelEffect Effect(string s) => s switch
    {
        "individual" => PanelEffect.Individual, "time" => PanelEffect.Time, "twoways" => PanelEffect.TwoWays, _ => throw new ArgumentException(s),
    };

    internal static RandomEffectsMethod Method(string s) => s switch
    {
        "swar" => RandomEffectsMethod.SwamyArora, "walhus" => RandomEffectsMethod.WallaceHussain, "amemiya" => RandomEffectsMethod.Amemiya,
        "nerlove" => RandomEffectsMethod.Nerlove, _ => throw new ArgumentException(s),
    };

    private static (JsonElement Root, Cohesion.Statistics.Data.DataFrame Data) Load(string file)
    {
        var root = FixtureJson.Load("models_depth", file + ".json");
        return (root, Cohesion.Data.DatasetLoader.Load(Paths.Fixture("models_depth", root.GetProperty("data").GetString()!)));
    }

    private static PanelFit Fit(JsonElement root, Cohesion.Statistics.Data.DataFrame data, PanelOptions o)
    {
        var index = root.GetProperty("index").Strings();
        return PanelModels.Fit(data, root.GetProperty("formula").GetString()!, index[0], index[1], o);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPlm(string file, string name)
    {
        var (root, data) = Load(file);
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == name);
        var fit = Fit(root, data, new PanelOptions
        {
            Model = Model(c.GetProperty("model").GetString()!), Effect = Effect(c.GetProperty("effect").GetString()!),
            RandomMethod = Method(c.GetProperty("random_method").GetString()!),
        });
        Assert.Equal(c.GetProperty("terms").Strings(), fit.Coefficients.Select(x => x.Term));
        Assert.Equal(c.GetProperty("df").GetInt32(), fit.DfResidual);
        Approx.Equal(c.GetProperty("rss").GetDouble(), fit.Rss, 1e-8, $"{name} rss");
        string[] keys = ["estimate", "se", "statistic", "p"];
        foreach (var key in keys)
        {
            var expected = c.GetProperty(key).Doubles();
            for (int i = 0; i < expected.Length; i++)
            {
                var co = fit.Coefficients[i];
                double actual = key switch { "estimate" => co.Estimate, "se" => co.StdError, "statistic" => co.Statistic, _ => co.PValue };
                // p-values below 1e-300 underflow differently
                if (key == "p" && expected[i] < 1e-250) { Assert.True(actual < 1e-200); continue; }
                Approx.Equal(expected[i], actual, key == "p" ? 1e-6 : 1e-7, $"{name} {co.Term} {key}");
            }
        }
        if (c.TryGetProperty("sigma2", out var s2))
        {
            Approx.Equal(s2.GetProperty("idios").GetDouble(), fit.Components!.Idiosyncratic, 1e-8, $"{name} σ²_idios");
            if (s2.TryGetProperty("id", out var id)) Approx.Equal(id.GetDouble(), fit.Components.Individual!.Value, 1e-8, $"{name} σ²_id");
            if (s2.TryGetProperty("time", out var tm)) Approx.Equal(tm.GetDouble(), fit.Components.Time!.Value, 1e-8, $"{name} σ²_time");
            var th = c.GetProperty("theta");
            if (th.ValueKind == JsonValueKind.Object)
            {
                Approx.Equal(th.GetProperty("id").Doubles()[0], fit.Components.ThetaIndividual![0], 1e-8, $"{name} θ id");
                Approx.Equal(th.GetProperty("time").Doubles()[0], fit.Components.ThetaTime![0], 1e-8, $"{name} θ time");
                Approx.Equal(th.GetProperty("total").Doubles()[0], fit.Components.ThetaTotal![0], 1e-8, $"{name} θ total");
            }
            else
            {
                var expected = th.Doubles();
                var mine = fit.Components.ThetaIndividual ?? fit.Components.ThetaTime!;
                if (expected.Length == 1) Approx.Equal(expected[0], fit.Components.Theta!.Value, 1e-8, $"{name} θ");
                else for (int i = 0; i < expected.Length; i++) Approx.Equal(expected[i], mine[i], 1e-8, $"{name} θ[{i}]");
            }
        }
    }

    public static TheoryData<string, string> TestCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in Files)
            foreach (var t in FixtureJson.Load("models_depth", f + ".json").GetProperty("tests").EnumerateObject())
                data.Add(f, t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(TestCases))]
    public void HausmanAndPoolabilityMatchPlm(string file, string effect)
    {
        var (root, data) = Load(file);
        var t = root.GetProperty("tests").GetProperty(effect);
        var e = Effect(effect);
        var within = Fit(root, data, new PanelOptions { Model = PanelModelType.Within, Effect = e });
        var random = Fit(root, data, new PanelOptions { Model = PanelModelType.Random, Effect = e });
        var pooling = Fit(root, data, new PanelOptions { Model = PanelModelType.Pooling });
        var h = PanelModels.Hausman(within, random);
        var eh = t.GetProperty("hausman");
        Approx.Equal(eh.GetProperty("statistic").GetDouble(), h.Statistic, 1e-6, "Hausman χ²");
        Assert.Equal(eh.GetProperty("df").GetInt32(), h.Df);
        Approx.Equal(eh.GetProperty("p").GetDouble(), h.PValue, 1e-6, "Hausman p");
        var f = PanelModels.Poolability(within, pooling);
        var ef = t.GetProperty("poolability");
        Approx.Equal(ef.GetProperty("statistic").GetDouble(), f.Statistic, 1e-8, "F");
        Assert.Equal(ef.GetProperty("df1").GetInt32(), f.Df1);
        Assert.Equal(ef.GetProperty("df2").GetInt32(), f.Df2);
        if (ef.GetProperty("p").GetDouble() > 1e-250) Approx.Equal(ef.GetProperty("p").GetDouble(), f.PValue, 1e-5, "F p");
    }

    [Fact]
    public void TwoWayRandomEffectsOnAnUnbalancedPanelIsRefused()
    {
        var (root, data) = Load("plm_empluk");
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => Fit(root, data, new PanelOptions { Model = PanelModelType.Random, Effect = PanelEffect.TwoWays }));
        Assert.Contains("balanced", ex.Message);
    }

    [Fact]
    public void DuplicatePanelIndexIsAnErrorNamingTheRow()
    {
        var (root, data) = Load("plm_grunfeld");
        var dup = data.Select(Enumerable.Range(0, data.RowCount).Append(3).ToArray());
        var ex = Assert.Throws<Cohesion.Statistics.CohesionException>(() => PanelModels.Fit(dup, "inv ~ value + capital", "firm", "year"));
        Assert.Contains("duplicate", ex.Message);
        Assert.Equal(dup.RowCount, ex.Row);
    }
}
