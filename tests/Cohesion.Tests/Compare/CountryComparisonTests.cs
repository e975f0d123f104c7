using System.Globalization;
using Cohesion.Compare;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Compare;

/// <summary>The built-in comparison against the shipped source files, read here independently of the loader: every
/// value, every rank (1 = highest among the countries with a value for that measure and year), the medians, the
/// reference's changes, and that what is missing is said.</summary>
public class CountryComparisonTests
{
    private static readonly Lazy<CountryData> Data = new(CountryData.LoadDefault);
    private static CountryComparisonResult Nl => NlResult.Value;
    private static readonly Lazy<CountryComparisonResult> NlResult = new(() => CountryComparison.Run(Data.Value, new CountryComparisonOptions()));

    private static List<Dictionary<string, string>> Csv(string path) => TestCsv.Read(path);

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static int ExpectedRank(double v, IEnumerable<double> all) => 1 + all.Count(x => x > v);

    [Fact]
    public void Ess2018ValuesAndRanksEqualTheCbsFile()
    {
        var rows = Csv(Paths.RealData("ess-country-trust-cbs80518ned", "ess_2018_country_trust_cbs80518ned.csv"));
        int checkedCells = 0;
        foreach (var col in rows[0].Keys.Where(k => k.StartsWith("mean_") || k.StartsWith("pct_")))
        {
            var measure = col + "_ess";
            var present = rows.Where(r => r[col].Length > 0).Select(r => (Code: r["country_iso2"], V: Num(r[col]))).ToList();
            foreach (var (code, v) in present)
            {
                var row = Nl.Rows.Single(x => x.Measure.Id == measure && x.Year == 2018 && x.Country.Code == code);
                Assert.Equal(v, row.Value);
                Assert.Equal(ExpectedRank(v, present.Select(p => p.V)), row.Rank);
                Assert.Equal(present.Count, row.NCountries);
                Assert.Equal("2018*", row.Period);
                checkedCells++;
            }
            var s = Nl.Summaries.Single(x => x.Measure.Id == measure && x.Year == 2018);
            var sorted = present.Select(p => p.V).OrderBy(x => x).ToArray();
            double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            Assert.Equal(median, s.EuropeanMedian, 12);   // all 17 are European
            var nl = present.Where(p => p.Code == "NL").ToList();
            if (nl.Count == 1) Assert.Equal(ExpectedRank(nl[0].V, present.Select(p => p.V)), s.ReferenceRank);
            else
            {
                Assert.Null(s.ReferenceValue);
                Assert.Null(s.ReferenceRank);
                Assert.Contains("sixth value", s.MissingEn);
                Assert.Contains(Nl.Notes, n => n.Id == "missing" && n.En.Contains(s.Measure.LabelEn));
            }
        }
        Assert.Equal(17 * 10 - 4, checkedCells);
    }

    [Fact]
    public void TrustSurveyValuesAndRanksEqualTheCompiledFile()
    {
        var rows = Csv(Paths.RealData("generalised-trust-surveys", "df_trust.csv"));
        var measures = new Dictionary<string, string> { ["EVS"] = "trust_most_people_evs", ["WVS"] = "trust_most_people_wvs", ["GPS"] = "trust_score_gps" };
        int n = 0;
        foreach (var g in rows.Where(r => measures.ContainsKey(r["survey"])).GroupBy(r => (r["survey"], r["wave"])))
        {
            var vals = g.Select(r => Num(r["trust"])).ToList();
            foreach (var r in g)
            {
                var country = Data.Value.Countries.Find(r["country.name"])!;
                var row = Nl.Rows.Single(x => x.Measure.Id == measures[r["survey"]] && x.Period == r["years"] && x.Country.Code == country.Code);
                Assert.Equal(Num(r["trust"]), row.Value);
                Assert.Equal(ExpectedRank(Num(r["trust"]), vals), row.Rank);
                Assert.Equal(vals.Count, row.NCountries);
                n++;
            }
        }
        Assert.Equal(302 + 158 + 76, n);
        // no barometer without the Netherlands and without European countries is used
        Assert.DoesNotContain(Nl.Rows, r => r.Source.SourceId == "trustsurveys" && !measures.Values.Contains(r.Measure.Id));
    }

    [Fact]
    public void EuropeanRanksAndMediansCountEuropeanCountriesOnly()
    {
        foreach (var s in Nl.Summaries)
        {
            var group = Nl.Rows.Where(r => r.Measure.Id == s.Measure.Id && r.Year == s.Year).ToList();
            Assert.Equal(s.NCountries, group.Count);
            var europe = group.Where(r => r.Country.Europe).Select(r => r.Value).ToList();
            Assert.Equal(europe.Count, s.NEurope);
            Assert.Equal(CountryComparison.Median(europe), s.EuropeanMedian);
            Assert.Equal(CountryComparison.Median(group.Where(r => r.Country.Europe && r.Country.Code != "NL").Select(r => r.Value).ToList()), s.MedianOtherEuropean);
            foreach (var r in group.Where(r => r.Country.Europe)) Assert.Equal(ExpectedRank(r.Value, europe), r.RankEurope);
            Assert.All(group.Where(r => !r.Country.Europe), r => Assert.Null(r.RankEurope));
        }
        // the EVS's first waves included the United States and Canada: worldwide and European ranks differ
        var evs1981 = Nl.Summaries.Single(s => s.Measure.Id == "trust_most_people_evs" && s.Year == 1981);
        Assert.True(evs1981.NCountries > evs1981.NEurope);
    }

    [Fact]
    public void ReferenceChangesAreBetweenTheYearsItHasValues()
    {
        var evs = Nl.Summaries.Where(s => s.Measure.Id == "trust_most_people_evs").OrderBy(s => s.Year).ToList();
        Assert.Equal(5, evs.Count(s => s.ReferenceValue is not null));
        var changes = Nl.Changes.Where(c => c.Measure.Id == "trust_most_people_evs").ToList();
        Assert.Equal(4 + 1, changes.Count);
        var whole = changes.Single(c => c.FirstToLast);
        Assert.Equal((1981, 2017), (whole.From, whole.To));
        Assert.Equal(evs[^1].ReferenceValue!.Value - evs[0].ReferenceValue!.Value, whole.Change, 12);
        Assert.Equal(evs[^1].MedianOtherEuropean - evs[0].MedianOtherEuropean, whole.MedianOtherChange, 12);
        // the CBS ESS share series 2002-2016 for the Netherlands
        var ess = Nl.Changes.Single(c => c.Measure.Id == "pct_trust_others_ess" && c.FirstToLast);
        Assert.Equal((2002, 2016, 58.0, 67.6), (ess.From, ess.To, ess.FromValue, ess.ToValue));
        // a trajectory for the chart: every year of the measure, the reference where it has a value
        var t = Nl.Trajectories.Single(x => x.Measure.Id == "trust_most_people_wvs");
        Assert.Equal(7, t.Points.Count);
        Assert.Equal(2, t.Points.Count(p => p.Reference is not null));
    }

    [Fact]
    public void CaveatsAreInTheResult()
    {
        foreach (var id in new[] { "scales", "ess_not_ssw", "evs_wvs_third", "ess_coverage", "rank", "provenance", "excluded", "missing_countries", "source_trustsurveys" })
            Assert.Contains(Nl.Notes, n => n.Id == id && n.En.Length > 20 && n.Nl.Length > 20);
        Assert.Contains(Nl.Notes, n => n.Id == "source_trustsurveys" && n.En.Contains("no licence", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Nl.Notes, n => n.Id == "few_countries" && n.En.Contains("only the Netherlands has a value"));
    }

    [Fact]
    public void AnotherReferenceCountryWorksAndAnUnknownOneIsRefused()
    {
        var be = CountryComparison.Run(Data.Value, new CountryComparisonOptions { Reference = "België" });
        Assert.Equal("BE", be.Reference.Code);
        Assert.Contains(be.Changes, c => c.Measure.Id == "mean_trust_others_ess" && c.FirstToLast && c.From == 2002 && c.To == 2018);
        var ex = Assert.Throws<CohesionException>(() => CountryComparison.Run(Data.Value, new CountryComparisonOptions { Reference = "Atlantis" }));
        Assert.Contains("--reference 'Atlantis'", ex.Message);
        Assert.Contains("NL", ex.Message);
        // a known country without any value (Monaco) is refused too
        Assert.Throws<CohesionException>(() => CountryComparison.Run(Data.Value, new CountryComparisonOptions { Reference = "MC" }));
    }

    [Fact]
    public void TiesShareTheBetterRank()
    {
        Assert.Equal(2, CountryComparison.Rank(5, [6, 5, 5, 4]));
        Assert.Equal(4, CountryComparison.Rank(4, [6, 5, 5, 4]));
        Assert.Equal(4.5, CountryComparison.Median([6, 5, 4, 1]));
    }
}
