using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Cohesion.Statistics;

namespace Cohesion.Data;

/// <summary>
/// Decompresses a gzip file and proves that it is complete. .NET's <see cref="GZipStream"/> returns end-of-stream
/// silently when a file is cut short (a truncated download or copy), so a reader would take the first rows for the
/// whole file. Here the CRC-32 and length of the decompressed bytes are compared with the trailer of the file; a file of
/// several gzip members (concatenated .gz files), whose last trailer covers only its last member, is checked member by
/// member with SharpZipLib before it is accepted.
/// </summary>
public static class GzipFile
{
    /// <summary>The decompressed contents, or a <see cref="CohesionException"/> naming the file when it is truncated or
    /// corrupt.</summary>
    public static MemoryStream ReadVerified(string file)
    {
        long length = new FileInfo(file).Length;
        if (length < 18)
            throw new CohesionException($"truncated gzip file: {length} bytes, shorter than a gzip header and trailer", file);
        var output = new MemoryStream();
        var crc = new Crc32();
        try
        {
            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var gz = new GZipStream(input, CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gz.Read(buffer, 0, buffer.Length)) > 0)
            {
                crc.Append(buffer.AsSpan(0, n));
                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException e)
        {
            throw new CohesionException($"corrupt gzip file ({e.Message})", file, inner: e);
        }

        Span<byte> trailer = stackalloc byte[8];
        using (var fs = File.OpenRead(file))
        {
            fs.Seek(-8, SeekOrigin.End);
            fs.ReadExactly(trailer);
        }
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (crc.GetCurrentHashAsUInt32() != expectedCrc || unchecked((uint)output.Length) != expectedSize)
            CheckMembers(file, output.Length);
        output.Position = 0;
        return output;
    }

    /// <summary>The whole-file check failed: either the file is cut short or corrupt, or it holds several members.
    /// SharpZipLib verifies every member's CRC and length and fails on a missing end.</summary>
    private static void CheckMembers(string file, long decompressed)
    {
        try
        {
            using var input = File.OpenRead(file);
            using var gz = new ICSharpCode.SharpZipLib.GZip.GZipInputStream(input);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = gz.Read(buffer, 0, buffer.Length)) > 0) total += n;
            if (total == decompressed) return;   // a valid multi-member file
        }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException)
        {
            throw new CohesionException(
                $"truncated or corrupt gzip file: it ends before its end-of-data marker or its checksum does not match " +
                $"({decompressed:N0} bytes could be decompressed; nothing was read from it)", file, inner: e);
        }
        throw new CohesionException("corrupt gzip file: the decompressed length does not match its trailer", file);
    }
}
