using System.Text.Json;
using Cohesion.Data;
using Cohesion.Neighbourhoods;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Neighbourhoods;

/// <summary>The diversity verb against indices computed by tools/reference/neighbourhoods.R.</summary>
public class DiversityReferenceTests
{
    private static readonly string KwbFile = Paths.RealData("kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv");

    private static JsonElement Reference(string file, string part) =>
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", file))).RootElement.GetProperty(part);

    private static JsonElement RunJson(params string[] args)
    {
        var r = CliRunner.Run(["diversity", .. args, "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    private static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    /// <summary>Compares the verb's JSON with the R reference: every unit, every parent, every index.</summary>
    private static void AssertMatches(JsonElement expected, JsonElement actual, double tol = 1e-10)
    {
        var groups = expected.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        var eu = expected.GetProperty("units").EnumerateArray().ToArray();
        var au = actual.GetProperty("units").EnumerateArray().ToArray();
        Assert.Equal(eu.Length, au.Length);
        for (int i = 0; i < eu.Length; i++)
        {
            Assert.Equal(eu[i].GetProperty("unit").GetString(), au[i].GetProperty("unit").GetString());
            foreach (var m in new[] { "total", "fractionalisation", "entropy" })
                Approx.Equal(Num(eu[i].GetProperty(m)), Num(au[i].GetProperty(m)), tol, $"{m} of {eu[i].GetProperty("unit")}");
        }
        var ep = expected.GetProperty("parents").EnumerateArray().ToArray();
        var ap = actual.GetProperty("parents").EnumerateArray().ToDictionary(p => p.GetProperty("parent").GetString()!);
        Assert.Equal(ep.Length, ap.Count);
        foreach (var e in ep)
        {
            var name = e.GetProperty("parent").GetString()!;
            var a = ap[name];
            Approx.Equal(Num(e.GetProperty("dissimilarity")), Num(a.GetProperty("dissimilarity")), tol, $"D of {name}");
            Approx.Equal(Num(e.GetProperty("theil_h")), Num(a.GetProperty("theil_h")), tol, $"H of {name}");
            foreach (var g in groups)
            {
                Approx.Equal(Num(e.GetProperty("isolation").GetProperty(g)), Num(a.GetProperty("isolation").GetProperty(g)), tol, $"isolation {g} in {name}");
                foreach (var h in groups)
                    Approx.Equal(Num(e.GetProperty("exposure").GetProperty(g).GetProperty(h)),
                        Num(a.GetProperty("exposure").GetProperty(g).GetProperty(h)), tol, $"exposure {g}→{h} in {name}");
            }
        }
    }

    [Fact]
    public void WideInputMatchesR()
    {
        var json = RunJson("--data", Paths.Fixture("neighbourhoods", "segregation_input.csv"), "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk");
        AssertMatches(Reference("segregation_reference.json", "by_wijk"), json);
        Assert.Equal("a", json.GetProperty("dissimilarity_group").GetString());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("BU0005"));
    }

    [Fact]
    public void WithoutParentTheWholeDataIsOneParentAndTheFirstGroupIsCompared()
    {
        var json = RunJson("--data", Paths.Fixture("neighbourhoods", "segregation_input.csv"), "--unit", "buurt", "--groups", "b,a,c,d");
        AssertMatches(Reference("segregation_reference.json", "all_order_bacd"), json);
        Assert.Equal("all", json.GetProperty("parents")[0].GetProperty("parent").GetString());
    }

    [Fact]
    public void LongInputGivesTheSameIndicesAsWide()
    {
        var frame = CsvReader.Read(Paths.Fixture("neighbourhoods", "segregation_input.csv"));
        var dir = Paths.TempDir();
        var path = Path.Combine(dir, "long.csv");
        using (var w = new StreamWriter(path))
        {
            w.WriteLine("wijk;buurt;herkomst;aantal");
            // groups in shuffled row order, counts split over two rows for some units (summed)
            foreach (var g in new[] { "d", "b", "a", "c" })
                for (int r = 0; r < frame.RowCount; r++)
                {
                    double v = frame.Numeric(g).Values[r];
                    if (r % 3 == 0 && v >= 2) { w.WriteLine($"{frame["wijk"].Format(r)};{frame["buurt"].Format(r)};{g};1"); v -= 1; }
                    w.WriteLine($"{frame["wijk"].Format(r)};{frame["buurt"].Format(r)};{g};{v}");
                }
        }
        var json = RunJson("--data", path, "--unit", "buurt", "--group-column", "herkomst", "--count", "aantal", "--groups", "a,b,c,d", "--parent", "wijk");
        var expected = Reference("segregation_reference.json", "by_wijk");
        // unit order follows first appearance, which is the same here
        AssertMatches(expected, json);
    }

    [Fact]
    public void KwbAmsterdamLoadsDirectlyWithKnownTotals()
    {
        var kwb = KwbKeyFigures.Load(KwbFile);
        var reference = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "kwb_amsterdam_reference.json"))).RootElement;
        Assert.Equal(479, kwb.Frame.RowCount);
        Assert.Equal(reference.GetProperty("buurten").GetInt32(), kwb.Frame.RowCount);
        Assert.Equal(862_635, kwb.Frame.Numeric("population").Values.Sum());
        Assert.Equal(reference.GetProperty("western_buurten").GetDouble(), kwb.Frame.Numeric("western").Values.Sum());
        Assert.Equal(reference.GetProperty("nonwestern_buurten").GetDouble(), kwb.Frame.Numeric("nonwestern").Values.Sum());
        Assert.Equal("WK036300", kwb.Frame["wijk"].Format(0));
        Assert.Equal("GM0363", kwb.Frame["gemeente"].Format(0));
        Assert.Equal("BU03630000", kwb.Frame["code"].Format(0));
        // the gemeente row: 862,965 inhabitants, 161,884 Western, 308,231 non-Western (matches CBS 84910NED)
        var gm = KwbKeyFigures.Load(KwbFile, RegionLevel.Gemeente).Frame;
        Assert.Equal(862_965, gm.Numeric("population").Values[0]);
        Assert.Equal(161_884, gm.Numeric("western").Values[0]);
        Assert.Equal(862_965 - 161_884 - 308_231, gm.Numeric("dutch").Values[0]);
        Assert.Equal(99, KwbKeyFigures.Load(KwbFile, RegionLevel.Wijk).Frame.RowCount);
        // decimal commas parsed
        Assert.Equal(2.1, KwbKeyFigures.Load(KwbFile, RegionLevel.Land).Frame.Numeric("household_size").Values[0]);
    }

    [Fact]
    public void KwbAmsterdamIndicesMatchR()
    {
        AssertMatches(Reference("kwb_amsterdam_reference.json", "by_wijk"), RunJson("--data", KwbFile));
        AssertMatches(Reference("kwb_amsterdam_reference.json", "all"), RunJson("--data", KwbFile, "--unit", "code",
            "--groups", "dutch,western,morocco,antilles,suriname,turkey,other_nonwestern"));
    }

    [Fact]
    public void NegativeCountIsAnErrorNamingColumnAndRow()
    {
        var path = Path.Combine(Paths.TempDir(), "neg.csv");
        File.WriteAllText(path, "unit,x,y\nA,3,4\nB,5,-1\n");
        var r = CliRunner.Run("diversity", "--data", path, "--unit", "unit", "--groups", "x,y");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 'y', row 2", r.Err);
        Assert.Contains("neg.csv", r.Err);
    }

    [Fact]
    public void MissingColumnAndTooFewGroupsAreErrors()
    {
        var path = Paths.Fixture("neighbourhoods", "segregation_input.csv");
        var r = CliRunner.Run("diversity", "--data", path, "--unit", "buurt", "--groups", "a,zz");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'zz'", r.Err);
        r = CliRunner.Run("diversity", "--data", path, "--unit", "buurt", "--groups", "a");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("at least two", r.Err);
        r = CliRunner.Run("diversity", "--data", path, "--groups", "a,b");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--unit", r.Err);
    }

    [Fact]
    public void MissingCountExcludesTheUnitWithANote()
    {
        var path = Path.Combine(Paths.TempDir(), "miss.csv");
        File.WriteAllText(path, "unit;x;y\nA;3;4\nB;.;1\nC;0;9\n");
        var json = RunJson("--data", path, "--unit", "unit", "--groups", "x,y");
        Assert.Equal(2, json.GetProperty("units").GetArrayLength());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("missing count") && n.GetString()!.Contains("B"));
    }

    [Fact]
    public void CsvAndTableFormatsCarryTheSameNumbers()
    {
        var path = Paths.Fixture("neighbourhoods", "segregation_input.csv");
        var csv = CliRunner.Run("diversity", "--data", path, "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("scope,id,parent,measure,group,group2,value", lines[0]);
        var d = lines.Single(l => l.StartsWith("parent,P1,,dissimilarity,a,"));
        var expected = Reference("segregation_reference.json", "by_wijk").GetProperty("parents").EnumerateArray()
            .Single(p => p.GetProperty("parent").GetString() == "P1").GetProperty("dissimilarity").GetDouble();
        Approx.Equal(expected, double.Parse(d.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        var table = CliRunner.Run("diversity", "--data", path, "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Theil H", table.Out);
        Assert.Contains("BU0001", table.Out);
        var outFile = Path.Combine(Paths.TempDir(), "d.json");
        var written = CliRunner.Run("diversity", "--data", path, "--unit", "buurt", "--groups", "a,b,c,d", "--format", "json", "--out", outFile);
        Assert.Equal(0, written.ExitCode);
        Assert.Equal(89, JsonDocument.Parse(File.ReadAllText(outFile)).RootElement.GetProperty("units").GetArrayLength());
    }
}
