using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Reads Stata data files (<c>.dta</c>) of formats 113–115 (Stata 8–12) and 117–119 (Stata 13–18), either byte
/// order, into a <see cref="DataFrame"/>, following Stata's own <c>help dta</c> description.
/// <list type="bullet">
/// <item>byte/int/long/float/double → <see cref="NumericColumn"/> with the variable label and the value labels
/// attached to the variable (codes stay the values, as haven's <c>labelled</c>).</item>
/// <item>Stata missing values <c>.</c> and <c>.a</c>–<c>.z</c> → NaN (as <c>haven::read_dta</c>, which keeps them
/// only as tagged NA).</item>
/// <item>str1–str2045 and strL → <see cref="CategoricalColumn"/>; an empty string is missing. Strings are UTF-8 in
/// format 118+, Windows-1252 before.</item>
/// </list>
/// Anything inconsistent raises a <see cref="CohesionException"/> naming the file.
/// </summary>
public static class DtaReader
{
    static DtaReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const int TypeDouble = -1, TypeFloat = -2, TypeLong = -3, TypeInt = -4, TypeByte = -5, TypeStrL = -6;

    private sealed class Var
    {
        public required string Name;
        public int Type;           // > 0: fixed string width; < 0: Type* constants
        public string? Label;
        public string? LabelSet;
        public double[] Values = [];
        public ColumnBuilder? Text;
    }

    public static DataFrame Read(string path) => Read(BinaryCursor.ReadFile(path), path);

    public static DataFrame Read(byte[] bytes, string source)
    {
        var c = new BinaryCursor(bytes, source, "Stata");
        if (bytes.Length >= 11 && bytes.AsSpan(0, 11).SequenceEqual("<stata_dta>"u8)) return ReadTagged(c);
        if (bytes.Length < 2) throw c.Corrupt("too short to be a Stata file");
        int format = bytes[0];
        if (format is < 113 or > 115)
            throw new CohesionException(format is >= 102 and <= 112
                ? $"Stata format {format} (Stata 7 or older) is not supported; save it with a newer Stata"
                : "not a Stata .dta file (unknown format byte)", source);
        return ReadOld(c, format);
    }

    // ---- formats 113–115 ------------------------------------------------------------------------------

    private static DataFrame ReadOld(BinaryCursor c, int format)
    {
        var enc = Encoding.GetEncoding(1252);
        c.Position = 1;
        int byteOrder = c.U8();
        if (byteOrder is not (1 or 2)) throw c.Corrupt($"byte order {byteOrder}");
        c.BigEndian = byteOrder == 1;
        c.U8(); c.U8();
        int k = c.U16();
        long n = c.U32();
        c.Skip(81 + 18);
        var vars = new Var[k];
        var types = c.Bytes(k).ToArray();
        for (int j = 0; j < k; j++)
        {
            int t = types[j];
            int type = t switch
            {
                255 => TypeDouble, 254 => TypeFloat, 253 => TypeLong, 252 => TypeInt, 251 => TypeByte,
                >= 1 and <= 244 => t,
                _ => throw c.Corrupt($"variable {j + 1} has unknown type code {t}")
            };
            vars[j] = new Var { Name = "", Type = type };
        }
        for (int j = 0; j < k; j++) vars[j].Name = CString(c.Bytes(33), enc);
        c.Skip(2L * (k + 1));
        c.Skip((long)k * (format == 113 ? 12 : 49));
        for (int j = 0; j < k; j++) vars[j].LabelSet = NullIfEmpty(CString(c.Bytes(33), enc));
        for (int j = 0; j < k; j++) vars[j].Label = NullIfEmpty(CString(c.Bytes(81), enc));
        // expansion fields
        while (true)
        {
            int type = c.U8();
            int len = c.I32();
            if (type == 0 && len == 0) break;
            if (len < 0) throw c.Corrupt("negative expansion field length");
            c.Skip(len);
        }
        ReadData(c, vars, n, enc, strLs: null, format);
        var labelSets = new Dictionary<string, Dictionary<double, string>>(StringComparer.Ordinal);
        while (c.Remaining >= 4)
        {
            int len = c.I32();
            var name = CString(c.Bytes(33), enc);
            c.Skip(3);
            labelSets[name] = ReadLabelTable(c, len, enc);
        }
        return Build(vars, n, labelSets, c.File);
    }

    // ---- formats 117–119 ------------------------------------------------------------------------------

    private static DataFrame ReadTagged(BinaryCursor c)
    {
        c.Position = 0;
        Expect(c, "<stata_dta><header><release>");
        var release = Encoding.ASCII.GetString(c.Bytes(3));
        if (!int.TryParse(release, out int format) || format is < 117 or > 119)
            throw new CohesionException($"Stata format {release} is not supported (supported: 113–115, 117–119)", c.File);
        Expect(c, "</release><byteorder>");
        var order = Encoding.ASCII.GetString(c.Bytes(3));
        if (order is not ("LSF" or "MSF")) throw c.Corrupt($"byte order '{order}'");
        c.BigEndian = order == "MSF";
        Expect(c, "</byteorder><K>");
        int k = format == 119 ? (int)c.U32() : c.U16();
        Expect(c, "</K><N>");
        long n = format == 117 ? c.U32() : (long)c.U64();
        if (n > int.MaxValue) throw new CohesionException($"{n} observations is more than this reader can hold", c.File);
        Expect(c, "</N><label>");
        int labelLen = format == 117 ? c.U8() : c.U16();
        c.Skip(labelLen);
        Expect(c, "</label><timestamp>");
        int tsLen = c.U8();
        c.Skip(tsLen);
        Expect(c, "</timestamp></header><map>");
        var map = new long[14];
        for (int i = 0; i < 14; i++) map[i] = (long)c.U64();
        foreach (var m in map) if (m < 0 || m > c.Length) throw c.Corrupt("section offset outside the file");
        var enc = format >= 118 ? Encoding.UTF8 : Encoding.GetEncoding(1252);
        int nameLen = format == 117 ? 33 : 129;

        c.Position = (int)map[2];
        Expect(c, "<variable_types>");
        var vars = new Var[k];
        for (int j = 0; j < k; j++)
        {
            int t = c.U16();
            int type = t switch
            {
                65526 => TypeDouble, 65527 => TypeFloat, 65528 => TypeLong, 65529 => TypeInt, 65530 => TypeByte,
                32768 => TypeStrL,
                >= 1 and <= 2045 => t,
                _ => throw c.Corrupt($"variable {j + 1} has unknown type code {t}")
            };
            vars[j] = new Var { Name = "", Type = type };
        }
        c.Position = (int)map[3];
        Expect(c, "<varnames>");
        for (int j = 0; j < k; j++) vars[j].Name = CString(c.Bytes(nameLen), enc);
        c.Position = (int)map[6];
        Expect(c, "<value_label_names>");
        for (int j = 0; j < k; j++) vars[j].LabelSet = NullIfEmpty(CString(c.Bytes(nameLen), enc));
        c.Position = (int)map[7];
        Expect(c, "<variable_labels>");
        int varLabelLen = format == 117 ? 81 : 321;
        for (int j = 0; j < k; j++) vars[j].Label = NullIfEmpty(CString(c.Bytes(varLabelLen), enc));

        // strLs first, so the data can resolve (v,o) references
        var strLs = new Dictionary<(long, long), string>();
        c.Position = (int)map[10];
        Expect(c, "<strls>");
        while (c.Remaining >= 3 && c.Data.AsSpan(c.Position, 3).SequenceEqual("GSO"u8))
        {
            c.Skip(3);
            long v = c.U32();
            long o = format == 117 ? c.U32() : (long)c.U64();
            int t = c.U8();
            int len = (int)c.U32();
            var content = c.Bytes(len);
            if (t == 130 && len > 0 && content[^1] == 0) content = content[..^1];
            strLs[(v, o)] = enc.GetString(content);
        }

        c.Position = (int)map[9];
        Expect(c, "<data>");
        ReadData(c, vars, n, enc, strLs, format);
        Expect(c, "</data>");

        var labelSets = new Dictionary<string, Dictionary<double, string>>(StringComparer.Ordinal);
        c.Position = (int)map[11];
        Expect(c, "<value_labels>");
        while (c.Remaining >= 5 && c.Data.AsSpan(c.Position, 5).SequenceEqual("<lbl>"u8))
        {
            c.Skip(5);
            int len = c.I32();
            var name = CString(c.Bytes(nameLen), enc);
            c.Skip(3);
            labelSets[name] = ReadLabelTable(c, len, enc);
            Expect(c, "</lbl>");
        }
        Expect(c, "</value_labels>");
        return Build(vars, n, labelSets, c.File);
    }

    // ---- shared -----------------------------------------------------------------------------------------

    private static void ReadData(BinaryCursor c, Var[] vars, long nObs, Encoding enc, Dictionary<(long, long), string>? strLs, int format)
    {
        int n = checked((int)nObs);
        int recordLength = 0;
        foreach (var v in vars)
        {
            recordLength += v.Type switch { TypeDouble => 8, TypeFloat => 4, TypeLong => 4, TypeInt => 2, TypeByte => 1, TypeStrL => 8, _ => v.Type };
            if (v.Type is > 0 or TypeStrL) v.Text = new ColumnBuilder(v.Name, forceText: true, Math.Max(n, 16));
            else v.Values = new double[n];
        }
        if ((long)recordLength * n > c.Remaining)
            throw new CohesionException($"corrupt or truncated Stata file: {n} observations of {recordLength} bytes do not fit in the file", c.File,
                row: c.Remaining / Math.Max(recordLength, 1) + 1);
        for (int i = 0; i < n; i++)
        {
            foreach (var v in vars)
            {
                switch (v.Type)
                {
                    case TypeDouble:
                    {
                        double x = c.F64();
                        v.Values[i] = x > 8.988465674311579e307 || double.IsNaN(x) ? double.NaN : x;
                        break;
                    }
                    case TypeFloat:
                    {
                        float x = c.F32();
                        v.Values[i] = x > 1.7014117e38f || float.IsNaN(x) ? double.NaN : x;
                        break;
                    }
                    case TypeLong:
                    {
                        int x = c.I32();
                        v.Values[i] = x > 2147483620 ? double.NaN : x;
                        break;
                    }
                    case TypeInt:
                    {
                        short x = c.I16();
                        v.Values[i] = x > 32740 ? double.NaN : x;
                        break;
                    }
                    case TypeByte:
                    {
                        sbyte x = c.I8();
                        v.Values[i] = x > 100 ? double.NaN : x;
                        break;
                    }
                    case TypeStrL:
                    {
                        long vv, oo;
                        if (format == 117) { vv = c.U32(); oo = c.U32(); }
                        else
                        {
                            var b = c.Bytes(8);
                            if (c.BigEndian)
                            {
                                vv = (b[0] << 8) | b[1];
                                oo = 0;
                                for (int q = 2; q < 8; q++) oo = (oo << 8) | b[q];
                            }
                            else
                            {
                                vv = b[0] | (b[1] << 8);
                                oo = 0;
                                for (int q = 7; q >= 2; q--) oo = (oo << 8) | b[q];
                            }
                        }
                        if (vv == 0 && oo == 0) { v.Text!.AddMissing(); break; }
                        if (strLs is null || !strLs.TryGetValue((vv, oo), out var s))
                            throw new CohesionException($"corrupt Stata file: strL ({vv},{oo}) not found", c.File, v.Name, i + 1);
                        v.Text!.AddText(s.Length == 0 ? null : s);
                        break;
                    }
                    default:
                    {
                        var s = CString(c.Bytes(v.Type), enc);
                        v.Text!.AddText(s.Length == 0 ? null : s);
                        break;
                    }
                }
            }
        }
    }

    private static Dictionary<double, string> ReadLabelTable(BinaryCursor c, int len, Encoding enc)
    {
        int start = c.Position;
        if (len < 8 || len > c.Remaining) throw c.Corrupt($"value label table of {len} bytes");
        int count = c.I32();
        int txtLen = c.I32();
        if (count < 0 || 8 + 8L * count + txtLen > len) throw c.Corrupt($"value label table with {count} entries");
        var offsets = new int[count];
        var values = new int[count];
        for (int i = 0; i < count; i++) offsets[i] = c.I32();
        for (int i = 0; i < count; i++) values[i] = c.I32();
        var txt = c.Bytes(txtLen);
        var table = new Dictionary<double, string>(count);
        for (int i = 0; i < count; i++)
        {
            if (offsets[i] < 0 || offsets[i] > txtLen) throw c.Corrupt($"value label offset {offsets[i]}");
            table[values[i]] = CString(txt[offsets[i]..], enc);
        }
        c.Position = start + len;
        return table;
    }

    private static DataFrame Build(Var[] vars, long n, Dictionary<string, Dictionary<double, string>> labelSets, string source)
    {
        var frame = new DataFrame((int)n, source);
        foreach (var v in vars)
        {
            if (v.Text is not null) { frame.Add(v.Text.Build()); continue; }
            Dictionary<double, string>? labels = null;
            if (v.LabelSet is not null) labelSets.TryGetValue(v.LabelSet, out labels);
            frame.Add(new NumericColumn(v.Name, v.Values, labels, v.Label));
        }
        return frame;
    }

    private static void Expect(BinaryCursor c, string tag)
    {
        var bytes = Encoding.ASCII.GetBytes(tag);
        if (c.Remaining < bytes.Length || !c.Data.AsSpan(c.Position, bytes.Length).SequenceEqual(bytes))
            throw c.Corrupt($"expected '{tag}'");
        c.Position += bytes.Length;
    }

    private static string CString(ReadOnlySpan<byte> b, Encoding enc)
    {
        int z = b.IndexOf((byte)0);
        return enc.GetString(z < 0 ? b : b[..z]);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
