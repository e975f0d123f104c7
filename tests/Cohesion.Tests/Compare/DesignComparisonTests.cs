using System.Text.Json;
using Cohesion.Compare;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Compare;

/// <summary>
/// The design-based country comparison and <c>measure --framework ess</c> against R survey (tools/reference/compare.R) on
/// SYNTHETIC files in the ESS layout (ESS microdata may not be redistributed): svyby per country with strata nested in
/// country, svycontrast differences from the reference, the ess framework's recodes and missing codes, to 1e-8.
/// </summary>
public class DesignComparisonTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("compare", "compare_reference.json"))).RootElement.GetProperty("results"));

    internal static DataFrame Load(string round) => DatasetLoader.Load(Paths.Fixture("compare", $"ess_synthetic_{round}.csv"));

    private static DesignComparisonOptions OptionsFor(string name, IReadOnlyList<string> vars, string reference) => name switch
    {
        "r9_full" or "r9_full_ref_de" => new() { CountryColumn = "cntry", Variables = vars, Weight = "anweight", Strata = "stratum", Cluster = "psu", Reference = reference },
        "r9_no_strata" => new() { CountryColumn = "cntry", Variables = vars, Weight = "anweight", Cluster = "psu", Reference = reference },
        "r9_no_cluster" => new() { CountryColumn = "cntry", Variables = vars, Weight = "anweight", Strata = "stratum", Reference = reference },
        "r7_product_weight" => new() { CountryColumn = "cntry", Variables = vars, Weight = "pspwght*pweight", Strata = "stratum", Cluster = "psu", Reference = reference },
        "r9_repweights_jkn" => new()
        {
            CountryColumn = "cntry", Variables = vars, Weight = "anweight", Reference = reference,
            SuppliedReplicates = new ReplicateColumns { Pattern = "^repj_[0-9]+", Type = ReplicateType.JKn, Rscales = Rscales() },
        },
        "r9_repweights_bootstrap" => new()
        {
            CountryColumn = "cntry", Variables = vars, Weight = "anweight", Reference = reference,
            SuppliedReplicates = new ReplicateColumns { Pattern = "^repb_[0-9]+", Type = ReplicateType.Bootstrap },
        },
        "r9_repweights_bootstrap_mse" => new()
        {
            CountryColumn = "cntry", Variables = vars, Weight = "anweight", Reference = reference,
            SuppliedReplicates = new ReplicateColumns { Pattern = "^repb_[0-9]+", Type = ReplicateType.Bootstrap, Mse = true },
        },
        _ => throw new InvalidOperationException(name),
    };

    private static double[] Rscales() => File.ReadAllLines(Paths.Fixture("compare", "ess_synthetic_r9_rscales.txt"))
        .Where(l => l.Trim().Length > 0).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static IEnumerable<object[]> Cases() => Reference.Value.EnumerateObject().Where(p => p.Name != "measure_r9_by_cntry").Select(p => new object[] { p.Name });

    private static double[] D(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();
    private static string[] S(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesSvybyAndSvycontrast(string name)
    {
        var c = Reference.Value.GetProperty(name);
        var vars = c.GetProperty("variables").EnumerateObject().Select(p => p.Name).ToList();
        var reference = c.GetProperty("reference").GetString()!;
        var result = DesignComparison.Run(Load(name.StartsWith("r7") ? "r7" : name.StartsWith("r9_repweights") ? "r9_repweights" : "r9"), OptionsFor(name, vars, reference));
        Assert.Equal(reference, result.Reference);
        int compared = 0;
        foreach (var v in c.GetProperty("variables").EnumerateObject())
        {
            var r = v.Value;
            var countries = S(r, "countries");
            Assert.Equal(countries, result.Countries);
            var est = D(r, "estimate"); var se = D(r, "se"); var n = D(r, "n");
            for (int i = 0; i < countries.Length; i++)
            {
                var e = result.Estimates.Single(x => x.Variable == v.Name && x.Country == countries[i]);
                Approx.Equal(est[i], e.Estimate, 1e-9, $"{name} {v.Name} {countries[i]} estimate");
                Approx.Equal(se[i], e.StandardError, 1e-8, $"{name} {v.Name} {countries[i]} SE");
                Assert.Equal((int)n[i], e.N);
                compared++;
            }
            var dc = S(r, "diff_countries"); var dd = D(r, "difference"); var ds = D(r, "diff_se"); var dp = D(r, "p");
            Assert.Equal(dc, result.Differences.Where(x => x.Variable == v.Name).Select(x => x.Country).ToArray());
            for (int i = 0; i < dc.Length; i++)
            {
                var d = result.Differences.Single(x => x.Variable == v.Name && x.Country == dc[i]);
                Approx.Equal(dd[i], d.Difference, 1e-9, $"{name} {v.Name} {dc[i]} difference");
                Approx.Equal(ds[i], d.StandardError, 1e-8, $"{name} {v.Name} {dc[i]} difference SE");
                Approx.Equal(dp[i], d.P, 1e-6, $"{name} {v.Name} {dc[i]} p");
            }
        }
        Assert.True(compared >= 14);
    }

    [Fact]
    public void WithoutAWeightTheEssDesignWeightIsUsed()
    {
        // round 9: anweight; round 7 has none, so pspwght*pweight
        var r9 = DesignComparison.Run(Load("r9"), new() { CountryColumn = "cntry", Variables = ["ppltrst"], Strata = "stratum", Cluster = "psu" });
        Assert.Equal("anweight", r9.WeightColumn);
        var r7 = DesignComparison.Run(Load("r7"), new() { CountryColumn = "cntry", Variables = ["ppltrst"], Strata = "stratum", Cluster = "psu" });
        Assert.Equal("pspwght*pweight", r7.WeightColumn);
        var expected = Reference.Value.GetProperty("r7_product_weight").GetProperty("variables").GetProperty("ppltrst");
        Approx.Equal(D(expected, "se")[0], r7.Estimates.First(e => e.Variable == "ppltrst").StandardError, 1e-8);
    }

    [Fact]
    public void MeasureWithTheEssFrameworkByCountryMatchesSvyby()
    {
        var fw = FrameworkLoader.Resolve("ess");
        var result = CohesionMeasurement.Run(fw, Load("r9"), new MeasureOptions { By = ["cntry"], Disclosure = new Cohesion.Disclosure.DisclosureRule(0, false) });
        Assert.Equal("anweight", result.Design.Weight);
        int compared = 0;
        foreach (var e in Reference.Value.GetProperty("measure_r9_by_cntry").GetProperty("estimates").EnumerateArray())
        {
            var variable = e.GetProperty("variable").GetString()!;
            var group = e.GetProperty("group").ValueKind == JsonValueKind.Null ? null : e.GetProperty("group").GetString();
            var row = result.Rows.Single(r => r.Variable == variable && r.Group == group);
            Approx.Equal(e.GetProperty("estimate").GetDouble(), row.Estimate, 1e-9, $"{variable} [{group ?? "all"}] estimate");
            Approx.Equal(e.GetProperty("se").GetDouble(), row.StandardError, 1e-8, $"{variable} [{group ?? "all"}] SE");
            compared++;
        }
        Assert.Equal(22 * 8, compared);
    }

    [Fact]
    public void MeasureFallsBackToTheProductWeightOnOlderRounds()
    {
        var result = CohesionMeasurement.Run(FrameworkLoader.Resolve("ess"), Load("r7"), new MeasureOptions());
        Assert.Equal("pspwght*pweight", result.Design.Weight);
        Assert.All(result.Rows, r => Assert.True(r.Estimate is > 0 and < 1));
    }

    [Fact]
    public void ACountryWithOnePsuIsNamed()
    {
        var f = Load("r9");
        var cntry = f.Categorical("cntry");
        var psu = f.Numeric("psu").Values;
        int si = Array.IndexOf(cntry.Levels, "SI");
        double firstSiPsu = psu[Array.FindIndex(cntry.Codes, c => c == si)];
        for (int i = 0; i < f.RowCount; i++) if (cntry.Codes[i] == si) psu[i] = firstSiPsu;
        var ex = Assert.Throws<CohesionException>(() => DesignComparison.Run(f, new() { CountryColumn = "cntry", Variables = ["ppltrst"], Weight = "anweight", Cluster = "psu" }));
        Assert.Contains("country 'SI' has only one PSU", ex.Message);
        Assert.Equal("psu", ex.Column);
        Assert.NotNull(ex.Row);
        // with strata: the stratum is named too
        var ex2 = Assert.Throws<CohesionException>(() => DesignComparison.Run(f, new() { CountryColumn = "cntry", Variables = ["ppltrst"], Weight = "anweight", Strata = "stratum", Cluster = "psu" }));
        Assert.Contains("country 'SI', stratum", ex2.Message);
    }

    [Fact]
    public void AnUnknownReferenceListsTheCountries()
    {
        var ex = Assert.Throws<CohesionException>(() => DesignComparison.Run(Load("r9"), new() { CountryColumn = "cntry", Variables = ["ppltrst"], Weight = "anweight", Reference = "XX" }));
        Assert.Contains("--reference 'XX' is not a country in column 'cntry'", ex.Message);
        Assert.Contains("BE, DE, DK, FR, NL, PL, SI", ex.Message);
        // a name resolves to the code
        var r = DesignComparison.Run(Load("r9"), new() { CountryColumn = "cntry", Variables = ["ppltrst"], Weight = "anweight", Reference = "Denmark" });
        Assert.Equal("DK", r.Reference);
    }

    [Fact]
    public void EssMissingCodesLeftInAPlainColumnAreRefused()
    {
        var ex = Assert.Throws<CohesionException>(() => DesignComparison.Run(Load("r9"), new() { CountryColumn = "cntry", Variables = ["hinctnta"], Weight = "anweight" }));
        Assert.Equal("hinctnta", ex.Column);
        Assert.Contains("ESS missing code left in", ex.Message);
        var f = Load("r9");
        var v = f.Numeric("hinctnta").Values;
        Assert.Equal(v[(int)ex.Row!.Value - 1], ex.Message.Contains("value 77") ? 77 : 88);
    }

    [Fact]
    public void AnUndeclaredCodeInAnIndicatorIsAnErrorNamingColumnRowAndValue()
    {
        var f = Load("r9");
        f.Numeric("trstprl").Values[4] = 55;
        var ex = Assert.Throws<CohesionException>(() => DesignComparison.Run(f, new() { CountryColumn = "cntry", Variables = ["institutional_trust"], Weight = "anweight" }));
        Assert.Equal("trstprl", ex.Column);
        Assert.Equal(5, ex.Row);
        Assert.Contains("value 55", ex.Message);
    }

    [Theory]
    [InlineData("nonexistent", "neither a dimension or indicator")]
    public void UnknownVariablesAreNamed(string variable, string message)
    {
        var ex = Assert.Throws<CohesionException>(() => DesignComparison.Run(Load("r9"), new() { CountryColumn = "cntry", Variables = [variable], Weight = "anweight" }));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void EssCodeDetectionLeavesOrdinaryColumnsAlone()
    {
        // ages 77, 88 and 99 are ages, not codes
        EssMissingCodes.Check(new NumericColumn("agea", [15, 77, 88, 99, 45]), null);
        EssMissingCodes.Check(new NumericColumn("score", [0, 3.5, 10, 99.5]), null);
        Assert.Throws<CohesionException>(() => EssMissingCodes.Check(new NumericColumn("gndr", [1, 2, 2, 9]), null));
        Assert.Throws<CohesionException>(() => EssMissingCodes.Check(new NumericColumn("yrbrn", [1950, 7777, 1990]), null));
    }
}
