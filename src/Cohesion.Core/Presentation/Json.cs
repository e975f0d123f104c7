using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cohesion.Presentation;

/// <summary>JSON writing helpers of every JSON output (CLI verbs, dashboard API): indented UTF-8, non-finite numbers as
/// null, round-trip doubles.</summary>
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

    /// <summary>A JSON array of numbers (non-finite → null).</summary>
    public static void Numbers(this Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.NumberValue(v);
        w.WriteEndArray();
    }

    public static void Strings(this Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>A vector as R's jsonlite writes one of length 1 with <c>auto_unbox</c>: a number, else an array.</summary>
    public static void ScalarOrNumbers(this Utf8JsonWriter w, string name, double[] values)
    {
        if (values.Length == 1) w.Number(name, values[0]);
        else w.Numbers(name, values);
    }

    /// <summary>Numbers keyed by name as the JSON object <paramref name="name"/> (e.g. a value per group).</summary>
    public static void Numbers(this Utf8JsonWriter w, IReadOnlyList<string> keys, IEnumerable<double> values, string name)
    {
        w.WriteStartObject(name);
        int k = 0;
        foreach (var v in values) w.Number(keys[k++], v);
        w.WriteEndObject();
    }
}
