using Cohesion.IO;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Parquet through DuckDB's reader and writer (every Parquet type and compression DuckDB knows). Reading gives
/// numeric columns for numbers/booleans/decimals and categorical columns for text; dates become ISO text.
/// Files written here carry the frame's labels and level orders as key-value metadata
/// (<see cref="FrameMetadata"/>), so a write–read round trip returns the same frame; files from elsewhere are
/// read without them. Writing is atomic (temporary file, then moved into place).
/// </summary>
public static class ParquetFile
{
    public static DataFrame Read(string path)
    {
        BinaryCursor.RequireFile(path);
        if (new FileInfo(path).Length == 0) throw new CohesionException("file is empty", path);
        using var con = DuckDbFrames.OpenInMemory();
        try
        {
            var frame = DuckDbFrames.Query(con, $"SELECT * FROM read_parquet({Literal(path)})", path);
            string? meta = null;
            try
            {
                meta = DuckDbFrames.Scalar(con,
                    $"SELECT decode(value) FROM parquet_kv_metadata({Literal(path)}) WHERE decode(key) = '{FrameMetadata.ParquetKey}'") as string;
            }
            catch (DuckDB.NET.Data.DuckDBException) { /* no key-value metadata */ }
            return FrameMetadata.Apply(frame, meta);
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw DuckDbFrames.Wrap(e, path, "not a readable Parquet file");
        }
    }

    /// <summary>Writes the frame as Parquet (zstd), whole or not at all.</summary>
    public static void Write(DataFrame frame, string path)
    {
        var full = Path.GetFullPath(path);
        AtomicFile.WriteVia(full, tmp =>
        {
            using var con = DuckDbFrames.OpenInMemory();
            DuckDbFrames.CreateTable(con, "frame", frame);
            var meta = FrameMetadata.ToJson(frame).Replace("'", "''");
            DuckDbFrames.Execute(con,
                $"COPY frame TO {Literal(tmp)} (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {{{FrameMetadata.ParquetKey}: '{meta}'}})");
        });
    }

    internal static string Literal(string s) => "'" + s.Replace("'", "''") + "'";
}
