using System.Text;

namespace Cohesion.IO;

/// <summary>Writes files whole or not at all: to a temporary file beside the target, then moved into place.</summary>
public static class AtomicFile
{
    public static void WriteText(string path, Action<TextWriter> write) =>
        WriteVia(path, tmp =>
        {
            using var w = new StreamWriter(tmp, false, new UTF8Encoding(false));
            write(w);
        });

    public static void WriteBytes(string path, Action<Stream> write) =>
        WriteVia(path, tmp =>
        {
            using var s = File.Create(tmp);
            write(s);
        });

    /// <summary>Lets <paramref name="write"/> create a temporary file (it gets the path) beside the target, then
    /// moves it into place; on failure the temporary file is removed and the target is untouched. For writers
    /// that need a path rather than a stream (DuckDB's COPY).</summary>
    public static void WriteVia(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        if (OutputPath.IsSpecialFile(full))
        {
            // /dev/stdout, /dev/null: no temporary file beside a device
            try { write(full); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw WriteFailed(path, e); }
            return;
        }
        var dir = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(tmp); } catch { /* best effort */ }
            if (e is IOException or UnauthorizedAccessException) throw WriteFailed(path, e);
            throw;
        }
    }

    /// <summary>An I/O failure while writing (disk full, permissions) as a user-facing error; the target is untouched.</summary>
    private static Cohesion.Statistics.CohesionException WriteFailed(string path, Exception e) =>
        new($"could not be written: {OutputPath.Reason(e)} (an earlier file of that name, if any, is unchanged)", path, inner: e);
}
