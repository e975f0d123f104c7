using System.Text.Json;
using System.Xml.Linq;
using Cohesion.Neighbourhoods;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

public class NeighbourhoodsCommandTests
{
    private static readonly Lazy<(CliRunner.Result Run, string Map)> BuiltIn = new(() =>
    {
        var map = Path.Combine(Paths.TempDir(), "kaart.svg");
        return (CliRunner.Run("neighbourhoods", "--format", "json", "--map", map), map);
    });

    [Fact]
    public void BuiltInJsonIsLabelledSyntheticAndHasEveryModel()
    {
        var (run, _) = BuiltIn.Value;
        Assert.True(run.ExitCode == 0, run.Err);
        var j = JsonDocument.Parse(run.Out).RootElement;
        Assert.True(j.GetProperty("synthetic").GetBoolean());
        Assert.Contains("SYNTHETIC", j.GetProperty("data_label").GetString());
        var models = j.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(["Pooled OLS (year dummies)", "Two-way fixed effects"], models.Select(m => m.GetProperty("name").GetString()));
        var fe = models[1];
        Assert.Equal("buurt", fe.GetProperty("cluster").GetString());
        var div = fe.GetProperty("coefficients").EnumerateArray().Single(c => c.GetProperty("term").GetString() == "diversity");
        foreach (var f in new[] { "estimate", "se", "statistic", "p", "ci_lower", "ci_upper" }) Assert.Equal(JsonValueKind.Number, div.GetProperty(f).ValueKind);
        Assert.Equal(-0.6, j.GetProperty("truth").GetProperty("diversity").GetDouble());
        var mixed = j.GetProperty("mixed")[0];
        Assert.True(mixed.GetProperty("reml").GetBoolean());
        Assert.Equal(2, mixed.GetProperty("random").GetArrayLength());
        var steps = j.GetProperty("steps")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("estimate").GetDouble()).ToArray();
        Assert.Equal(5, steps.Length);
        Assert.True(steps[0] < steps[^1]);
        var decomp = j.GetProperty("decompositions").EnumerateArray().ToArray();
        Assert.Equal(2, decomp.Length);
        Assert.Equal(["ses", "housing", "neglect", "turnover"], decomp[0].GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        // the same numbers as the library
        var lib = DiversityCohesionTests.BuiltIn.Value.Regressions[1].Result["diversity"];
        Approx.Equal(lib.Estimate, div.GetProperty("estimate").GetDouble(), 1e-12);
    }

    [Fact]
    public void BuiltInMapHasEveryBuurtAndHatchesTheUnobserved()
    {
        var (run, map) = BuiltIn.Value;
        Assert.True(run.ExitCode == 0, run.Err);
        var svg = XDocument.Load(map);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var paths = svg.Descendants(ns + "path").ToList();
        var topo = Cohesion.Maps.Topology.Load(SyntheticBuurtPanel.BoundaryFile);
        Assert.Equal(topo.Features.Count, paths.Count);
        var panel = SyntheticPanelTests.Panel.Value;
        var observed = Enumerable.Range(0, panel.RowCount).Select(r => panel["buurt"].Format(r)).ToHashSet();
        var hatched = paths.Where(p => (string)p.Attribute("fill")! == "url(#hatch-missing)").Select(p => (string)p.Attribute("data-code")!).ToHashSet();
        Assert.Equal(topo.Features.Select(f => f.Code).Where(c => !observed.Contains(c)).ToHashSet(), hatched);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.Contains("SYNTHETIC"));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.Contains("SYNTHETISCH"));
    }

    [Fact]
    public void OwnPanelRunsTheSameModels()
    {
        // export a small synthetic panel, then analyse it as user data
        var dir = Paths.TempDir();
        var panel = SyntheticPanelTests.Panel.Value;
        var rows = Enumerable.Range(0, panel.RowCount).Where(r => panel["gemeente"].Format(r) is "GM0363" or "GM0599" or "GM0344" or "GM0518").ToArray();
        var small = panel.Select(rows);
        var path = Path.Combine(dir, "panel.csv");
        FrameCsv.Write(path, small);
        var r = CliRunner.Run("neighbourhoods", "--data", path, "--format", "json", "--no-mixed", "--controls", "ses=income,low_income;housing=rental_share");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = JsonDocument.Parse(r.Out).RootElement;
        Assert.False(j.GetProperty("synthetic").GetBoolean());
        Assert.Equal(0, j.GetProperty("mixed").GetArrayLength());
        var fe = j.GetProperty("models")[1];
        Assert.Equal(small.RowCount, fe.GetProperty("n").GetInt32());
        Assert.Equal(["ses", "housing"], j.GetProperty("decompositions")[0].GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        Assert.Contains("user data", j.GetProperty("data_label").GetString());
    }

    [Fact]
    public void YearlyFilesAreAssembledAndExported()
    {
        var dir = Paths.TempDir();
        File.WriteAllText(Path.Combine(dir, "y2018.csv"), "code,population,dutch,western,morocco,antilles,suriname,turkey,other_nonwestern,woz\nBU00010001,100,60,10,10,0,10,5,5,200\nBU00010002,50,40,5,0,0,0,0,5,300\n");
        File.WriteAllText(Path.Combine(dir, "y2019.csv"), "code,population,dutch,western,morocco,antilles,suriname,turkey,other_nonwestern,woz\nBU00010003,160,110,15,10,0,10,5,10,260\n");
        File.WriteAllText(Path.Combine(dir, "cw.csv"), "from,to,weight\nBU00010001,BU00010003,1\nBU00010002,BU00010003,1\n");
        var export = Path.Combine(dir, "panel.csv");
        var r = CliRunner.Run("neighbourhoods", "--years", $"2018={Path.Combine(dir, "y2018.csv")},2019={Path.Combine(dir, "y2019.csv")}",
            "--crosswalk", Path.Combine(dir, "cw.csv"), "--export-panel", export);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("no 'cohesion' column", r.Err);
        var f = Cohesion.Data.CsvReader.Read(export);
        Assert.Equal(2, f.RowCount);
        Assert.Equal([150, 160], f.Numeric("population").Values);
        Approx.Equal((100 * 200 + 50 * 300) / 150.0, f.Numeric("woz").Values[0], 1e-12);
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var r = CliRunner.Run("neighbourhoods", "--analysis", "rotterdam");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--analysis must be one of", r.Err);
        var path = Path.Combine(Paths.TempDir(), "p.csv");
        File.WriteAllText(path, "buurt,year,gemeente,cohesion,diversity\nBU1,2018,GM1,5,0.2\n");
        r = CliRunner.Run("neighbourhoods", "--data", path, "--controls", "ses=income");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("none of the control columns", r.Err);
        r = CliRunner.Run("neighbourhoods", "--data", path, "--outcome", "trust");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'trust'", r.Err);
        r = CliRunner.Run("neighbourhoods", "--analysis", "amsterdam-civic", "--map", Path.Combine(Paths.TempDir(), "a.svg"), "--no-mixed");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no boundaries", r.Err);
    }
}

public class NeighbourhoodsDeterminismTests
{
    [Fact]
    public void SameSeedGivesIdenticalBytesOtherSeedDiffers()
    {
        var a = CliRunner.Run("neighbourhoods", "--seed", "11", "--no-mixed", "--format", "json");
        var b = CliRunner.Run("neighbourhoods", "--seed", "11", "--no-mixed", "--format", "json");
        var c = CliRunner.Run("neighbourhoods", "--seed", "12", "--no-mixed", "--format", "json");
        Assert.True(a.ExitCode == 0, a.Err);
        Assert.Equal(a.Out, b.Out);
        Assert.NotEqual(a.Out, c.Out);
        Assert.Contains("seed 11", a.Out);
    }

    [Fact]
    public void KwbWijkLevelIsAnalysedWithinTheGemeente()
    {
        var r = CliRunner.Run("diversity", "--data", Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"), "--level", "wijk", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = JsonDocument.Parse(r.Out).RootElement;
        var parents = j.GetProperty("parents").EnumerateArray().ToArray();
        Assert.Single(parents);
        Assert.Equal("GM0363", parents[0].GetProperty("parent").GetString());
        Assert.InRange(j.GetProperty("units").GetArrayLength(), 95, 99);
        Assert.All(j.GetProperty("units").EnumerateArray(), u => Assert.StartsWith("WK0363", u.GetProperty("unit").GetString()));
        // the wijk totals add up to the population of Amsterdam (up to CBS's rounding of the group counts)
        double total = j.GetProperty("units").EnumerateArray().Sum(u => u.GetProperty("total").GetDouble());
        Assert.InRange(total, 862_965 * 0.999, 862_965 * 1.001);
        r = CliRunner.Run("diversity", "--data", Paths.Fixture("neighbourhoods", "segregation_input.csv"), "--unit", "buurt", "--groups", "a,b", "--level", "wijk");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--level applies only", r.Err);
    }
}

public class NeighbourhoodsKwbTests
{
    [Fact]
    public void OwnKeyFiguresExportGivesIndicesModelAndMap()
    {
        var map = Path.Combine(Paths.TempDir(), "d.svg");
        var r = CliRunner.Run("neighbourhoods", "--data", Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"),
            "--no-mixed", "--format", "json", "--map", map);
        Assert.True(r.ExitCode == 0, r.Err);
        var j = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("kwb", j.GetProperty("analysis").GetString());
        Assert.Equal(460, j.GetProperty("diversity").GetProperty("units").GetArrayLength());
        Assert.Equal("Fixed effects (wijk)", j.GetProperty("models")[1].GetProperty("name").GetString());
        // Amsterdam's 2019 buurt codes mostly differ from the 2014 boundaries: the map says so by hatching
        var svg = XDocument.Load(map);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var paths = svg.Descendants(ns + "path").ToList();
        Assert.Equal(93, paths.Count); // the 2014 buurten of Amsterdam
        Assert.Contains(j.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("values had no area"));
        Assert.Equal(paths.Count(p => p.Attribute("data-value") is null), paths.Count(p => (string)p.Attribute("fill")! == "url(#hatch-missing)"));
    }
}
