using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Reads delimited text into a <see cref="DataFrame"/>: CSV, CBS StatLine exports, R's <c>write.csv</c> and
/// <c>write.table</c> output, and whitespace-separated <c>.txt</c> tables with quoted strings.
/// <list type="bullet">
/// <item>Delimiter detected from the header line (<c>, ; tab |</c>; none of these but spaces → runs of white
/// space separate fields, as R's <c>read.table</c>), or given in <see cref="CsvOptions"/>.</item>
/// <item>Decimal separator per column: <c>.</c> or a Dutch decimal comma (<c>"2,5"</c> quoted or with
/// <c>;</c>/tab delimiters); a column mixing both is text.</item>
/// <item>Missing: empty, <c>.</c> (StatLine), <c>NA</c>, <c>NaN</c>, <c>null</c>, <c>-</c>, <c>?</c>. Values are
/// trimmed (StatLine pads codes and numbers with spaces).</item>
/// <item>UTF-8 with or without BOM (fields that are not valid UTF-8 are read as Latin-1); CRLF or LF; quoted
/// fields may hold delimiters, doubled quotes and line breaks.</item>
/// <item>R row names: an empty first header cell, or one header field fewer than the data rows, gives a
/// first column named <c>row</c>.</item>
/// </list>
/// A column is numeric when every non-missing value is a number, otherwise categorical (levels in ordinal
/// order). Streams the file in 4 MB blocks into column arrays (no per-row objects). Malformed input (wrong
/// field count, bad quote, duplicate or empty header) raises a <see cref="CohesionException"/> with file,
/// column and row (1-based data row; the message also gives the line number in the file).
/// </summary>
public static class CsvReader
{
    public static DataFrame Read(string path, CsvOptions? options = null)
    {
        BinaryCursor.RequireFile(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, path, options,
            (start, length) => new RangeStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), start, length));
    }

    public static DataFrame Read(Stream stream, string sourceName, CsvOptions? options = null) => Read(stream, sourceName, options, null);

    [ThreadStatic] private static int _lastReadParts;
    /// <summary>How many parts the last read on this thread was split into (1: read on one core). For diagnostics and tests.</summary>
    public static int LastReadParts { get => _lastReadParts; internal set => _lastReadParts = value; }

    /// <param name="openRange">Opens an independent stream over a byte range of the same data, for parsing parts of a
    /// large file on several cores; null: derived for a memory stream, otherwise one core.</param>
    private static DataFrame Read(Stream stream, string sourceName, CsvOptions? options, Func<long, long, Stream>? openRange)
    {
        options ??= CsvOptions.Default;
        if (!stream.CanSeek)
        {
            var ms = new MemoryStream();
            stream.CopyTo(ms);
            ms.Position = 0;
            stream = ms;
        }
        var converted = Utf16ToUtf8(stream);
        if (!ReferenceEquals(converted, stream)) openRange = null;
        stream = converted;
        if (openRange is null && stream is MemoryStream mem && mem.TryGetBuffer(out var seg))
            openRange = (start, length) => new MemoryStream(seg.Array!, seg.Offset + (int)start, (int)length, writable: false);
        long start = stream.Position;
        var frame = Parse(stream, sourceName, options, forcedText: null, openRange, out var failed);
        if (frame is not null) return frame;
        // some numeric-looking columns held text further down: read once more with those columns as text
        stream.Position = start;
        frame = Parse(stream, sourceName, options, failed, openRange, out _);
        return frame ?? throw new InvalidOperationException("CSV typing did not settle");
    }

    /// <summary>Excel's "Unicode text" export is UTF-16 with a byte-order mark: re-encode it as UTF-8.</summary>
    private static Stream Utf16ToUtf8(Stream stream)
    {
        long start = stream.Position;
        Span<byte> bom = stackalloc byte[2];
        int got = stream.ReadAtLeast(bom, 2, throwOnEndOfStream: false);
        stream.Position = start;
        if (got < 2 || !(bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF)) return stream;
        using var reader = new StreamReader(stream, System.Text.Encoding.Unicode, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return new MemoryStream(new System.Text.UTF8Encoding(false).GetBytes(reader.ReadToEnd()));
    }

    /// <summary>One pass. Returns null (and the columns that must be text) when a column failed numeric typing.</summary>
    private static DataFrame? Parse(Stream stream, string source, CsvOptions options, HashSet<int>? forcedText, Func<long, long, Stream>? openRange, out HashSet<int> failed)
    {
        long origin = stream.Position;
        LastReadParts = 1;
        if (openRange is not null && CsvParallel.TryParse(stream, source, options, forcedText, openRange, out var parallel, out failed))
            return parallel;
        stream.Position = origin;
        failed = new HashSet<int>();
        var scanner = new RecordScanner(stream, source);
        if (!scanner.Start()) throw new CohesionException("file is empty", source);
        scanner.Delimiter = options.Delimiter ?? DetectDelimiter(scanner.FirstLine());
        if (!scanner.ReadRecord()) throw new CohesionException("file is empty (only blank lines)", source);

        var header = new List<string>(scanner.FieldCount);
        for (int j = 0; j < scanner.FieldCount; j++) header.Add(scanner.FieldText(j).Trim());
        if (header.All(h => h.Length == 0)) throw new CohesionException("header line is empty", source, row: 0);

        ColumnBuilder[]? builders = null;
        long row = 0;
        while (scanner.ReadRecord())
        {
            row++;
            if (builders is null)
            {
                // R's write.table: one header field fewer than the data (row names)
                if (scanner.FieldCount == header.Count + 1) header.Insert(0, "row");
                else if (header[0].Length == 0) header[0] = "row";
                ValidateHeader(header, source);
                builders = new ColumnBuilder[header.Count];
                for (int j = 0; j < builders.Length; j++)
                    builders[j] = new ColumnBuilder(header[j], forcedText?.Contains(j) == true, options.CapacityHint);
                scanner.Builders = builders;
            }
            if (scanner.FieldCount != builders.Length)
                throw new CohesionException(
                    $"malformed line {scanner.LineNumber}: {scanner.FieldCount} field{(scanner.FieldCount == 1 ? "" : "s")}, the header has {builders.Length}",
                    source, row: row);
            scanner.AddTo(builders);
            if (row == 4096 && scanner.BytesTotal > 0)
            {
                // presize from the bytes per row so far: no repeated doubling of large columns
                long estimate = (long)(scanner.BytesTotal / (double)Math.Max(1, scanner.BytesConsumed) * row * 1.02) + 16;
                if (estimate > row && estimate < int.MaxValue) foreach (var b in builders) b.Reserve((int)estimate);
            }
        }
        if (builders is null)
        {
            if (header[0].Length == 0) header[0] = "row";
            ValidateHeader(header, source);
            builders = header.Select(h => new ColumnBuilder(h, false, 16)).ToArray();
        }
        for (int j = 0; j < builders.Length; j++) if (builders[j].Failed) failed.Add(j);
        if (failed.Count > 0) return null;
        var frame = new DataFrame((int)row, source);
        foreach (var b in builders) frame.Add(b.Build());
        return frame;
    }

    internal static void ValidateHeader(List<string> header, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            if (header[i].Length == 0) throw new CohesionException($"header field {i + 1} is empty", source, row: 0);
            if (!seen.Add(header[i]))
                throw new CohesionException($"duplicate column name '{header[i]}' in the header (fields {header.IndexOf(header[i]) + 1} and {i + 1})", source, header[i], 0);
        }
    }

    /// <summary>The delimiter with the most occurrences outside quotes in the header line; when there is none
    /// but the header has words separated by blanks, white space (<see cref="CsvOptions.Whitespace"/>).</summary>
    internal static char DetectDelimiter(ReadOnlySpan<byte> line)
    {
        char best = ',';
        int bestCount = 0;
        foreach (var d in ",;\t|")
        {
            int count = 0;
            bool inQuote = false;
            foreach (var ch in line)
            {
                if (ch == '"') inQuote = !inQuote;
                else if (ch == d && !inQuote) count++;
            }
            if (count > bestCount) { best = d; bestCount = count; }
        }
        if (bestCount > 0) return best;
        var trimmed = ColumnBuilder.TrimAscii(line);
        bool inQ = false;
        foreach (var ch in trimmed)
        {
            if (ch == '"') inQ = !inQ;
            else if (ch == ' ' && !inQ) return CsvOptions.Whitespace;
        }
        return ',';
    }
}

/// <summary>Options for <see cref="CsvReader"/>; the defaults detect everything.</summary>
public sealed record CsvOptions
{
    /// <summary>Marker for "fields separated by runs of blanks/tabs" (R's <c>read.table</c> default).</summary>
    public const char Whitespace = '\0';
    public static readonly CsvOptions Default = new();
    /// <summary>Field delimiter; null = detect from the header line.</summary>
    public char? Delimiter { get; init; }
    /// <summary>Initial column capacity (rows); grows as needed.</summary>
    public int CapacityHint { get; init; } = 4096;
    /// <summary>Cores to read a large file with (null: <c>COHESION_THREADS</c> or all); the result does not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>Files smaller than this are read on one core (splitting costs more than it saves).</summary>
    public long ParallelMinBytes { get; init; } = 4L << 20;
}

/// <summary>
/// Splits a UTF-8 byte stream into records and fields without allocating per field: a 4 MB block buffer, field
/// ranges into it, and a scratch buffer for quoted fields with doubled quotes.
/// </summary>
internal sealed class RecordScanner
{
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buf;
    private int _pos, _end;
    private bool _eof;
    private byte[] _scratch = new byte[256];
    private int _scratchLen;
    private (int Start, int Length, bool Scratch)[] _fields = new (int, int, bool)[64];
    private bool _quotedInRecord;
    private bool _started;

    private readonly bool _skipBom;

    public RecordScanner(Stream stream, string source, bool skipBom = true)
    {
        _stream = stream;
        _source = source;
        _skipBom = skipBom;
        long size = stream.CanSeek ? stream.Length - stream.Position : 1 << 22;
        BytesTotal = stream.CanSeek ? size : 0;
        _buf = new byte[(int)Math.Clamp(size + 1, 4096, 1 << 22)];   // a small file gets a small block
    }

    public char Delimiter { get; set; } = ',';
    /// <summary>Bytes in the stream (0 when unknown) and bytes consumed by the records read so far.</summary>
    public long BytesTotal { get; }
    public long BytesConsumed => _consumedBefore + _pos;
    private long _consumedBefore;
    public int FieldCount { get; private set; }
    /// <summary>True once a quoted field has been read (a file without quotes can be split at any line break).</summary>
    public bool SawQuote { get; private set; }
    /// <summary>1-based line in the file where the last record started.</summary>
    public long LineNumber { get; private set; }
    private long _linesBefore;

    /// <summary>The columns being filled (one per field), or null. When set, <see cref="ReadRecord"/> adds a common
    /// record to them itself, in one pass over its bytes, and says so with <see cref="Added"/>.</summary>
    public ColumnBuilder[]? Builders { get; set; }

    /// <summary>True when the last record's fields were added to <see cref="Builders"/> by <see cref="ReadRecord"/>
    /// (then <see cref="Field"/> is not available for it); false when the caller adds them (<see cref="AddTo"/>).</summary>
    public bool Added { get; private set; }

    /// <summary>Adds the fields of the last record to <paramref name="builders"/> (one per field), unless
    /// <see cref="ReadRecord"/> already has (<see cref="Added"/>).</summary>
    public void AddTo(ColumnBuilder[] builders)
    {
        if (Added) return;
        for (int j = 0; j < builders.Length; j++) builders[j].AddUtf8(Field(j));
    }

    public ReadOnlySpan<byte> Field(int j)
    {
        var f = _fields[j];
        return f.Scratch ? _scratch.AsSpan(f.Start, f.Length) : _buf.AsSpan(f.Start, f.Length);
    }

    public string FieldText(int j) => System.Text.Encoding.UTF8.GetString(Field(j));

    /// <summary>The first line of the file (for delimiter detection).</summary>
    public ReadOnlySpan<byte> FirstLine()
    {
        var s = _buf.AsSpan(_pos, _end - _pos);
        int nl = s.IndexOf((byte)'\n');
        return nl < 0 ? s : s[..nl];
    }

    /// <summary>Reads the first block; false when the stream holds nothing (after a BOM).</summary>
    public bool Start()
    {
        if (!_started) Fill();
        return _end > _pos;
    }

    private bool Fill()
    {
        if (_eof) return false;
        if (_pos > 0)
        {
            _consumedBefore += _pos;
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        int n = _stream.ReadAtLeast(_buf.AsSpan(_end), _buf.Length - _end, throwOnEndOfStream: false);
        _end += n;
        if (n == 0 || _end < _buf.Length) _eof = _end < _buf.Length;
        if (!_started)
        {
            _started = true;
            if (_skipBom && _end >= 3 && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _pos = 3;
        }
        return n > 0;
    }

    /// <summary>Reads the next non-blank record. Returns false at the end of the data.</summary>
    public bool ReadRecord()
    {
        if (!_started) Fill();
        while (true)
        {
            if (_pos >= _end && _eof) return false;
            if (Builders is not null && Delimiter != CsvOptions.Whitespace && TryAddRecord())
            {
                Added = true;
                return true;
            }
            Added = false;
            var r = TryParse(out int consumed);
            if (r == Result.NeedMore)
            {
                if (_eof)
                    throw new CohesionException($"malformed line {_linesBefore + 1}: unterminated quote at end of file", _source, row: null);
                Fill();
                continue;
            }
            var recordBytes = _buf.AsSpan(_pos, consumed);
            LineNumber = _linesBefore + 1;
            // only a quoted field holds a line break; any other record ends at its only one (or at the end of the data)
            _linesBefore += _quotedInRecord ? recordBytes.Count((byte)'\n') : consumed > 0 && recordBytes[consumed - 1] == (byte)'\n' ? 1 : 0;
            if (r == Result.BadQuote)
                throw new CohesionException($"malformed line {LineNumber}: misplaced quote", _source);
            // a blank line is not a record
            bool blank = FieldCount == 1 && _fields[0].Length == 0 && !_fields[0].Scratch
                         && recordBytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;
            if (Delimiter == CsvOptions.Whitespace && FieldCount == 0) blank = true;
            _pos += consumed;
            if (!blank) return true;
        }
    }

    private enum Result { Ok, NeedMore, BadQuote }

    private Result TryParse(out int consumed)
    {
        var s = _buf.AsSpan(_pos, _end - _pos);
        int baseOffset = _pos;
        FieldCount = 0;
        _scratchLen = 0;
        _quotedInRecord = false;
        consumed = 0;
        int i = 0;
        bool ws = Delimiter == CsvOptions.Whitespace;
        byte delim = (byte)Delimiter;
        while (true)
        {
            if (ws)
            {
                while (i < s.Length && (s[i] == (byte)' ' || s[i] == (byte)'\t' || s[i] == (byte)'\r')) i++;
                if (i >= s.Length) { if (!_eof) return Result.NeedMore; consumed = i; return Result.Ok; }
                if (s[i] == (byte)'\n') { consumed = i + 1; return Result.Ok; }
            }
            int fieldStart = i;
            int j = i;
            while (j < s.Length && s[j] == (byte)' ') j++;
            if (j < s.Length && s[j] == (byte)'"')
            {
                // quoted field
                SawQuote = true;
                _quotedInRecord = true;
                j++;
                int contentStart = j;
                bool escaped = false;
                int scratchStart = _scratchLen;
                while (true)
                {
                    int q = s[j..].IndexOf((byte)'"');
                    if (q < 0) return Result.NeedMore;
                    j += q;
                    if (j + 1 >= s.Length && !_eof) return Result.NeedMore;
                    bool doubled = j + 1 < s.Length && s[j + 1] == (byte)'"';
                    bool backslash = ws && j > contentStart && s[j - 1] == (byte)'\\';
                    if (doubled || backslash)
                    {
                        if (!escaped) { escaped = true; AppendScratch(s[contentStart..j]); }
                        else AppendScratch(s[contentStart..j]);
                        if (backslash) _scratchLen--; // drop the backslash
                        AppendScratch("\""u8);
                        j += doubled ? 2 : 1;
                        contentStart = j;
                        continue;
                    }
                    break;
                }
                if (escaped)
                {
                    AppendScratch(s[contentStart..j]);
                    AddField(scratchStart, _scratchLen - scratchStart, true);
                }
                else AddField(baseOffset + contentStart, j - contentStart, false);
                j++; // closing quote
                while (j < s.Length && (s[j] == (byte)' ' || s[j] == (byte)'\r' || (ws && s[j] == (byte)'\t'))) j++;
                if (j >= s.Length)
                {
                    if (!_eof) return Result.NeedMore;
                    consumed = j;
                    return Result.Ok;
                }
                if (s[j] == (byte)'\n') { consumed = j + 1; return Result.Ok; }
                if (ws) { i = j; continue; }
                if (s[j] != delim) return Fail(j, out consumed);
                i = j + 1;
                if (i >= s.Length && _eof) { AddField(baseOffset + i, 0, false); consumed = i; return Result.Ok; }
                continue;
            }
            // unquoted field: up to delimiter or newline
            j = fieldStart;
            int k;
            if (ws)
            {
                k = j;
                while (k < s.Length && s[k] != (byte)' ' && s[k] != (byte)'\t' && s[k] != (byte)'\n' && s[k] != (byte)'\r') k++;
            }
            else
            {
                // one vectorised scan for the end of the field and a stray quote
                int rel = s[j..].IndexOfAny(delim, (byte)'\n', (byte)'"');
                k = rel < 0 ? s.Length : j + rel;
                if (k < s.Length && s[k] == (byte)'"') return Fail(k, out consumed);
            }
            if (k >= s.Length && !_eof) return Result.NeedMore;
            var field = s[fieldStart..k];
            if (ws && field.IndexOf((byte)'"') >= 0) return Fail(k, out consumed);
            int len = k - fieldStart;
            if (!ws && k < s.Length && s[k] == (byte)'\n' && len > 0 && field[len - 1] == (byte)'\r') len--;
            AddField(baseOffset + fieldStart, len, false);
            if (k >= s.Length) { consumed = k; return Result.Ok; }
            if (s[k] == (byte)'\n') { consumed = k + 1; return Result.Ok; }
            if (ws) { i = k; continue; }
            i = k + 1; // past delimiter
            if (i >= s.Length && _eof) { AddField(baseOffset + i, 0, false); consumed = i; return Result.Ok; }
        }
    }

    private Result Fail(int at, out int consumed)
    {
        // consume to the end of the line so the line number is right
        var s = _buf.AsSpan(_pos, _end - _pos);
        int nl = s[at..].IndexOf((byte)'\n');
        consumed = nl < 0 ? s.Length : at + nl + 1;
        return Result.BadQuote;
    }

    private void AddField(int start, int length, bool scratch)
    {
        if (FieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[FieldCount++] = (start, length, scratch);
    }

    /// <summary>
    /// The common record, read in one pass and added to <see cref="Builders"/>: wholly in the buffer, without quotes,
    /// with as many fields as there are columns (at least two). A field of a still-numeric column that is an exact
    /// number (<see cref="TryScanNumber"/>) is added as the number it was read as, any other field by its
    /// bytes, exactly as <see cref="TryParse"/> and <see cref="ColumnBuilder.AddUtf8"/> would. False, with nothing
    /// changed, for any other record, which <see cref="TryParse"/> then reads.
    /// </summary>
    private bool TryAddRecord()
    {
        var builders = Builders!;
        int n = builders.Length;
        if (n < 2) return false;   // a one-column file has blank-line rules of its own
        var s = _buf.AsSpan(_pos, _end - _pos);
        int nl = s.IndexOfAny((byte)'\n', (byte)'"');
        if (nl < 0 || s[nl] == (byte)'"') return false;
        var rec = s[..nl];
        if (rec.Length > 0 && rec[^1] == (byte)'\r') rec = rec[..^1];
        byte delim = (byte)Delimiter;
        if (rec.Count(delim) != n - 1) return false;
        ref byte r0 = ref MemoryMarshal.GetReference(rec);
        int len = rec.Length, i = 0;
        for (int f = 0; f < n; f++)
        {
            var b = builders[f];
            if (b.IsNumeric && TryScanNumber(ref r0, len, i, delim, out int e, out double value, out byte sep))
            {
                b.AddScanned(rec[i..e], value, sep);
                i = e + 1;
                continue;
            }
            int rel = rec[i..].IndexOf(delim);
            int k = rel < 0 ? len : i + rel;
            b.AddUtf8(rec[i..k]);
            i = k + 1;
        }
        FieldCount = n;
        _quotedInRecord = false;
        LineNumber = ++_linesBefore;
        _pos += nl + 1;
        return true;
    }

    /// <summary>
    /// A field <c>[-]digits[(.|,)digits]</c> from <paramref name="i"/> to the delimiter or the end of the record
    /// (<paramref name="len"/>) with at most 19 digits, a mantissa ≤ 2^53 and ≤ 22 decimals: the value
    /// <see cref="ColumnBuilder.AddUtf8"/> would give it (<see cref="ColumnBuilder.Compose"/>), its separator and its end.
    /// False for any other field (then <see cref="ColumnBuilder.AddUtf8"/> reads it). Eight fraction digits at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScanNumber(ref byte r0, int len, int i, byte delim, out int end, out double value, out byte sep)
    {
        end = i; value = 0; sep = ColumnBuilder.DecimalNone;
        int p = i;
        bool neg = false;
        if (p < len && Unsafe.Add(ref r0, p) == (byte)'-') { neg = true; p++; }
        ulong m = 0;
        int digits = 0, before = -1;   // before: digits ahead of the separator, once met
        while (true)
        {
            while (p < len && digits <= 19)
            {
                uint d = (uint)(Unsafe.Add(ref r0, p) - '0');
                if (d > 9) break;
                m = m * 10 + d;
                digits++;
                p++;
            }
            if (before >= 0 || p >= len) break;
            byte c = Unsafe.Add(ref r0, p);
            if (c != (byte)'.' && c != (byte)',' || c == delim) break;
            sep = c == (byte)'.' ? ColumnBuilder.DecimalDot : ColumnBuilder.DecimalComma;
            p++;
            before = digits;
            while (digits <= 11 && p + 8 <= len)
            {
                ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r0, p));
                if (((v & 0xF0F0F0F0F0F0F0F0UL) | (((v + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) != 0x3333333333333333UL) break;
                v -= 0x3030303030303030UL;
                v = v * 10 + (v >> 8);
                v = ((v & 0x000000FF000000FFUL) * (100 + (1000000UL << 32)) + ((v >> 16) & 0x000000FF000000FFUL) * (1 + (10000UL << 32))) >> 32;
                m = m * 100000000UL + (uint)v;
                digits += 8;
                p += 8;
            }
        }
        int frac = before >= 0 ? digits - before : 0;
        if (digits == 0 || digits > 19 || m > (1UL << 53) || frac > 22) return false;
        if (p < len && Unsafe.Add(ref r0, p) != delim) return false;
        end = p;
        value = ColumnBuilder.Compose(m, frac, neg);
        return true;
    }

    private void AppendScratch(ReadOnlySpan<byte> bytes)
    {
        if (_scratchLen + bytes.Length > _scratch.Length) Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLen + bytes.Length));
        bytes.CopyTo(_scratch.AsSpan(_scratchLen));
        _scratchLen += bytes.Length;
    }
}
