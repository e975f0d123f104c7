using Cohesion.Tests.Infrastructure;
using Cohesion.Trends;
using Xunit;

namespace Cohesion.Tests.Trends;

/// <summary>The real VU panel: stacking wave 0 and wave 4 on iisID reproduces the figures of SOURCE-waves-1-4.md and the
/// VU team's own group means (with their swapped education labels), and the paired design gives paired SEs.</summary>
public class VuPanelTests
{
    private static double Mean(IEnumerable<double> v) { var a = v.Where(x => x <= 10).ToArray(); return a.Average(); }

    [Fact]
    public void StackReproducesThePublishedPairedMeans()
    {
        var f = VuPanel.Stacked(balanced: true);
        var wave = f.Numeric("wave").Values;
        Assert.Equal(wave.Count(w => w == 0), wave.Count(w => w == 4));
        // SOURCE-waves-1-4.md: the same 1,266 people answered the Tweede Kamer item in both waves: 5.36 → 5.46
        var id = f.Numeric("iisID").Values;
        var tk = f.Numeric("F2_4").Values;
        var valid0 = Enumerable.Range(0, f.RowCount).Where(i => wave[i] == 0 && tk[i] <= 10).Select(i => id[i]).ToHashSet();
        var valid4 = Enumerable.Range(0, f.RowCount).Where(i => wave[i] == 4 && tk[i] <= 10).Select(i => id[i]).ToHashSet();
        valid0.IntersectWith(valid4);
        Assert.Equal(1266, valid0.Count);
        double m0 = Mean(Enumerable.Range(0, f.RowCount).Where(i => wave[i] == 0 && valid0.Contains(id[i])).Select(i => tk[i]));
        double m4 = Mean(Enumerable.Range(0, f.RowCount).Where(i => wave[i] == 4 && valid0.Contains(id[i])).Select(i => tk[i]));
        Assert.Equal(5.36, m0, 2);
        Assert.Equal(5.46, m4, 2);
    }

    [Fact]
    public void VuTeamGroupMeansHaveSwappedEducationLabels()
    {
        // the VU file's "Hoog opgeleid" is education codes 1–2 (the lowest), wave 0, all respondents with a valid answer
        var published = File.ReadAllLines(Paths.RealData("vu-election-panel-2021", "reports-wederzijds-wantrouwen", "Vertrouwen_Opleidingsniveau.csv"))
            .Skip(1).Select(l => l.Split(',')).Where(c => c[0] == "0" && c[2] == "Tweede Kamer").ToDictionary(c => c[1], c => double.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture));
        var f = VuPanel.Stacked(balanced: false);
        var wave = f.Numeric("wave").Values; var edu = f.Numeric("education").Values; var tk = f.Numeric("F2_4").Values;
        double ByCodes(int lo, int hi) => Mean(Enumerable.Range(0, f.RowCount).Where(i => wave[i] == 0 && edu[i] >= lo && edu[i] <= hi).Select(i => tk[i]));
        Assert.Equal(published["Hoog opgeleid"], ByCodes(1, 2), 10);
        Assert.Equal(published["Middel opgeleid"], ByCodes(3, 4), 10);
        Assert.Equal(published["Laag opgeleid"], ByCodes(5, 7), 10);
        Assert.True(ByCodes(5, 7) > ByCodes(1, 2), "trust rises with education, as in CBS data");
    }

    [Fact]
    public void PairedContrastsByEducation()
    {
        var r = VuPanel.Run();
        Assert.Equal(["low", "middle", "high"], r.Waves.Where(w => w.Variable == "institutional_trust").Select(w => w.Group).Distinct().ToArray());
        Assert.Equal([0.0, 4.0], r.Years);
        var c = r.Contrasts.Where(x => x.Variable == "institutional_trust").ToList();
        Assert.Equal(3, c.Count);
        Assert.All(c, x => Assert.Equal((0.0, 4.0), (x.From, x.To)));
        // the paired SE is smaller than the SE of two independent samples: same people, positively correlated answers
        foreach (var x in c)
        {
            var a = r.Waves.Single(w => w.Variable == "institutional_trust" && w.Group == x.Group && w.Year == 0);
            var b = r.Waves.Single(w => w.Variable == "institutional_trust" && w.Group == x.Group && w.Year == 4);
            Assert.Equal(b.Estimate - a.Estimate, x.Difference, 12);
            Assert.True(x.StandardError < 0.8 * Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError), $"{x.Group}: paired SE {x.StandardError}");
        }
        // trust rises with education in both waves
        var w0 = r.Waves.Where(w => w.Variable == "institutional_trust" && w.Year == 0).ToDictionary(w => w.Group!, w => w.Estimate);
        Assert.True(w0["high"] > w0["middle"] && w0["middle"] > w0["low"]);
    }
}
