using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace Cohesion.Cli;

/// <summary>Renders a rectangular result as a console table or CSV; JSON is written by each verb with
/// <see cref="Json"/> so field names follow the verb's contract exactly.</summary>
public static class TabularOutput
{
    public static void WriteTable(CliContext ctx, TextWriter target, string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        var table = new Table { Border = TableBorder.Rounded };
        if (title is not null) table.Title = new TableTitle(Markup.Escape(title));
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var r in rows) table.AddRow(r.Select(c => Markup.Escape(c)).ToArray());
        if (caption is not null) table.Caption = new TableTitle(Markup.Escape(caption));
        if (ReferenceEquals(target, ctx.Out)) ctx.Console.Write(table);
        else
        {
            var console = CliContext.ForWriters(target, TextWriter.Null).Console;
            console.Write(table);
        }
    }

    public static void WriteCsv(TextWriter w, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        w.WriteLine(string.Join(",", headers.Select(Quote)));
        foreach (var r in rows) w.WriteLine(string.Join(",", r.Select(Quote)));
    }

    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Invariant, round-trip formatting for CSV; empty for NaN.</summary>
    public static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Human formatting for tables.</summary>
    public static string Fmt(double v, int digits = 4) =>
        double.IsNaN(v) ? "—" : double.IsPositiveInfinity(v) ? "Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("G" + digits, CultureInfo.InvariantCulture);
}

/// <summary>JSON writing helpers: indented UTF-8, non-finite numbers as null, round-trip doubles.</summary>
public static class Json
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter target, Action<Utf8JsonWriter> write)
    {
        // Stream in chunks: large outputs (hundreds of MB) never become one string.
        using var sink = new TextWriterStream(target);
        using (var w = new Utf8JsonWriter(sink, Options)) write(w);
        sink.Flush();
        target.WriteLine();
    }

    /// <summary>A write-only UTF-8 stream onto a <see cref="TextWriter"/> (JSON is ASCII-safe at chunk borders
    /// because the decoder keeps partial characters between writes).</summary>
    private sealed class TextWriterStream(TextWriter target) : Stream
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private char[] _chars = new char[8192];
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => target.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int need = _decoder.GetCharCount(buffer, flush: false);
            if (need > _chars.Length) _chars = new char[Math.Max(need, _chars.Length * 2)];
            int n = _decoder.GetChars(buffer, _chars, flush: false);
            target.Write(_chars, 0, n);
        }
    }

    public static void Number(this Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    public static void NumberValue(this Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }
}
