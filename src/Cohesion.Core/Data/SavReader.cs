using System.IO.Compression;
using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Reads SPSS system files (<c>.sav</c>: uncompressed or bytecode-compressed; <c>.zsav</c>: zlib) into a
/// <see cref="DataFrame"/>, following the PSPP description of the format.
/// <list type="bullet">
/// <item>Numeric variables → <see cref="NumericColumn"/> with the variable label and the value labels
/// (<see cref="NumericColumn.ValueLabels"/>; the numeric codes stay the values, as haven's <c>labelled</c>).</item>
/// <item>System-missing and user-missing values (discrete codes and ranges, LO/HI) become NaN, as
/// <c>haven::read_sav(user_na = FALSE)</c>; their labels stay in the label set.</item>
/// <item>String variables (including very long strings &gt; 255 bytes split in segments) → <see cref="CategoricalColumn"/>
/// with the distinct values as levels; trailing blanks are removed and an empty string is missing.</item>
/// <item>Long variable names, the file encoding (UTF-8 or a Windows code page), either byte order.</item>
/// </list>
/// Anything inconsistent raises a <see cref="CohesionException"/> naming the file.
/// </summary>
public static class SavReader
{
    static SavReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed class VarRecord
    {
        public required string ShortName;
        public int Width;                 // 0 numeric, else string width in bytes
        public int Slot;                  // first 8-byte slot in a case
        public int Slots = 1;
        public string? Label;
        public byte[]? LabelRaw;
        public double[] MissingValues = [];
        public double MissingLow = double.NaN, MissingHigh = double.NaN;
        public Dictionary<double, string>? ValueLabels;
        public Dictionary<string, string>? StringLabels;   // string variables: value → label
    }

    private sealed class Variable
    {
        public required string Name;
        public required VarRecord First;
        public List<VarRecord> Segments = new();
        public double[] Values = [];
        public ColumnBuilder? Text;
    }

    public static DataFrame Read(string path) => Read(BinaryCursor.ReadFile(path), path);

    public static DataFrame Read(byte[] bytes, string source)
    {
        var c = new BinaryCursor(bytes, source, "SPSS");
        var magic = Encoding.ASCII.GetString(bytes.AsSpan(0, Math.Min(4, bytes.Length)));
        if (magic != "$FL2" && magic != "$FL3") throw new CohesionException($"not an SPSS system file (starts with '{Printable(magic)}', expected '$FL2')", source);
        if (bytes.Length < 176) throw c.Corrupt("shorter than the 176-byte header");
        c.Skip(4);
        c.Skip(60);
        int layout = c.I32();
        if (layout != 2 && layout != 3)
        {
            c.BigEndian = true;
            c.Position -= 4;
            layout = c.I32();
            if (layout != 2 && layout != 3) throw c.Corrupt($"unknown layout code {layout}");
        }
        int nominalCaseSize = c.I32();
        int compression = c.I32();
        c.I32(); // weight index
        int nCases = c.I32();
        double bias = c.F64();
        c.Skip(9 + 8 + 64 + 3);
        if (compression is < 0 or > 2) throw c.Corrupt($"unknown compression code {compression}");

        var records = new List<VarRecord>();
        int slots = 0;
        var longNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var veryLong = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        Encoding? encoding = null;
        byte[]? longNamesRaw = null, veryLongRaw = null, longStringLabelsRaw = null;
        var pendingLabels = new List<(List<(byte[] Value, byte[] Label)> Labels, int[] Vars)>();
        double sysmis = -double.MaxValue, highest = double.MaxValue, lowest = -double.MaxValue;

        while (true)
        {
            if (c.Remaining < 4) throw c.Corrupt("dictionary does not end (no record type 999)");
            int recType = c.I32();
            if (recType == 999) { c.I32(); break; }
            switch (recType)
            {
                case 2:
                {
                    int type = c.I32();
                    int hasLabel = c.I32();
                    int nMissing = c.I32();
                    c.I32(); c.I32(); // print, write formats
                    var name = Encoding.ASCII.GetString(c.Bytes(8)).TrimEnd(' ', '\0');
                    byte[]? labelRaw = null;
                    if (hasLabel == 1)
                    {
                        int len = c.I32();
                        if (len < 0 || len > 65536) throw c.Corrupt($"variable label length {len}");
                        labelRaw = c.Bytes((len + 3) / 4 * 4)[..len].ToArray(); // decoded once the encoding is known
                    }
                    var missing = new List<double>();
                    double lo = double.NaN, hi = double.NaN;
                    if (nMissing != 0)
                    {
                        int count = Math.Abs(nMissing);
                        if (count > 3) throw c.Corrupt($"missing-value count {nMissing} for variable {name}");
                        var vals = new double[count];
                        for (int i = 0; i < count; i++) vals[i] = c.F64();
                        if (nMissing < 0) { lo = vals[0]; hi = vals[1]; for (int i = 2; i < count; i++) missing.Add(vals[i]); }
                        else missing.AddRange(vals);
                    }
                    if (type == -1)
                    {
                        if (records.Count == 0) throw c.Corrupt("continuation record before any variable");
                        records[^1].Slots++;
                        slots++;
                        break;
                    }
                    if (type < 0 || type > 255) throw c.Corrupt($"variable {name} has type {type}");
                    var rec = new VarRecord { ShortName = name, Width = type, Slot = slots, LabelRaw = labelRaw, MissingLow = lo, MissingHigh = hi };
                    if (type == 0) rec.MissingValues = missing.ToArray();
                    records.Add(rec);
                    slots++;
                    break;
                }
                case 3:
                {
                    int count = c.I32();
                    if (count < 0 || count > 1_000_000) throw c.Corrupt($"value label count {count}");
                    var labels = new List<(byte[] Value, byte[] Label)>(count);
                    for (int i = 0; i < count; i++)
                    {
                        var value = c.Bytes(8).ToArray();
                        int len = c.U8();
                        var raw = c.Bytes((len + 8) / 8 * 8 - 1)[..len].ToArray();
                        labels.Add((value, raw));
                    }
                    if (c.I32() != 4) throw c.Corrupt("value labels not followed by their variable list (record type 4)");
                    int nVars = c.I32();
                    if (nVars < 0 || nVars > 1_000_000) throw c.Corrupt($"value label variable count {nVars}");
                    var idx = new int[nVars];
                    for (int i = 0; i < nVars; i++) idx[i] = c.I32();
                    pendingLabels.Add((labels, idx));
                    break;
                }
                case 6:
                {
                    int lines = c.I32();
                    c.Skip(80L * lines);
                    break;
                }
                case 7:
                {
                    int subtype = c.I32();
                    int size = c.I32();
                    int count = c.I32();
                    long total = (long)size * count;
                    if (size < 0 || count < 0 || total > c.Remaining) throw c.Corrupt($"extension record {subtype} of {total} bytes");
                    int start = c.Position;
                    switch (subtype)
                    {
                        case 3 when total >= 32:
                        {
                            c.Skip(28);
                            int code = c.I32();
                            encoding ??= EncodingFromCodePage(code);
                            break;
                        }
                        case 4 when total >= 24:
                            sysmis = c.F64(); highest = c.F64(); lowest = c.F64();
                            break;
                        case 13: longNamesRaw = c.Bytes((int)total).ToArray(); break;
                        case 21: longStringLabelsRaw = c.Bytes((int)total).ToArray(); break;
                        case 14: veryLongRaw = c.Bytes((int)total).ToArray(); break;
                        case 20:
                        {
                            var name = Encoding.ASCII.GetString(c.Bytes((int)total)).Trim('\0', ' ');
                            try { encoding = Encoding.GetEncoding(name); } catch (ArgumentException) { /* keep code page */ }
                            break;
                        }
                    }
                    c.Position = start + (int)total;
                    break;
                }
                default:
                    throw c.Corrupt($"unknown dictionary record type {recType}");
            }
        }
        encoding ??= Encoding.GetEncoding(1252);
        if (slots != nominalCaseSize && nominalCaseSize > 0)
            throw c.Corrupt($"the header says {nominalCaseSize} slots per case, the variables take {slots}");

        // variable labels and names in the file's encoding
        foreach (var r in records)
            if (r.LabelRaw is not null) r.Label = Decode(r.LabelRaw, encoding);
        if (longNamesRaw is not null)
            foreach (var pair in Decode(longNamesRaw, encoding).Split('\t', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0) longNames[pair[..eq].Trim()] = pair[(eq + 1)..].Trim('\0', ' ');
            }
        if (veryLongRaw is not null)
            foreach (var pair in Decode(veryLongRaw, encoding).Split('\t', StringSplitOptions.RemoveEmptyEntries))
            {
                var p = pair.Trim('\0', ' ');
                int eq = p.IndexOf('=');
                if (eq > 0 && int.TryParse(p[(eq + 1)..].Trim('\0', ' '), out var w)) veryLong[p[..eq].Trim()] = w;
            }

        // value labels onto numeric variables (by 1-based slot index)
        var bySlot = new Dictionary<int, VarRecord>();
        foreach (var r in records) bySlot[r.Slot + 1] = r;
        foreach (var (labels, idx) in pendingLabels)
            foreach (var i in idx)
            {
                if (!bySlot.TryGetValue(i, out var r)) throw c.Corrupt($"value labels refer to variable slot {i}, which does not exist");
                if (r.Width != 0)
                {
                    r.StringLabels ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (value, label) in labels) r.StringLabels[Decode(value, encoding).TrimEnd(' ', '\0')] = Decode(label, encoding);
                    continue;
                }
                r.ValueLabels ??= new Dictionary<double, string>();
                foreach (var (value, label) in labels) r.ValueLabels[BinaryCursor.F64(value, c.BigEndian)] = Decode(label, encoding);
            }

        // group very long string segments into variables
        var variables = new List<Variable>();
        for (int i = 0; i < records.Count;)
        {
            var r = records[i];
            var name = longNames.TryGetValue(r.ShortName, out var ln) ? ln : r.ShortName;
            var v = new Variable { Name = name, First = r };
            int nSeg = r.Width > 0 && veryLong.TryGetValue(r.ShortName, out var w) ? (w + 251) / 252 : 1;
            if (i + nSeg > records.Count) throw c.Corrupt($"very long string {name} needs {nSeg} segments");
            for (int s = 0; s < nSeg; s++) v.Segments.Add(records[i + s]);
            variables.Add(v);
            i += nSeg;
        }
        if (longStringLabelsRaw is not null) ApplyLongStringLabels(new BinaryCursor(longStringLabelsRaw, source, "SPSS") { BigEndian = c.BigEndian }, variables, encoding);
        int capacity = nCases > 0 ? Math.Min(nCases, 1 << 20) : 1024;   // a corrupt count must not allocate gigabytes
        foreach (var v in variables)
        {
            if (v.First.Width == 0) v.Values = new double[capacity];
            else v.Text = new ColumnBuilder(v.Name, forceText: true, capacity);
        }

        // the data
        byte[] data;
        int dataStart;
        if (compression == 2)
        {
            data = InflateZsav(c);
            dataStart = 0;
        }
        else { data = bytes; dataStart = c.Position; }
        int caseBytes = slots * 8;
        var row = new byte[caseBytes];
        var str = new byte[Math.Max(256, variables.Where(v => v.Text is not null).Select(v => v.Segments.Sum(s => s.Slots * 8)).DefaultIfEmpty(0).Max())];
        int n = 0;
        var missingSet = variables.Select(v => v.First.MissingValues).ToArray();

        void EmitRow()
        {
            if (n == capacity)
            {
                capacity *= 2;
                foreach (var v in variables) if (v.Text is null) { var a = v.Values; Array.Resize(ref a, capacity); v.Values = a; }
            }
            for (int k = 0; k < variables.Count; k++)
            {
                var v = variables[k];
                var r = v.First;
                if (v.Text is null)
                {
                    double x = BinaryCursor.F64(row.AsSpan(r.Slot * 8, 8), c.BigEndian);
                    if (x == sysmis || IsUserMissing(x, r, lowest, highest)) x = double.NaN;
                    v.Values[n] = x;
                }
                else
                {
                    int len = 0;
                    for (int s = 0; s < v.Segments.Count; s++)
                    {
                        var seg = v.Segments[s];
                        int segBytes = seg.Slots * 8;
                        if (s < v.Segments.Count - 1) segBytes = Math.Min(segBytes, 255);
                        else segBytes = Math.Min(segBytes, seg.Width);
                        row.AsSpan(seg.Slot * 8, segBytes).CopyTo(str.AsSpan(len));
                        len += segBytes;
                    }
                    while (len > 0 && (str[len - 1] == (byte)' ' || str[len - 1] == 0)) len--;
                    v.Text.AddText(len == 0 ? null : Decode(str.AsSpan(0, len), encoding));
                }
            }
            n++;
        }

        if (compression == 0)
        {
            int pos = dataStart;
            while (pos + caseBytes <= data.Length && (nCases < 0 || n < nCases))
            {
                data.AsSpan(pos, caseBytes).CopyTo(row);
                EmitRow();
                pos += caseBytes;
            }
            if (nCases > 0 && n < nCases) throw new CohesionException($"corrupt or truncated SPSS file: the header says {nCases} cases, the data hold {n}", source, row: n + 1);
        }
        else
        {
            int pos = dataStart;
            int filled = 0;
            bool end = false;
            while (!end && pos + 8 <= data.Length && (nCases < 0 || n < nCases))
            {
                int cmdPos = pos;
                pos += 8;
                for (int k = 0; k < 8 && !end; k++)
                {
                    byte cmd = data[cmdPos + k];
                    switch (cmd)
                    {
                        case 0: continue;
                        case 252: end = true; continue;
                        case 253:
                            if (pos + 8 > data.Length) throw new CohesionException("corrupt or truncated SPSS file: compressed data end inside a value", source, row: n + 1);
                            data.AsSpan(pos, 8).CopyTo(row.AsSpan(filled));
                            pos += 8;
                            break;
                        case 254: "        "u8.CopyTo(row.AsSpan(filled)); break;
                        case 255: WriteDouble(row.AsSpan(filled), sysmis, c.BigEndian); break;
                        default: WriteDouble(row.AsSpan(filled), cmd - bias, c.BigEndian); break;
                    }
                    filled += 8;
                    if (filled == caseBytes)
                    {
                        EmitRow();
                        filled = 0;
                        if (nCases >= 0 && n == nCases) { end = true; }
                    }
                }
            }
            if (filled != 0) throw new CohesionException("corrupt or truncated SPSS file: the data end in the middle of a case", source, row: n + 1);
            if (nCases > 0 && n < nCases) throw new CohesionException($"corrupt or truncated SPSS file: the header says {nCases} cases, the data hold {n}", source, row: n + 1);
        }

        var frame = new DataFrame(n, source);
        foreach (var v in variables)
        {
            if (v.Text is not null) frame.Add(WithLabels((CategoricalColumn)v.Text.Build(), v.First.StringLabels));
            else
            {
                var values = v.Values.Length == n ? v.Values : v.Values.AsSpan(0, n).ToArray();
                frame.Add(new NumericColumn(v.Name, values, v.First.ValueLabels, v.First.Label));
            }
        }
        return frame;
    }

    /// <summary>Extension record 21: value labels of string variables wider than 8 bytes.</summary>
    private static void ApplyLongStringLabels(BinaryCursor c, List<Variable> variables, Encoding encoding)
    {
        var byName = variables.ToDictionary(v => v.Name, StringComparer.OrdinalIgnoreCase);
        while (c.Remaining > 0)
        {
            var name = Decode(c.Bytes(c.I32()), encoding);
            c.I32(); // width
            int n = c.I32();
            if (n < 0) throw c.Corrupt($"long string value label count {n}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                var value = Decode(c.Bytes(c.I32()), encoding).TrimEnd(' ', '\0');
                labels[value] = Decode(c.Bytes(c.I32()), encoding);
            }
            if (byName.TryGetValue(name, out var v) || byName.TryGetValue(name.Trim(), out v)) v.First.StringLabels = labels;
        }
    }

    private static CategoricalColumn WithLabels(CategoricalColumn c, Dictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0) return c;
        var l = c.Levels.Select(level => labels.TryGetValue(level, out var x) ? x : level).ToArray();
        return new CategoricalColumn(c.Name, c.Codes, c.Levels, l);
    }

    private static bool IsUserMissing(double x, VarRecord r, double lowest, double highest)
    {
        foreach (var m in r.MissingValues) if (x == m) return true;
        if (!double.IsNaN(r.MissingLow))
        {
            double lo = r.MissingLow <= lowest ? double.NegativeInfinity : r.MissingLow;
            double hi = r.MissingHigh >= highest ? double.PositiveInfinity : r.MissingHigh;
            if (x >= lo && x <= hi) return true;
        }
        return false;
    }

    private static void WriteDouble(Span<byte> target, double value, bool bigEndian)
    {
        if (bigEndian) System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(target, value);
        else System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(target, value);
    }

    /// <summary>Inflates the zlib blocks of a .zsav file into one bytecode-compressed stream.</summary>
    private static byte[] InflateZsav(BinaryCursor c)
    {
        long zheaderOfs = c.I64();
        long ztrailerOfs = c.I64();
        long ztrailerLen = c.I64();
        if (ztrailerOfs < 0 || ztrailerOfs + 24 > c.Length || ztrailerLen < 24) throw c.Corrupt("zlib trailer offset out of range");
        c.Position = (int)ztrailerOfs;
        c.I64(); c.I64();
        c.I32();
        int nBlocks = c.I32();
        if (nBlocks < 0 || 24L + 24L * nBlocks > ztrailerLen) throw c.Corrupt($"zlib block count {nBlocks}");
        var output = new MemoryStream();
        for (int b = 0; b < nBlocks; b++)
        {
            c.I64();
            long compressedOfs = c.I64();
            int uncompressedSize = c.I32();
            int compressedSize = c.I32();
            if (compressedOfs < 0 || compressedSize < 0 || compressedOfs + compressedSize > c.Length) throw c.Corrupt($"zlib block {b + 1} out of range");
            try
            {
                using var z = new ZLibStream(new MemoryStream(c.Data, (int)compressedOfs, compressedSize), CompressionMode.Decompress);
                long before = output.Length;
                z.CopyTo(output);
                if (output.Length - before != uncompressedSize) throw c.Corrupt($"zlib block {b + 1} inflates to {output.Length - before} bytes, expected {uncompressedSize}");
            }
            catch (InvalidDataException e)
            {
                throw new CohesionException($"corrupt SPSS file: zlib block {b + 1} cannot be inflated ({e.Message})", c.File);
            }
        }
        _ = zheaderOfs;
        return output.ToArray();
    }

    private static Encoding EncodingFromCodePage(int code) => code switch
    {
        65001 => Encoding.UTF8,
        2 or 3 or 1252 => Encoding.GetEncoding(1252),
        20127 => Encoding.ASCII,
        28591 => Encoding.Latin1,
        _ => TryCodePage(code) ?? Encoding.GetEncoding(1252)
    };

    private static Encoding? TryCodePage(int code)
    {
        try { return Encoding.GetEncoding(code); } catch (Exception e) when (e is ArgumentException or NotSupportedException) { return null; }
    }

    private static string Decode(ReadOnlySpan<byte> raw, Encoding? encoding) => (encoding ?? Encoding.UTF8).GetString(raw);

    private static string Printable(string s) => new(s.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
}
