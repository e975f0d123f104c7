using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>Graduation of 5-year groups to single years against R's <c>splinefun(method = "hyman")</c> on the cumulative
/// counts (fixtures by tools/reference/demography.R), and the life-table building blocks.</summary>
public class GraduationTests
{
    private static JsonElement Fixture() => JsonDocument.Parse(File.ReadAllText(Paths.Fixture("demography", "graduation.json"))).RootElement;
    private static double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void WppGroupsToSingleYearsMatchRsHymanSpline()
    {
        foreach (var g in Fixture().GetProperty("graduation").EnumerateArray())
        {
            var starts = Arr(g.GetProperty("starts")).Select(v => (int)v).ToArray();
            var counts = Arr(g.GetProperty("counts"));
            var expected = Arr(g.GetProperty("single"));
            var single = Graduation.ToSingleYears(starts, counts, 100);
            Assert.Equal(100, single.Length);
            for (int a = 0; a < 100; a++) Approx.Equal(expected[a], single[a], 1e-9, $"{g.GetProperty("year")} {g.GetProperty("sex")} age {a}");
            // group totals conserved exactly
            for (int i = 0; i < starts.Length; i++) Approx.Equal(counts[i], single.Skip(starts[i]).Take(5).Sum(), 1e-13, "group total");
            // slopes at the knots
            var x = starts.Select(v => (double)v).Append(100).ToArray();
            var y = new double[x.Length];
            for (int i = 0; i < counts.Length; i++) y[i + 1] = y[i] + counts[i];
            var slopes = Graduation.HymanSlopes(x, y);
            var rs = Arr(g.GetProperty("slopes"));
            for (int i = 0; i < x.Length; i++) Approx.Equal(rs[i], slopes[i], 1e-9, $"slope {i}");
        }
    }

    [Fact]
    public void FmmAndHymanSlopesMatchR()
    {
        var f = Fixture().GetProperty("fmm");
        var slopes = Graduation.FmmSlopes(Arr(f.GetProperty("x")), Arr(f.GetProperty("y")));
        var rs = Arr(f.GetProperty("slopes"));
        for (int i = 0; i < rs.Length; i++) Approx.Equal(rs[i], slopes[i], 1e-10, $"fmm slope {i}");

        var h = Fixture().GetProperty("hyman");
        var x = Arr(h.GetProperty("x")); var y = Arr(h.GetProperty("y"));
        var hs = Graduation.HymanSlopes(x, y);
        var hr = Arr(h.GetProperty("slopes"));
        for (int i = 0; i < hr.Length; i++) Approx.Equal(hr[i], hs[i], 1e-10, $"hyman slope {i}");
        var vals = Arr(h.GetProperty("values"));
        for (int k = 0; k < vals.Length; k++) Approx.Equal(vals[k], Graduation.Hermite(x, y, hs, k * 0.25), 1e-10, $"value at {k * 0.25}");
    }

    [Fact]
    public void AbridgedRatesAreReproducedByTheSingleYearLifeTable()
    {
        var wpp = TestEngine.Engine.Wpp;
        foreach (int sex in new[] { 0, 1 })
        {
            var abridged = wpp.MortalityAbridged(2015, sex);
            var single = wpp.MortalitySingle(2015, sex);
            Assert.Equal(abridged[0], single[0]);
            Assert.Equal(abridged[21], single[100]);
            // each group's life-table rate Σd/ΣL (a = ½, radix 1 at the group start) equals the abridged rate
            for (int g = 1; g < 21; g++)
            {
                int lo = WppNetherlands.MortalityGroupStarts[g], hi = g < 20 ? WppNetherlands.MortalityGroupStarts[g + 1] : 100;
                double l = 1, d = 0, L = 0;
                for (int a = lo; a < hi; a++) { double q = single[a] / (1 + 0.5 * single[a]); double dd = l * q; d += dd; L += l - dd / 2; l -= dd; }
                Approx.Equal(abridged[g], d / L, 1e-12, $"group {lo}");
            }
            // SOURCE.md: e0 2015–2020 from the abridged table ≈ 80.01 (men) / 83.24 (women); the package's e0 80.05 / 83.29
            double e0 = LifeTable.LifeExpectancy(sex, single);
            Assert.InRange(e0, sex == 0 ? 79.9 : 83.1, sex == 0 ? 80.2 : 83.4);
        }
    }

    [Fact]
    public void ScalingHitsTheLifeExpectancyTarget()
    {
        var std = TestEngine.Engine.Standard;
        var scaled = new double[PopulationIndex.Ages];
        foreach (double target in new[] { 70.0, 83.6, 90.0 })
        {
            double k = LifeTable.ScaleToLifeExpectancy(1, std.Mortality[1], target, scaled);
            Approx.Equal(target, LifeTable.LifeExpectancy(1, scaled), 1e-10, "e0");
            for (int a = 0; a < PopulationIndex.Ages; a++) Approx.Equal(std.Mortality[1][a] * k, scaled[a], 1e-14);
        }
    }

    [Fact]
    public void BasePopulationHitsItsMarginsExactly()
    {
        var s = ScenarioCatalog.Load("midden", 2020);
        var spec = BaseSpecification.Load("nl-2019");
        var pop = TestEngine.Engine.BasePopulationFor(s);
        Approx.Equal(17_282_163, YearFlows.Sum(pop), 1e-12, "CBS total");
        var bo = PopulationProjection.ByOrigin(pop);
        for (int o = 0; o < 7; o++) Approx.Equal(spec.OriginTotals[o], bo[o], 1e-10, PopulationIndex.OriginNames[o]);
        Approx.Equal(0.242, 1 - bo[0] / bo.Sum(), 0.01, "24% migration background");
        // the age-sex margin is WPP interpolated to 1 Jan 2019 and scaled
        var wpp = BasePopulation.WppAgeSex(TestEngine.Engine.Wpp, 2019);
        double scale = 17_282_163 / (wpp[0].Sum() + wpp[1].Sum());
        var sa = PopulationProjection.BySexAge(pop);
        for (int sx = 0; sx < 2; sx++)
            for (int a = 0; a < PopulationIndex.Ages; a++) Approx.Equal(wpp[sx][a] * scale, sa[PopulationIndex.SexAge(sx, a)], 1e-10, $"sex {sx} age {a}");
        // children are low-educated, and first-generation adults have their group's immigrant mix
        Assert.Equal(0, pop[PopulationIndex.Index(0, 10, 0, PopulationIndex.High)]);
        double hi = 0, all = 0;
        for (int a = 30; a < 101; a++) for (int e = 0; e < 3; e++)
        {
            double v = pop[PopulationIndex.Index(1, a, PopulationIndex.G1Labour, e)];
            all += v; if (e == PopulationIndex.High) hi += v;
        }
        Approx.Equal(s.ImmigrantEducation[PopulationIndex.G1Labour][2], hi / all, 1e-12);

        // educational expansion by sex: young Dutch-background women more often hbo/wo than men, older women less often
        double High(int sex, int a0, int a1)
        {
            double h = 0, n = 0;
            for (int a = a0; a <= a1; a++) for (int e = 0; e < 3; e++)
            {
                double v = pop[PopulationIndex.Index(sex, a, PopulationIndex.Dutch, e)];
                n += v; if (e == PopulationIndex.High) h += v;
            }
            return h / n;
        }
        Assert.True(High(1, 30, 34) > High(0, 30, 34) + 0.05);
        Assert.True(High(1, 65, 74) < High(0, 65, 74) - 0.05);
        Assert.InRange(PopulationProjection.HighEducationShare(pop), 0.27, 0.33); // CBS 2019: about 30% hbo/wo among 15-74
    }
}
