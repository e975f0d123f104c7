using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Reads a large delimited file on every core: the data after the header are cut into parts at line
/// breaks (four per core), each part is scanned into its own column builders, and the parts are joined column by column. A cut that
/// could lie inside a quoted field is detected exactly (the number of quote characters before each cut must be even,
/// which holds for every RFC 4180 file: a doubled quote counts twice) and the file is then read on one core, as is any
/// file whose parts report an error: the single-core reader then gives the canonical message with its file, column,
/// row and line. White-space-separated files (with backslash escapes) are always read on one core.
/// </summary>
internal static class CsvParallel
{
    /// <summary>The number of cores to read with: <see cref="CsvOptions.Threads"/>, else <c>COHESION_THREADS</c>, else the
    /// processor count (results do not depend on it).</summary>
    public static int Parts(CsvOptions options)
    {
        if (options.Threads is int t) return Math.Max(1, t);
        var env = Environment.GetEnvironmentVariable("COHESION_THREADS");
        return int.TryParse(env, out var n) && n >= 1 ? n : Environment.ProcessorCount;
    }

    private sealed record Chunk(ColumnBuilder[] Builders, long Rows, bool SawQuote);

    /// <summary>False when the file is not read here (then the caller reads it on one core); true with a frame, or
    /// with a null frame and the columns that must be read again as text.</summary>
    public static bool TryParse(Stream stream, string source, CsvOptions options, HashSet<int>? forcedText,
        Func<long, long, Stream> openRange, out DataFrame? frame, out HashSet<int> failed)
    {
        frame = null;
        failed = new HashSet<int>();
        int cores = Parts(options);
        long origin = stream.Position, end = stream.Length;
        if (cores < 2 || end - origin < options.ParallelMinBytes) return false;

        // the header, the delimiter and R's row-name convention, exactly as the one-core reader decides them
        var scanner = new RecordScanner(stream, source);
        if (!scanner.Start()) return false;
        char delimiter = options.Delimiter ?? CsvReader.DetectDelimiter(scanner.FirstLine());
        if (delimiter == CsvOptions.Whitespace) return false;
        scanner.Delimiter = delimiter;
        List<string> header;
        long dataStart;
        try
        {
            if (!scanner.ReadRecord()) return false;
            header = new List<string>(scanner.FieldCount);
            for (int j = 0; j < scanner.FieldCount; j++) header.Add(scanner.FieldText(j).Trim());
            dataStart = origin + scanner.BytesConsumed;
            if (!scanner.ReadRecord()) return false;
            if (scanner.FieldCount == header.Count + 1) header.Insert(0, "row");
            else if (header.Count > 0 && header[0].Length == 0) header[0] = "row";
            if (scanner.FieldCount != header.Count || header.All(h => h.Length == 0)) return false;
            CsvReader.ValidateHeader(header, source);
        }
        catch (CohesionException) { return false; }

        // cut points: the first line start at or after each equal share of the bytes; four parts per core, so a core
        // slowed by other work (the collector, compilation, another process) leaves its last parts to the others
        int shares = cores * 4;
        var starts = new List<long> { dataStart };
        for (int i = 1; i < shares; i++)
        {
            long at = NextLineStart(openRange, dataStart + (end - dataStart) * i / shares, end);
            if (at > starts[^1] && at < end) starts.Add(at);
        }
        if (starts.Count < 2) return false;
        starts.Add(end);
        int n = starts.Count - 1;

        var chunks = new Chunk?[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = cores }, i =>
        {
            try
            {
                using var part = openRange(starts[i], starts[i + 1] - starts[i]);
                chunks[i] = ParseChunk(part, source, delimiter, header, forcedText, options);
            }
            catch (Exception e) when (e is CohesionException or IOException) { chunks[i] = null; }
        });
        if (chunks.Any(c => c is null)) return false;

        // every cut must lie outside quotes: an even number of quote characters before it
        if (chunks.Any(c => c!.SawQuote))
        {
            long quotes = 0;
            for (int i = 0; i < n - 1; i++)
            {
                if (chunks[i]!.SawQuote) quotes += CountQuotes(openRange, starts[i], starts[i + 1]);
                if (quotes % 2 != 0) return false;
            }
        }

        var columns = new Column?[header.Count];
        Parallel.For(0, header.Count, new ParallelOptions { MaxDegreeOfParallelism = cores }, j =>
            columns[j] = ColumnBuilder.Concat(chunks.Select(c => c!.Builders[j]).ToArray()));
        for (int j = 0; j < columns.Length; j++) if (columns[j] is null) failed.Add(j);
        if (failed.Count > 0) { CsvReader.LastReadParts = n; return true; }
        CsvReader.LastReadParts = n;
        long rows = chunks.Sum(c => c!.Rows);
        frame = new DataFrame((int)rows, source);
        foreach (var c in columns) frame.Add(c!);
        return true;
    }

    private static Chunk ParseChunk(Stream part, string source, char delimiter, List<string> header, HashSet<int>? forcedText, CsvOptions options)
    {
        var scanner = new RecordScanner(part, source, skipBom: false) { Delimiter = delimiter };
        var builders = new ColumnBuilder[header.Count];
        for (int j = 0; j < builders.Length; j++) builders[j] = new ColumnBuilder(header[j], forcedText?.Contains(j) == true, options.CapacityHint);
        scanner.Builders = builders;
        long row = 0;
        while (scanner.ReadRecord())
        {
            row++;
            if (scanner.FieldCount != builders.Length) throw new CohesionException("field count differs", source);
            scanner.AddTo(builders);
            if (row == 4096 && scanner.BytesTotal > 0)
            {
                long estimate = (long)(scanner.BytesTotal / (double)Math.Max(1, scanner.BytesConsumed) * row * 1.02) + 16;
                if (estimate > row && estimate < int.MaxValue) foreach (var b in builders) b.Reserve((int)estimate);
            }
        }
        return new Chunk(builders, row, scanner.SawQuote);
    }

    /// <summary>The position just after the first line feed at or after <paramref name="from"/> (or <paramref name="end"/>).</summary>
    private static long NextLineStart(Func<long, long, Stream> openRange, long from, long end)
    {
        using var s = openRange(from, end - from);
        var buf = new byte[1 << 16];
        long pos = from;
        int got;
        while ((got = s.Read(buf, 0, buf.Length)) > 0)
        {
            int nl = buf.AsSpan(0, got).IndexOf((byte)'\n');
            if (nl >= 0) return pos + nl + 1;
            pos += got;
        }
        return end;
    }

    private static long CountQuotes(Func<long, long, Stream> openRange, long from, long to)
    {
        using var s = openRange(from, to - from);
        var buf = new byte[1 << 20];
        long count = 0;
        int got;
        while ((got = s.Read(buf, 0, buf.Length)) > 0) count += buf.AsSpan(0, got).Count((byte)'"');
        return count;
    }
}

/// <summary>A read-only view of a byte range of another stream, which it owns.</summary>
internal sealed class RangeStream : Stream
{
    private readonly Stream _inner;
    private readonly long _start, _length;
    private long _position;

    public RangeStream(Stream inner, long start, long length)
    {
        _inner = inner;
        _start = start;
        _length = length;
        _inner.Position = start;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            _position = Math.Clamp(value, 0, _length);
            _inner.Position = _start + _position;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long left = _length - _position;
        if (left <= 0) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        int n = _inner.Read(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => _length + offset };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
