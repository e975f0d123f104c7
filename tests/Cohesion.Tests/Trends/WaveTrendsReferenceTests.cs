using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Cohesion.Trends;
using Xunit;

namespace Cohesion.Tests.Trends;

/// <summary>Every multi-wave case of tools/reference/trends.R (R survey svyby / svycontrast / svyglm on synthetic
/// stacked waves and a panel), compared to 1e-8 relative (1e-6 for the iterated GLM slopes).</summary>
public class WaveTrendsReferenceTests
{
    internal static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("trends", "trends_reference.json"))).RootElement);

    /// <summary>The request each fixture case was made with in R.</summary>
    internal static WaveTrendsRequest Request(string name)
    {
        var waves = new WaveTrendsRequest
        {
            Data = DatasetLoader.Load(Paths.Fixture("trends", name.StartsWith("lonely") ? "waves_lonely.csv" : "waves.csv")),
            Year = "year", Weight = "weight", Strata = "stratum", Clusters = ["psu"], By = "edu",
        };
        var panel = new WaveTrendsRequest
        {
            Data = DatasetLoader.Load(Paths.Fixture("trends", "panel.csv")),
            Year = "wave", Weight = "wt", Strata = "st", Clusters = ["pid"], By = "edu", Panel = true,
        };
        var supplied = new WaveTrendsRequest
        {
            Data = DatasetLoader.Load(Paths.Fixture("trends", "waves_repweights.csv")),
            Year = "year", Weight = "weight", By = "edu",
            SuppliedReplicates = new ReplicateColumns
            {
                Pattern = "rep_[0-9]+", Type = ReplicateType.JKn,
                Rscales = File.ReadAllLines(Paths.Fixture("trends", "waves_rscales.txt")).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            },
        };
        return name switch
        {
            "repweights_jkn_trust_by_edu" => supplied with { Variables = ["trust"] },
            "repweights_jkn_score_national" => supplied with { Variables = ["score"], By = null },
            "repweights_jkn_mse_score_by_edu" => supplied with { Variables = ["score"], Mse = true },
            "strat_clus_trust_by_edu" => waves with { Variables = ["trust"] },
            "strat_clus_score_by_edu" => waves with { Variables = ["score"] },
            "strat_clus_trust_national" => waves with { Variables = ["trust"], By = null },
            "strat_clus_score_national" => waves with { Variables = ["score"], By = null },
            "year_strata_trust_by_edu" => waves with { Variables = ["trust"], Strata = null },
            "srs_score_by_edu" => waves with { Variables = ["score"], Strata = null, Clusters = [] },
            "jkn_trust_by_edu" => waves with { Variables = ["trust"], Replicates = ReplicateType.JKn },
            "lonely_adjust_score" => waves with { Variables = ["score"], LonelyPsu = LonelyPsu.Adjust },
            "panel_agree_by_edu" => panel with { Variables = ["agree"] },
            "panel_trust10_national" => panel with { Variables = ["trust10"], By = null },
            "panel_nostrata_trust10_by_edu" => panel with { Variables = ["trust10"], Strata = null },
            "panel_as_independent_trust10" => panel with { Variables = ["trust10"], By = null, Panel = false },
            _ => throw new ArgumentException(name),
        };
    }

    public static IEnumerable<object[]> Cases() => Reference.Value.EnumerateObject()
        .Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("waves", out _))
        .Select(p => new object[] { p.Name });

    /// <summary>An R vector written by jsonlite with auto_unbox: an array, or a scalar for length one.</summary>
    internal static List<JsonElement> Vec(JsonElement o, string field)
    {
        var v = o.GetProperty(field);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v];
    }

    internal static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
    private static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesR(string name)
    {
        var r = Reference.Value.GetProperty(name);
        var result = WaveTrends.Run(Request(name));
        var variable = r.GetProperty("variable").GetString();

        var w = r.GetProperty("waves");
        var groups = Vec(w, "group"); var years = Vec(w, "year");
        Assert.Equal(groups.Count, result.Waves.Count);
        for (int i = 0; i < groups.Count; i++)
        {
            var row = result.Waves.Single(x => x.Group == Str(groups[i]) && x.Year == Num(years[i]));
            Assert.Equal(variable, row.Variable);
            Approx.Equal(Num(Vec(w, "estimate")[i]), row.Estimate, 1e-10, $"{name} estimate {row.Group} {row.Year}");
            Approx.Equal(Num(Vec(w, "se")[i]), row.StandardError, 1e-8, $"{name} se {row.Group} {row.Year}");
            Assert.Equal((int)Num(Vec(w, "n")[i]), row.N);
            Assert.False(row.Suppressed);
        }

        var c = r.GetProperty("contrasts");
        var cg = Vec(c, "group");
        Assert.Equal(cg.Count, result.Contrasts.Count);
        for (int i = 0; i < cg.Count; i++)
        {
            double from = Num(Vec(c, "from")[i]), to = Num(Vec(c, "to")[i]);
            var row = result.Contrasts.Single(x => x.Group == Str(cg[i]) && x.From == from && x.To == to);
            Approx.Equal(Num(Vec(c, "difference")[i]), row.Difference, 1e-10, $"{name} difference {row.Group} {from}->{to}");
            Approx.Equal(Num(Vec(c, "se")[i]), row.StandardError, 1e-8, $"{name} contrast se {row.Group} {from}->{to}");
            Approx.Equal(Num(Vec(c, "p")[i]), row.P, 1e-7, $"{name} contrast p {row.Group} {from}->{to}");
        }

        var t = r.GetProperty("trends");
        var tg = Vec(t, "group");
        if (t.GetProperty("slope").ValueKind == JsonValueKind.Array && t.GetProperty("slope").GetArrayLength() == 0) return; // no slopes in this case
        Assert.Equal(tg.Count, result.Trends.Count);
        for (int i = 0; i < tg.Count; i++)
        {
            var row = result.Trends.Single(x => x.Group == Str(tg[i]));
            Approx.Equal(Num(Vec(t, "slope")[i]), row.Slope, 1e-6, $"{name} slope {row.Group}");
            Approx.Equal(Num(Vec(t, "se")[i]), row.StandardError, 1e-6, $"{name} slope se {row.Group}");
            Approx.Equal(Num(Vec(t, "p")[i]), row.P, 1e-6, $"{name} slope p {row.Group}");
            Assert.Equal((int)Num(Vec(t, "df")[i]), row.DfResidual);
            Assert.Equal(variable is "trust" or "agree" ? "logit" : "linear", row.Scale);
        }
    }
}
