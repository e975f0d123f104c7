using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary>Every case of tools/reference/survey.R (R survey on the api data and NHANES), to 1e-8 relative.</summary>
public class SurveyReferenceTests
{
    internal static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("survey", "survey_reference.json"))).RootElement.GetProperty("results"));

    private static readonly Dictionary<string, DataFrame> Frames = new();
    internal static DataFrame Frame(string name)
    {
        lock (Frames)
        {
            if (!Frames.TryGetValue(name, out var f))
                Frames[name] = f = DatasetLoader.Load(name == "nhanes" ? Paths.Fixture("shared", "survey_nhanes.csv") : Paths.Fixture("survey", name + ".csv"));
            return f;
        }
    }

    private static double[] Col(DataFrame f, string c) => f.Numeric(c).Values;
    private static int[] Codes(DataFrame f, string c) => f.Categorical(c).Codes;

    internal static SurveyDesign Strat(bool fpc = true) { var f = Frame("apistrat"); return SurveyDesign.Create(new() { Weights = Col(f, "pw"), Strata = Codes(f, "stype"), Fpc = fpc ? [Col(f, "fpc")] : null }); }
    internal static SurveyDesign Clus1(bool fpc = true) { var f = Frame("apiclus1"); return SurveyDesign.Create(new() { Weights = Col(f, "pw"), Clusters = [Codes(f, "dnum")], Fpc = fpc ? [Col(f, "fpc")] : null }); }
    internal static SurveyDesign Clus2(string? fpc = "fpc")
    {
        var f = Frame("apiclus2");
        return SurveyDesign.Create(new()
        {
            Weights = Col(f, "pw"), Clusters = [Codes(f, "dnum"), Codes(f, "snum")],
            Fpc = fpc switch { "fpc" => [Col(f, "fpc1"), Col(f, "fpc2")], "frac" => [Col(f, "frac1"), Col(f, "frac2")], _ => null },
        });
    }
    private static SurveyDesign Nhanes(string file) { var f = Frame(file); return SurveyDesign.Create(new() { Weights = Col(f, "WTMEC2YR"), Strata = Codes(f, "SDMVSTRA"), Clusters = [Codes(f, "SDMVPSU")], Nest = true }); }
    private static SurveyDesign Lonely(LonelyPsu rule)
    {
        var f = Frame("apistrat");
        var c = f.Categorical("cname");
        return SurveyDesign.Create(new() { Weights = Col(f, "pw"), Strata = c.Codes, LonelyPsu = rule, StratumLabel = i => c.Levels[i], StrataName = "cname" });
    }
    private static CalibrationMargin Margin(DataFrame f, string col, params (string Level, double Total)[] totals)
    {
        var c = f.Categorical(col);
        var t = c.Levels.Select(l => totals.Single(x => x.Level == l).Total).ToArray();
        return new CalibrationMargin(c.Codes, t, col, c.Levels);
    }
    internal static SurveyDesign RakeClus1(SurveyDesign d)
    {
        var f = Frame("apiclus1");
        return d.Rake([Margin(f, "stype", ("E", 4421), ("H", 755), ("M", 1018)), Margin(f, "sch_wide", ("No", 1072), ("Yes", 5122))]);
    }

    private static SurveyEstimate[] By(SurveyDesign d, DataFrame f, string y, string by) { var c = f.Categorical(by); return SurveyEstimator.MeanBy(d, Col(f, y), c.Codes, c.LevelCount); }

    public static IEnumerable<object[]> Cases() => Reference.Value.EnumerateObject()
        .Where(p => p.Name is not ("brr_nhanes_ncol" or "rake_clus1_weights_sum" or "lonely_strata" or "boot_scale" or "jkn_rscales"))
        .Select(p => new object[] { p.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesR(string name)
    {
        var expected = Reference.Value.GetProperty(name);
        var est = Compute(name);
        var e = expected.GetProperty("estimate");
        var se = expected.GetProperty("se");
        var eVals = e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [e.GetDouble()];
        var seVals = se.ValueKind == JsonValueKind.Array ? se.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [se.GetDouble()];
        if (name == "strat_by_stype_acs_k3_narm")
        {
            // acs_k3 is missing for every H and M school: R reports 0 (0 ± 0), Cohesion reports an empty domain (NaN, n = 0)
            Assert.True(double.IsNaN(est[1].Estimate) && est[1].N == 0 && double.IsNaN(est[2].Estimate));
            eVals = eVals[..1]; seVals = seVals[..1]; est = est[..1];
        }
        Assert.Equal(eVals.Length, est.Length);
        for (int i = 0; i < est.Length; i++)
        {
            Approx.Equal(eVals[i], est[i].Estimate, 1e-10, $"{name}[{i}] estimate");
            Approx.Equal(seVals[i], est[i].StandardError, 1e-8, $"{name}[{i}] se");
        }
        if (expected.TryGetProperty("deff", out var deff))
        {
            var dv = deff.ValueKind == JsonValueKind.Array ? deff.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [deff.GetDouble()];
            for (int i = 0; i < est.Length; i++) Approx.Equal(dv[i], est[i].Deff, 1e-8, $"{name}[{i}] deff");
        }
        if (expected.TryGetProperty("deff_replace", out var dr))
            Approx.Equal(dr.GetDouble(), est[0].DeffReplacement, 1e-8, $"{name} deff replace");
        foreach (var x in est)
        {
            double z = 1.959963984540054;
            Approx.Equal(x.Estimate - z * x.StandardError, x.CiLower, 1e-12, "ci lower");
            Approx.Equal(x.Estimate + z * x.StandardError, x.CiUpper, 1e-12, "ci upper");
        }
    }

    private static SurveyEstimate[] Compute(string name)
    {
        var strat = Frame("apistrat"); var clus1 = Frame("apiclus1"); var clus2 = Frame("apiclus2");
        switch (name)
        {
            case "strat_mean_api00": return [SurveyEstimator.Mean(Strat(), Col(strat, "api00"))];
            case "strat_total_enroll": return [SurveyEstimator.Total(Strat(), Col(strat, "enroll"))];
            case "strat_ratio_api00_api99": return [SurveyEstimator.Ratio(Strat(), Col(strat, "api00"), Col(strat, "api99"))];
            case "strat_prop_awards": { var c = strat.Categorical("awards"); return SurveyEstimator.Proportions(Strat(), c.Codes, c.LevelCount); }
            case "strat_by_stype_api00": return By(Strat(), strat, "api00", "stype");
            case "strat_by_stype_total_enroll": { var c = strat.Categorical("stype"); return SurveyEstimator.TotalBy(Strat(), Col(strat, "enroll"), c.Codes, c.LevelCount); }
            case "strat_by_stype_ratio": { var c = strat.Categorical("stype"); return SurveyEstimator.RatioBy(Strat(), Col(strat, "api00"), Col(strat, "api99"), c.Codes, c.LevelCount); }
            case "strat_by_awards_prop_stype":
            {
                var by = strat.Categorical("awards"); var v = strat.Categorical("stype");
                var r = SurveyEstimator.ProportionsBy(Strat(), v.Codes, v.LevelCount, by.Codes, by.LevelCount);
                // R's order: level-major (column of the svyby table), then group
                return Enumerable.Range(0, v.LevelCount).SelectMany(k => Enumerable.Range(0, by.LevelCount).Select(g => r[g][k])).ToArray();
            }
            case "strat_total_awards": { var c = strat.Categorical("awards"); return SurveyEstimator.CategoryTotals(Strat(), c.Codes, c.LevelCount); }
            case "strat_by_stype_total_awards":
            {
                var by = strat.Categorical("stype"); var v = strat.Categorical("awards");
                var r = SurveyEstimator.CategoryTotalsBy(Strat(), v.Codes, v.LevelCount, by.Codes, by.LevelCount);
                return Enumerable.Range(0, v.LevelCount).SelectMany(k => Enumerable.Range(0, by.LevelCount).Select(g => r[g][k])).ToArray();
            }
            case "strat_mean_acs_k3_narm": return [SurveyEstimator.Mean(Strat(), Col(strat, "acs_k3"))];
            case "strat_by_stype_acs_k3_narm": return By(Strat(), strat, "acs_k3", "stype");
            case "strat_nofpc_mean_api00": return [SurveyEstimator.Mean(Strat(fpc: false), Col(strat, "api00"))];
            case "srs_mean_api00": return [SurveyEstimator.Mean(SurveyDesign.Create(new() { Weights = Col(strat, "pw") }), Col(strat, "api00"))];
            case "clus1_mean_api00": return [SurveyEstimator.Mean(Clus1(), Col(clus1, "api00"))];
            case "clus1_total_enroll": return [SurveyEstimator.Total(Clus1(), Col(clus1, "enroll"))];
            case "clus1_by_stype_api00": return By(Clus1(), clus1, "api00", "stype");
            case "clus1_prop_stype": { var c = clus1.Categorical("stype"); return SurveyEstimator.Proportions(Clus1(), c.Codes, c.LevelCount); }
            case "clus1_ratio_api00_api99": return [SurveyEstimator.Ratio(Clus1(), Col(clus1, "api00"), Col(clus1, "api99"))];
            case "clus1_nofpc_mean_api00": return [SurveyEstimator.Mean(Clus1(fpc: false), Col(clus1, "api00"))];
            case "clus2_mean_api00": return [SurveyEstimator.Mean(Clus2(), Col(clus2, "api00"))];
            case "clus2_total_enroll_narm": return [SurveyEstimator.Total(Clus2(), Col(clus2, "enroll"))];
            case "clus2_by_stype_api00": return By(Clus2(), clus2, "api00", "stype");
            case "clus2_ratio_api00_api99": return [SurveyEstimator.Ratio(Clus2(), Col(clus2, "api00"), Col(clus2, "api99"))];
            case "clus2_fraction_mean_api00": return [SurveyEstimator.Mean(Clus2("frac"), Col(clus2, "api00"))];
            case "clus2_nofpc_mean_api00": return [SurveyEstimator.Mean(Clus2(null), Col(clus2, "api00"))];
            case "jk1_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1().WithReplicates(ReplicateType.JK1), Col(clus1, "api00"))];
            case "jk1_clus1_total_enroll": return [SurveyEstimator.Total(Clus1().WithReplicates(ReplicateType.JK1), Col(clus1, "enroll"))];
            case "jk1_clus1_by_stype_api00": return By(Clus1().WithReplicates(ReplicateType.JK1), clus1, "api00", "stype");
            case "jk1_clus1_ratio": return [SurveyEstimator.Ratio(Clus1().WithReplicates(ReplicateType.JK1), Col(clus1, "api00"), Col(clus1, "api99"))];
            case "jk1_clus1_prop_stype": { var c = clus1.Categorical("stype"); return SurveyEstimator.Proportions(Clus1().WithReplicates(ReplicateType.JK1), c.Codes, c.LevelCount); }
            case "jk1_mse_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1().WithReplicates(ReplicateType.JK1, mse: true), Col(clus1, "api00"))];
            case "jk1_nofpc_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1(fpc: false).WithReplicates(ReplicateType.JK1), Col(clus1, "api00"))];
            case "jkn_strat_mean_api00": return [SurveyEstimator.Mean(Strat().WithReplicates(ReplicateType.JKn), Col(strat, "api00"))];
            case "jkn_strat_by_stype_api00": return By(Strat().WithReplicates(ReplicateType.JKn), strat, "api00", "stype");
            case "brr_nhanes_mean_HI_CHOL": return [SurveyEstimator.Mean(Nhanes("nhanes_2psu").WithReplicates(ReplicateType.BRR), Col(Frame("nhanes_2psu"), "HI_CHOL"))];
            case "brr_nhanes_total_HI_CHOL": return [SurveyEstimator.Total(Nhanes("nhanes_2psu").WithReplicates(ReplicateType.BRR), Col(Frame("nhanes_2psu"), "HI_CHOL"))];
            case "brr_nhanes_by_race_HI_CHOL": return By(Nhanes("nhanes_2psu").WithReplicates(ReplicateType.BRR), Frame("nhanes_2psu"), "HI_CHOL", "race");
            case "brr_split_nhanes_mean_HI_CHOL":
            {
                var f = Frame("nhanes_2psu");
                var strataCol = Col(f, "SDMVSTRA"); var psuCol = Col(f, "SDMVPSU");
                var s4 = strataCol.Select(v => v == 76 ? 75 : (int)v).ToArray();
                var p4 = strataCol.Select((v, i) => v == 76 ? (int)psuCol[i] + 2 : (int)psuCol[i]).ToArray();
                var d = SurveyDesign.Create(new() { Weights = Col(f, "WTMEC2YR"), Strata = s4, Clusters = [p4], Nest = true, StratumLabel = c => c.ToString() });
                return [SurveyEstimator.Mean(d.WithReplicates(ReplicateType.BRR), Col(f, "HI_CHOL"))];
            }
            case "jkn_nhanes_by_agecat_HI_CHOL": return By(Nhanes("nhanes").WithReplicates(ReplicateType.JKn), Frame("nhanes"), "HI_CHOL", "agecat");
            case "jk1_deff_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1().WithReplicates(ReplicateType.JK1), Col(clus1, "api00"))];
            case "rake_deff_clus1_mean_api00": return [SurveyEstimator.Mean(RakeClus1(Clus1()), Col(clus1, "api00"))];
            case "rake_clus1_mean_api00": return [SurveyEstimator.Mean(RakeClus1(Clus1()), Col(clus1, "api00"))];
            case "rake_clus1_total_enroll": return [SurveyEstimator.Total(RakeClus1(Clus1()), Col(clus1, "enroll"))];
            case "rake_clus1_by_stype_api00": return By(RakeClus1(Clus1()), clus1, "api00", "stype");
            case "rake_clus1_ratio": return [SurveyEstimator.Ratio(RakeClus1(Clus1()), Col(clus1, "api00"), Col(clus1, "api99"))];
            case "post_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1().PostStratify(Margin(clus1, "stype", ("E", 4421), ("H", 755), ("M", 1018))), Col(clus1, "api00"))];
            case "post_clus1_total_enroll": return [SurveyEstimator.Total(Clus1().PostStratify(Margin(clus1, "stype", ("E", 4421), ("H", 755), ("M", 1018))), Col(clus1, "enroll"))];
            case "post_clus1_by_sch_wide_api00": return By(Clus1().PostStratify(Margin(clus1, "stype", ("E", 4421), ("H", 755), ("M", 1018))), clus1, "api00", "sch_wide");
            case "rake_jk1_clus1_mean_api00": return [SurveyEstimator.Mean(RakeClus1(Clus1().WithReplicates(ReplicateType.JK1)), Col(clus1, "api00"))];
            case "rake_jk1_clus1_total_enroll": return [SurveyEstimator.Total(RakeClus1(Clus1().WithReplicates(ReplicateType.JK1)), Col(clus1, "enroll"))];
            case "rake_eps_strat_mean_api00":
            {
                var d = Strat().Rake([Margin(strat, "sch_wide", ("No", 1072), ("Yes", 5122)), Margin(strat, "awards", ("No", 2500), ("Yes", 3694))], epsilon: 1e-8);
                return [SurveyEstimator.Mean(d, Col(strat, "api00"))];
            }
        }
        switch (name)
        {
            case "boot_seed7_strat_nofpc_mean_api00": return [SurveyEstimator.Mean(Strat(fpc: false).WithReplicates(ReplicateType.Bootstrap, 40, seed: 7), Col(strat, "api00"))];
            case "boot_seed7_strat_nofpc_by_awards_api00": return By(Strat(fpc: false).WithReplicates(ReplicateType.Bootstrap, 40, seed: 7), strat, "api00", "awards");
            case "boot_seed11_clus2_total_enroll": return [SurveyEstimator.Total(Clus2().WithReplicates(ReplicateType.Bootstrap, 30, seed: 11), Col(clus2, "enroll"))];
            case "boot_asrep_seed42_clus1_mean_api00": return [SurveyEstimator.Mean(Clus1().WithReplicates(ReplicateType.Bootstrap, 50, seed: 42), Col(clus1, "api00"))];
        }
        if (name.StartsWith("boot_") || name.StartsWith("jkn_supplied_"))
        {
            var f = Frame("apiclus1_repweights");
            var pw = Col(f, "pw");
            double[][] Reps(string prefix) => f.Columns.Where(c => System.Text.RegularExpressions.Regex.IsMatch(c.Name, $"^{prefix}[0-9]+$")).Select(c => ((Cohesion.Statistics.Data.NumericColumn)c).Values).ToArray();
            var rscales = Reference.Value.GetProperty("jkn_rscales").GetProperty("estimate").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            double bootScale = Reference.Value.GetProperty("boot_scale").GetProperty("estimate").GetDouble();
            var stype = f.Categorical("stype");
            return name switch
            {
                "boot_asrep_clus1_mean_api00" => [SurveyEstimator.Mean(SurveyDesign.FromReplicateWeights(pw, Reps("bw"), ReplicateType.Bootstrap, scale: bootScale), Col(f, "api00"))],
                "boot_supplied_clus1_mean_api00" => [SurveyEstimator.Mean(SurveyDesign.FromReplicateWeights(pw, Reps("bw"), ReplicateType.Bootstrap), Col(f, "api00"))],
                "boot_supplied_clus1_by_stype_api00" => SurveyEstimator.MeanBy(SurveyDesign.FromReplicateWeights(pw, Reps("bw"), ReplicateType.Bootstrap), Col(f, "api00"), stype.Codes, stype.LevelCount),
                "jkn_supplied_clus1_ratio" => [SurveyEstimator.Ratio(SurveyDesign.FromReplicateWeights(pw, Reps("jw"), ReplicateType.JKn, rscales: rscales), Col(f, "api00"), Col(f, "api99"))],
                "jkn_supplied_clus1_mse_total" => [SurveyEstimator.Total(SurveyDesign.FromReplicateWeights(pw, Reps("jw"), ReplicateType.JKn, rscales: rscales, mse: true), Col(f, "api00"))],
                _ => throw new InvalidOperationException(name),
            };
        }
        if (name.StartsWith("lonely_"))
        {
            var rule = Enum.Parse<LonelyPsu>(name.Split('_')[1], ignoreCase: true);
            var d = Lonely(rule);
            if (name.Contains("_jkn_")) d = d.WithReplicates(ReplicateType.JKn);
            return name.Contains("_by_stype_") ? By(d, strat, "api00", "stype") : [SurveyEstimator.Mean(d, Col(strat, "api00"))];
        }
        throw new InvalidOperationException($"no C# counterpart for R case {name}");
    }

    [Fact]
    public void BrrUsesRsHadamardOrder()
    {
        Assert.Equal(Reference.Value.GetProperty("brr_nhanes_ncol").GetProperty("estimate").GetInt32(),
            Nhanes("nhanes_2psu").WithReplicates(ReplicateType.BRR).ReplicateCount);
    }

    [Fact]
    public void RakedWeightsSumToPopulation()
    {
        var d = RakeClus1(Clus1());
        Approx.Equal(Reference.Value.GetProperty("rake_clus1_weights_sum").GetProperty("estimate").GetDouble(), d.Weights.ToArray().Sum(), 1e-10);
    }

    [Fact]
    public void LonelyPsuFailsNamingTheStratum()
    {
        var expected = Reference.Value.GetProperty("lonely_strata").GetProperty("groups").EnumerateArray().Select(x => x.GetString()!).ToHashSet();
        var d = Lonely(LonelyPsu.Fail);
        var ex = Assert.Throws<CohesionException>(() => SurveyEstimator.Mean(d, Col(Frame("apistrat"), "api00")));
        Assert.Equal("cname", ex.Column);
        Assert.Contains(expected, s => ex.Message.Contains($"'{s}'"));
        Assert.NotNull(ex.Row);
        Assert.Contains(Frame("apistrat").Categorical("cname").Format((int)ex.Row!.Value - 1), expected);
        Assert.Throws<CohesionException>(() => d.WithReplicates(ReplicateType.JKn));
    }
}
