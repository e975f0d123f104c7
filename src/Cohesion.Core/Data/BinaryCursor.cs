using System.Buffers.Binary;
using Cohesion.Statistics;

namespace Cohesion.Data;

/// <summary>
/// Bounds-checked reading of a binary file held in memory, little- or big-endian. Running past the end, or any
/// other inconsistency reported through <see cref="Corrupt"/>, raises a <see cref="CohesionException"/> that names
/// the file and says the file is corrupt or truncated (the .sav and .dta readers use it).
/// </summary>
internal sealed class BinaryCursor(byte[] data, string file, string format)
{
    public byte[] Data { get; } = data;
    public int Position { get; set; }
    public bool BigEndian { get; set; }
    public int Length => Data.Length;
    public int Remaining => Data.Length - Position;
    public string File { get; } = file;

    public CohesionException Corrupt(string what, long? row = null, string? column = null) =>
        new($"corrupt or truncated {format} file: {what} (at byte {Position})", File, column, row);

    public ReadOnlySpan<byte> Bytes(int n)
    {
        if (n < 0 || Position > Data.Length - n) throw Corrupt($"unexpected end of file reading {n} bytes");
        var s = Data.AsSpan(Position, n);
        Position += n;
        return s;
    }

    public void Skip(long n)
    {
        if (n < 0 || Position + n > Data.Length) throw Corrupt("unexpected end of file");
        Position += (int)n;
    }

    public byte U8() => Bytes(1)[0];
    public sbyte I8() => (sbyte)Bytes(1)[0];
    public short I16() { var b = Bytes(2); return BigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b); }
    public ushort U16() { var b = Bytes(2); return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b); }
    public int I32() { var b = Bytes(4); return BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b); }
    public uint U32() { var b = Bytes(4); return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b); }
    public long I64() { var b = Bytes(8); return BigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b); }
    public ulong U64() { var b = Bytes(8); return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b); }
    public float F32() { var b = Bytes(4); return BigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b); }
    public double F64() { var b = Bytes(8); return BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b); }

    public static double F64(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);

    /// <summary>Reads the whole file, with the usual "file not found" / "empty file" errors.</summary>
    public static byte[] ReadFile(string path)
    {
        RequireFile(path);
        var bytes = System.IO.File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new CohesionException("file is empty", path);
        return bytes;
    }

    /// <summary>"file not found" / "is a directory" as a <see cref="CohesionException"/> naming the path.</summary>
    public static void RequireFile(string path)
    {
        if (System.IO.File.Exists(path)) return;
        if (Directory.Exists(path)) throw new CohesionException("is a directory, not a data file", path);
        throw new CohesionException("file not found", path);
    }
}
