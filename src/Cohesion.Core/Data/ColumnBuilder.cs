using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Accumulates the values of one text column (CSV field, spreadsheet cell) and decides its type: numeric when
/// every non-missing value is a number (with one decimal separator throughout the column: <c>.</c> or a Dutch
/// decimal comma), otherwise categorical with the distinct strings as levels (ordinal order, as R's
/// <c>factor()</c> in the C locale). A numeric column that meets a non-number turns <see cref="Failed"/>; the
/// caller then reads again with <see cref="ForceText"/> set, so no text is ever lost by a round trip
/// through <c>double</c>. Values are column arrays; no per-row objects.
/// </summary>
internal sealed class ColumnBuilder
{
    /// <summary>Text that means "missing" in CSV exports (R, Stata, CBS StatLine's ".").</summary>
    internal static readonly string[] MissingTokens = ["", ".", "NA", "na", "N/A", "NaN", "nan", "null", "NULL", "-", "?"];

    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    ];

    private enum Kind : byte { Numeric, Text, Failed }
    private const byte SepNone = 0, SepDot = 1, SepComma = 2;

    private Kind _kind;
    private byte _decimal = SepNone;
    private double[] _values = [];
    private int[] _codes = [];
    private int _count;
    private Dictionary<string, int>? _map;
    private List<string>? _levels;
    private char[] _chars = new char[256];

    public ColumnBuilder(string name, bool forceText, int capacity = 1024)
    {
        Name = name;
        if (forceText) BecomeText(capacity);
        else { _kind = Kind.Numeric; _values = new double[Math.Max(capacity, 16)]; }
    }

    public string Name { get; }
    public int Count => _count;
    /// <summary>True when a value that is not a number arrived after numbers: read again with text forced.</summary>
    public bool Failed => _kind == Kind.Failed;
    /// <summary>1-based row of the first value that made a numeric column fail (for diagnostics).</summary>
    public long FirstTextRow { get; private set; }

    private void BecomeText(int capacity)
    {
        _kind = Kind.Text;
        _codes = new int[Math.Max(capacity, 16)];
        _map = new Dictionary<string, int>(StringComparer.Ordinal);
        _levels = new List<string>();
        _values = [];
    }

    /// <summary>Adds a UTF-8 field (already unquoted); surrounding spaces are trimmed.</summary>
    public void AddUtf8(ReadOnlySpan<byte> raw)
    {
        var s = TrimAscii(raw);
        switch (_kind)
        {
            case Kind.Numeric:
                if (IsMissingUtf8(s)) { PushValue(double.NaN); return; }
                if (TryParseNumber(s, out var d)) { _numbers++; PushValue(d); return; }
                if (Fail()) PushCode(CodeOf(_chars.AsSpan(0, DecodeUtf8(s))));
                return;
            case Kind.Text:
                if (IsMissingUtf8(s)) { PushCode(-1); return; }
                int len = DecodeUtf8(s);
                PushCode(CodeOf(_chars.AsSpan(0, len)));
                return;
            default:
                _count++;
                return;
        }
    }

    /// <summary>Adds a text value (spreadsheet cell); null or a missing token is missing.</summary>
    public void AddText(string? text)
    {
        var s = (text ?? "").AsSpan().Trim();
        switch (_kind)
        {
            case Kind.Numeric:
                if (IsMissingChars(s)) { PushValue(double.NaN); return; }
                Span<byte> buf = s.Length <= 128 ? stackalloc byte[s.Length * 3] : new byte[s.Length * 3];
                int n = Encoding.UTF8.GetBytes(s, buf);
                if (TryParseNumber(buf[..n], out var d)) { _numbers++; PushValue(d); return; }
                if (Fail()) PushCode(CodeOf(s));
                return;
            case Kind.Text:
                PushCode(IsMissingChars(s) ? -1 : CodeOf(s));
                return;
            default:
                _count++;
                return;
        }
    }

    /// <summary>Adds a number (spreadsheet numeric cell). In a text column it is stored as its invariant text.</summary>
    public void AddNumber(double value)
    {
        switch (_kind)
        {
            case Kind.Numeric: if (!double.IsNaN(value)) _numbers++; PushValue(value); return;
            case Kind.Text:
                PushCode(double.IsNaN(value) ? -1 : CodeOf(value.ToString("R", CultureInfo.InvariantCulture)));
                return;
            default: _count++; return;
        }
    }

    /// <summary>Grows the column arrays to hold <paramref name="rows"/> values (an estimate of the final size,
    /// so a large file is not copied at every doubling).</summary>
    public void Reserve(int rows)
    {
        if (_kind == Kind.Numeric && _values.Length < rows) Array.Resize(ref _values, rows);
        else if (_kind == Kind.Text && _codes.Length < rows) Array.Resize(ref _codes, rows);
    }

    /// <summary>Adds a text value exactly as given (a database string): only null or empty is missing.</summary>
    public void AddLevel(string? text)
    {
        if (_kind != Kind.Text) throw new InvalidOperationException("AddLevel needs a text column");
        PushCode(string.IsNullOrEmpty(text) ? -1 : CodeOf(text));
    }

    public void AddMissing()
    {
        switch (_kind)
        {
            case Kind.Numeric: PushValue(double.NaN); return;
            case Kind.Text: PushCode(-1); return;
            default: _count++; return;
        }
    }

    public Column Build()
    {
        if (_kind == Kind.Failed) throw new InvalidOperationException("column failed numeric typing; read again with text forced");
        if (_kind == Kind.Numeric)
        {
            var v = _values.Length == _count ? _values : _values.AsSpan(0, _count).ToArray();
            return new NumericColumn(Name, v);
        }
        return Sorted(Name, _codes, _count, _levels!.ToArray());
    }

    /// <summary>A categorical column with its levels in ordinal order (codes renumbered accordingly).</summary>
    private static CategoricalColumn Sorted(string name, int[] rawCodes, int count, string[] levels)
    {
        var order = new int[levels.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(levels, order, StringComparer.Ordinal);
        var remap = new int[levels.Length];
        for (int i = 0; i < order.Length; i++) remap[order[i]] = i;
        var codes = new int[count];
        for (int i = 0; i < codes.Length; i++)
        {
            int c = rawCodes[i];
            codes[i] = c < 0 ? -1 : remap[c];
        }
        return new CategoricalColumn(name, codes, levels);
    }

    /// <summary>
    /// Joins the builders of consecutive parts of one column (a file read on several cores) into the column a single
    /// builder would have made from all the values in order; null when that single builder would have failed numeric
    /// typing (numbers in one part and text in another, or a '.' decimal separator in one part and ',' in another),
    /// so the caller reads the column again as text.
    /// </summary>
    internal static Column? Concat(IReadOnlyList<ColumnBuilder> parts)
    {
        if (parts.Any(p => p._kind == Kind.Failed)) return null;
        if (parts.Count == 1) return parts[0].Build();
        long total = 0;
        foreach (var p in parts) total += p._count;
        if (parts.All(p => p._kind == Kind.Numeric))
        {
            byte sep = SepNone;
            foreach (var p in parts)
            {
                if (p._decimal == SepNone) continue;
                if (sep == SepNone) sep = p._decimal;
                else if (sep != p._decimal) return null;
            }
            var v = new double[total];
            long at = 0;
            foreach (var p in parts)
            {
                Array.Copy(p._values, 0, v, at, p._count);
                at += p._count;
            }
            return new NumericColumn(parts[0].Name, v);
        }
        // some part met text: a part holding numbers would have failed after them (or they would be text after it)
        if (parts.Any(p => p._kind == Kind.Numeric && p._numbers > 0)) return null;
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var levels = new List<string>();
        var codes = new int[total];
        long pos = 0;
        foreach (var p in parts)
        {
            if (p._kind == Kind.Numeric)
            {
                codes.AsSpan((int)pos, p._count).Fill(-1);
                pos += p._count;
                continue;
            }
            var remap = new int[p._levels!.Count];
            for (int i = 0; i < remap.Length; i++)
            {
                var l = p._levels[i];
                if (!map.TryGetValue(l, out var g)) { g = levels.Count; map[l] = g; levels.Add(l); }
                remap[i] = g;
            }
            for (int r = 0; r < p._count; r++)
            {
                int c = p._codes[r];
                codes[pos++] = c < 0 ? -1 : remap[c];
            }
        }
        return Sorted(parts[0].Name, codes, codes.Length, levels.ToArray());
    }

    private int _numbers;   // non-missing numbers seen so far in a numeric column

    /// <summary>A value that is not a number: with only missing values so far the column simply becomes text
    /// (nothing is lost); after numbers it is marked failed and the caller reads again with text forced.</summary>
    private bool Fail()
    {
        if (_numbers == 0)
        {
            int n = _count;
            BecomeText(Math.Max(_values.Length, 16));
            _count = 0;
            for (int i = 0; i < n; i++) PushCode(-1);
            return true;
        }
        _kind = Kind.Failed;
        FirstTextRow = _count + 1;
        _values = [];
        _count++;
        return false;
    }

    private void PushValue(double d)
    {
        if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_count++] = d;
    }

    private void PushCode(int c)
    {
        if (_count == _codes.Length) Array.Resize(ref _codes, _codes.Length * 2);
        _codes[_count++] = c;
    }

    private int CodeOf(ReadOnlySpan<char> s)
    {
        var lookup = _map!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(s, out var code)) return code;
        var str = s.ToString();
        code = _levels!.Count;
        _map[str] = code;
        _levels.Add(str);
        return code;
    }

    private int DecodeUtf8(ReadOnlySpan<byte> s)
    {
        if (_chars.Length < s.Length) _chars = new char[Math.Max(s.Length, _chars.Length * 2)];
        var status = Utf8.ToUtf16(s, _chars, out _, out int written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done) return written;
        // not UTF-8: Windows exports are often Latin-1 / Windows-1252
        return Encoding.Latin1.GetChars(s, _chars);
    }

    internal static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && (s[a] == (byte)' ' || s[a] == (byte)'\t')) a++;
        while (b > a && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t' || s[b - 1] == (byte)'\r')) b--;
        return s[a..b];
    }

    internal static bool IsMissingUtf8(ReadOnlySpan<byte> s)
    {
        if (s.Length > 4) return false;
        if (s.Length == 0) return true;
        if ((uint)(s[0] - '0') <= 9) return false;   // the common case: a number
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < s.Length; i++) c[i] = (char)s[i];
        return IsMissingChars(c[..s.Length]);
    }

    internal static bool IsMissingChars(ReadOnlySpan<char> s)
    {
        if (s.Length > 4) return false;
        foreach (var t in MissingTokens)
            if (s.SequenceEqual(t)) return true;
        return false;
    }

    /// <summary>Parses a number with '.' or ',' as decimal separator, consistent within the column. Simple
    /// decimals take an exact fast path (mantissa ≤ 2^53, ≤ 22 decimals: one correctly rounded division, the
    /// same double as <see cref="double.Parse(string)"/>); everything else goes through the BCL parser.</summary>
    private bool TryParseNumber(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.Length == 0) return false;
        int i = 0;
        bool neg = false;
        if (s[0] == (byte)'-') { neg = true; i = 1; }
        else if (s[0] == (byte)'+') i = 1;
        ulong m = 0;
        int sig = 0, frac = 0, digits = 0;
        byte sep = SepNone;
        bool simple = true;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            uint d = (uint)(c - '0');
            if (d <= 9)
            {
                digits++;
                if (sep != SepNone) frac++;
                if (m == 0 && d == 0) continue;
                if (++sig > 19) { simple = false; break; }
                m = m * 10 + d;
            }
            else if ((c == (byte)'.' || c == (byte)',') && sep == SepNone) sep = c == (byte)'.' ? SepDot : SepComma;
            else { simple = false; break; }
        }
        if (simple)
        {
            if (digits == 0) return false;
            if (!AcceptSeparator(sep)) return false;
            if (m <= (1UL << 53) && frac <= 22)
            {
                value = Compose(m, frac, neg);
                return true;
            }
        }
        return SlowParse(s, out value);
    }

    /// <summary>The exact fast path's value of the mantissa <paramref name="m"/> (≤ 2^53) with <paramref name="frac"/>
    /// (≤ 22) decimals: one correctly rounded division, the same double as <see cref="double.Parse(string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Compose(ulong m, int frac, bool neg)
    {
        double v = frac == 0 ? (long)m : (long)m / Pow10[frac];
        return neg ? -v : v;
    }

    internal const byte DecimalNone = SepNone, DecimalDot = SepDot, DecimalComma = SepComma;

    /// <summary>True while the column is numeric (a field scanned as a number may then be added with <see cref="AddScanned"/>).</summary>
    public bool IsNumeric => _kind == Kind.Numeric;

    /// <summary>Adds a field of this numeric column that the record scanner has read as an exact number with
    /// separator <paramref name="sep"/>: the same as <see cref="AddUtf8"/> of its bytes, which would parse it the same way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddScanned(ReadOnlySpan<byte> raw, double value, byte sep)
    {
        if (sep != SepNone && !AcceptSeparator(sep)) { AddUtf8(raw); return; }
        _numbers++;
        PushValue(value);
    }

    private bool AcceptSeparator(byte sep)
    {
        if (sep == SepNone) return true;
        if (_decimal == SepNone) { _decimal = sep; return true; }
        return _decimal == sep;
    }

    private bool SlowParse(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int commas = s.Count((byte)','), dots = s.Count((byte)'.');
        if (commas + dots > 1) return false;
        if (commas == 1)
        {
            if (!AcceptSeparatorPeek(SepComma)) return false;
            Span<byte> copy = s.Length <= 256 ? stackalloc byte[s.Length] : new byte[s.Length];
            s.CopyTo(copy);
            copy[copy.IndexOf((byte)',')] = (byte)'.';
            if (!double.TryParse(copy, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
            _decimal = SepComma;
            return true;
        }
        if (dots == 1 && !AcceptSeparatorPeek(SepDot)) return false;
        // long decimals (more than 2^53 in the mantissa, exponents): fast_float's correctly rounded parse gives the
        // same double as the BCL's, several times faster; anything it does not take goes to the BCL as before
        if (csFastFloat.FastDoubleParser.TryParseDouble(s, out int used, out value, NumberStyles.Float, (byte)'.') && used == s.Length
            || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (dots == 1) _decimal = SepDot;
            return true;
        }
        if (s.SequenceEqual("Inf"u8) || s.SequenceEqual("inf"u8)) { value = double.PositiveInfinity; return true; }
        if (s.SequenceEqual("-Inf"u8) || s.SequenceEqual("-inf"u8)) { value = double.NegativeInfinity; return true; }
        return false;
    }

    private bool AcceptSeparatorPeek(byte sep) => _decimal == SepNone || _decimal == sep;
}
