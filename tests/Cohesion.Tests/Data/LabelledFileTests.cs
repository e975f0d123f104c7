using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Data;

/// <summary>SPSS and Stata files written by R haven (tools/reference/data.R), compared value by value, label by
/// label with what haven reads back (expected_labelled.json).</summary>
public class LabelledFileTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("data", "expected_labelled.json"))).RootElement;

    public static TheoryData<string, string> Files => new()
    {
        { "survey.sav", "sav" },
        { "survey_bytecode.sav", "sav_bytecode" },
        { "survey.zsav", "zsav" },
        { "survey_v15.dta", "dta" },
        { "survey_v14.dta", "dta" },
        { "survey_v13.dta", "dta" },
        { "survey_v11.dta", "dta" },
        { "survey_v10.dta", "dta" },
        { "survey_v8.dta", "dta_v8" },
        { "survey_strl.dta", "dta_strl" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadsValuesLabelsAndMissingAsHaven(string file, string key)
    {
        var frame = DatasetLoader.Load(Paths.Fixture("data", file));
        var expected = Expected.GetProperty(key).EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.GetProperty("name").GetString()), frame.ColumnNames);
        foreach (var col in expected)
        {
            var name = col.GetProperty("name").GetString()!;
            var values = col.GetProperty("values").EnumerateArray().ToList();
            Assert.Equal(values.Count, frame.RowCount);
            if (values.Any(v => v.ValueKind == JsonValueKind.String))
            {
                var c = Assert.IsType<CategoricalColumn>(frame[name]);
                for (int i = 0; i < values.Count; i++)
                {
                    var s = values[i].GetString()!;
                    // an empty string is missing in a Cohesion frame
                    Assert.Equal(s, c.Format(i));
                    Assert.Equal(s.Length == 0, c.IsMissing(i));
                }
                var sl = col.GetProperty("string_labels");
                if (sl.ValueKind == JsonValueKind.Null) Assert.Null(c.Labels);
                else
                    for (int l = 0; l < c.LevelCount; l++)
                        Assert.Equal(sl.TryGetProperty(c.Levels[l], out var lab) ? lab.GetString() : c.Levels[l], c.LabelOf(l));
                continue;
            }
            var n = Assert.IsType<NumericColumn>(frame[name]);
            for (int i = 0; i < values.Count; i++)
            {
                if (values[i].ValueKind == JsonValueKind.Null) Assert.True(double.IsNaN(n.Values[i]), $"{file} {name}[{i}] should be missing, is {n.Values[i]}");
                else Assert.Equal(values[i].GetDouble(), n.Values[i]);
            }
            var label = col.GetProperty("label");
            Assert.Equal(label.ValueKind == JsonValueKind.Null ? null : label.GetString(), n.Label);
            var vl = col.GetProperty("value_labels");
            if (vl.ValueKind == JsonValueKind.Null) Assert.True(n.ValueLabels is null || n.ValueLabels.Count == 0, $"{name} should have no value labels");
            else
            {
                var pairs = vl.EnumerateArray().ToDictionary(e => e.GetProperty("value").GetDouble(), e => e.GetProperty("label").GetString());
                Assert.NotNull(n.ValueLabels);
                Assert.Equal(pairs.OrderBy(p => p.Key), n.ValueLabels!.OrderBy(p => p.Key));
            }
        }
    }

    [Fact]
    public void ValueLabelsShowAsLevelLabelsOfTheCategoricalView()
    {
        var frame = SavReader.Read(Paths.Fixture("data", "survey.sav"));
        var trust = frame.Categorical("trust");
        // user-missing 8 and 9 are missing, so only the four substantive codes are levels
        Assert.Equal(["1", "2", "3", "4"], trust.Levels);
        Assert.Equal(["heel veel vertrouwen", "tamelijk veel", "niet zo veel", "helemaal geen"], trust.Labels);
        Assert.Equal(-1, trust.Codes[8]);
        Assert.Equal("man", frame.Categorical("sex").LabelOf(0));
    }

    [Fact]
    public void VeryLongSpssStringIsReassembledFromItsSegments()
    {
        var frame = SavReader.Read(Paths.Fixture("data", "survey_bytecode.sav"));
        var comment = (CategoricalColumn)frame["comment"];
        var text = string.Concat(Enumerable.Repeat("lange tekst ", 40));
        Assert.Equal(text.TrimEnd(), comment.Format(0));   // 479 bytes after SPSS's blank padding: two segments
        Assert.Equal(text + "einde", comment.Format(2));   // 485 bytes
    }

    [Fact]
    public void StataExtendedMissingValuesAreMissing()
    {
        var frame = DtaReader.Read(Paths.Fixture("data", "survey_v15.dta"));
        var trust = frame.Numeric("trust");
        Assert.True(double.IsNaN(trust.Values[8]));     // .a
        Assert.True(double.IsNaN(trust.Values[9]));     // .b
        Assert.Equal(4, trust.Values[7]);
        Assert.Equal(-5, frame.Numeric("small").Values[0]);
        Assert.True(double.IsNaN(frame.Numeric("small").Values[4]));
    }

    [Fact]
    public void StataFormat115ReadsLikeFormat114()
    {
        // format 115 (Stata 12) differs from 114 only in its release byte
        var bytes = File.ReadAllBytes(Paths.Fixture("data", "survey_v11.dta"));
        Assert.Equal(114, bytes[0]);
        var f115 = (byte[])bytes.Clone();
        f115[0] = 115;
        var a = DtaReader.Read(bytes, "v114.dta");
        var b = DtaReader.Read(f115, "v115.dta");
        Assert.Equal(a.Numeric("weight").Values, b.Numeric("weight").Values);
        Assert.Equal(a.Numeric("trust").ValueLabels, b.Numeric("trust").ValueLabels);
    }
}
