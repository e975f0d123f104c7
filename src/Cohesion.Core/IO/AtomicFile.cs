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
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch { /* best effort */ }
            throw;
        }
    }
}
