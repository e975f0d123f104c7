using Cohesion.Data;
using Cohesion.Neighbourhoods;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

public class PanelAssemblyTests
{
    private static DataFrame Year(string[] codes, double[] pop, double[][] groups, double[] woz, double[] rental, double[]? movesIn = null)
    {
        var f = new DataFrame(codes.Length, "test");
        f.Add(CategoricalColumn.FromStrings("code", codes));
        f.Add(new NumericColumn("population", pop));
        for (int k = 0; k < KwbKeyFigures.OriginGroups.Length; k++)
            f.Add(new NumericColumn(KwbKeyFigures.OriginGroups[k], groups.Select(g => g[k]).ToArray()));
        f.Add(new NumericColumn("woz", woz));
        f.Add(new NumericColumn("rental_share", rental));
        if (movesIn is not null) f.Add(new NumericColumn("moves_in", movesIn));
        return f;
    }

    private static readonly double[][] G2018 =
    [
        [500, 100, 20, 5, 30, 25, 20],
        [300, 200, 80, 10, 60, 40, 110],
        [900, 50, 0, 0, 10, 5, 35],
    ];

    private static Crosswalk SplitAndMerge()
    {
        var cw = new Crosswalk();
        cw.Add("BU00010001", "BU00010003", 0.3);
        cw.Add("BU00010001", "BU00010004", 0.7);
        cw.Add("BU00010002", "BU00010004", 1.0);
        return cw;
    }

    [Fact]
    public void CrosswalkConservesCountsAndWeightsRates()
    {
        var pop = G2018.Select(g => g.Sum()).ToArray();
        var y2018 = Year(["BU00010000", "BU00010001", "BU00010002"], pop, G2018, [250, 180, 300], [0.4, 0.8, double.NaN], [50, 90, 40]);
        var y2019 = Year(["BU00010000", "BU00010003", "BU00010004"], [700, 250, 1600], [[520, 100, 20, 5, 30, 10, 15], [150, 50, 10, 5, 10, 5, 20], [1100, 200, 70, 5, 60, 40, 125]],
            [260, 190, 290], [0.41, 0.7, 0.5], [60, 30, 150]);
        var panel = PanelAssembler.Assemble([new PanelYear(2019, y2019), new PanelYear(2018, y2018)], SplitAndMerge());
        var f = panel.Frame;
        Assert.Equal(6, f.RowCount);
        int Row(string code, int year) => Enumerable.Range(0, f.RowCount).Single(r => f["buurt"].Format(r) == code && f.Numeric("year").Values[r] == year);
        // conservation: every count column sums to the same total before and after, per year
        foreach (var c in new[] { "population", "dutch", "western", "morocco", "other_nonwestern", "moves_in" })
        {
            double before = y2018.Numeric(c).Values.Sum();
            double after = Enumerable.Range(0, f.RowCount).Where(r => f.Numeric("year").Values[r] == 2018).Sum(r => f.Numeric(c).Values[r]);
            Approx.Equal(before, after, 1e-12, c);
        }
        int d = Row("BU00010003", 2018), e = Row("BU00010004", 2018), a = Row("BU00010000", 2018);
        Approx.Equal(0.3 * pop[1], f.Numeric("population").Values[d], 1e-12);
        Approx.Equal(0.7 * pop[1] + pop[2], f.Numeric("population").Values[e], 1e-12);
        Approx.Equal(0.7 * 200 + 50, f.Numeric("western").Values[e], 1e-12);
        // rates: population-and-weight weighted means; missing values left out
        Approx.Equal((0.7 * pop[1] * 180 + pop[2] * 300) / (0.7 * pop[1] + pop[2]), f.Numeric("woz").Values[e], 1e-12);
        Approx.Equal(0.8, f.Numeric("rental_share").Values[e], 1e-12);
        Approx.Equal(180, f.Numeric("woz").Values[d], 1e-12);
        Approx.Equal(250, f.Numeric("woz").Values[a], 1e-12);
        // derived measures from converted counts
        var row = KwbKeyFigures.OriginGroups.Select(g => f.Numeric(g).Values[e]).ToArray();
        Approx.Equal(DiversityIndex.Fractionalisation(row), f.Numeric("diversity").Values[e], 1e-12);
        Approx.Equal(1 - row[0] / row.Sum(), f.Numeric("migration_share").Values[e], 1e-12);
        Approx.Equal((0.7 * 90 + 40) / (0.7 * pop[1] + pop[2]), f.Numeric("turnover").Values[e], 1e-12);
        // 2019 is already in the target division
        Approx.Equal(1600, f.Numeric("population").Values[Row("BU00010004", 2019)], 1e-12);
        Assert.Equal("GM0001", f["gemeente"].Format(e));
        Assert.Equal("WK000100", f["wijk"].Format(e));
        Assert.Contains(panel.Notes, n => n.Contains("2018: 2 buurt code(s) converted"));
    }

    [Fact]
    public void CrosswalkFileIsValidated()
    {
        var dir = Paths.TempDir();
        var ok = Path.Combine(dir, "cw.csv");
        File.WriteAllText(ok, "from,to,weight,year\nBU1,BU2,0.25,2017\nBU1,BU3,0.75,2017\nBU1,BU9,1,\n");
        var cw = Crosswalk.FromFrame(CsvReader.Read(ok));
        Assert.Equal(2, cw.Map("BU1", 2017).Count);
        Assert.Equal("BU9", cw.Map("BU1", 2018).Single().To);
        Assert.Equal("BU5", cw.Map("BU5", 2017).Single().To);
        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "from,to,weight\nBU1,BU2,0.25\nBU1,BU3,0.70\n");
        var ex = Assert.Throws<CohesionException>(() => Crosswalk.FromFrame(CsvReader.Read(bad)));
        Assert.Contains("sum to", ex.Message);
        Assert.Equal("weight", ex.Column);
        var neg = Path.Combine(dir, "neg.csv");
        File.WriteAllText(neg, "from,to,weight\nBU1,BU2,1.5\n");
        ex = Assert.Throws<CohesionException>(() => Crosswalk.FromFrame(CsvReader.Read(neg)));
        Assert.Equal(1, ex.Row);
    }

    [Fact]
    public void RealKwbYearAssemblesIntoAPanel()
    {
        var kwb = KwbKeyFigures.Load(Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"));
        var panel = PanelAssembler.Assemble([new PanelYear(2019, kwb.Frame)]).Frame;
        Assert.Equal(479, panel.RowCount);
        Assert.Equal(862_635, panel.Numeric("population").Values.Sum());
        Assert.True(panel.Contains("woz") && panel.Contains("corporation_share") && panel.Contains("low_income_households") && panel.Contains("income_per_recipient"));
        Assert.False(panel.Contains("turnover")); // the 2019 KWB has no moves
        int r = Enumerable.Range(0, panel.RowCount).First(i => panel.Numeric("population").Values[i] > 1000);
        var counts = KwbKeyFigures.OriginGroups.Select(g => panel.Numeric(g).Values[r]).ToArray();
        Approx.Equal(DiversityIndex.Fractionalisation(counts), panel.Numeric("diversity").Values[r], 1e-14);
        Assert.Equal(kwb.Frame.Numeric("woz").Values[r], panel.Numeric("woz").Values[r]);
    }
}
