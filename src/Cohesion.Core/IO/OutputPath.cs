using Cohesion.Statistics;

namespace Cohesion.IO;

/// <summary>
/// Checks, before any work starts, that a place the user asked to write to can be written: a file path is not a
/// folder, its folder exists and accepts new files, and the device has space; a folder path is not a file, and if it
/// already holds files they are an earlier report's. The <paramref name="name"/> of each check (a flag such as
/// <c>--out</c>, or a config field) is named in the message.
/// </summary>
public static class OutputPath
{
    /// <summary>A file to be written (whole or not at all, by <see cref="AtomicFile"/>).</summary>
    public static void CheckFile(string path, string name)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CohesionException($"{name} needs a file name");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new CohesionException($"{name} names a folder, not a file; give a file name (e.g. {Path.Combine(path, "result" + ExampleExtension(name))})", path);
        if (IsSpecialFile(full)) return;   // /dev/stdout, /dev/null, a pipe: written directly
        var folder = Path.GetDirectoryName(full)!;
        if (File.Exists(folder))
            throw new CohesionException($"{name}: '{Path.GetDirectoryName(path)}' is a file, not a folder", path);
        if (!Directory.Exists(folder))
            throw new CohesionException($"{name}: the folder '{Describe(Path.GetDirectoryName(path), folder)}' does not exist; create it first", path);
        CheckWritableFolder(folder, path, name);
    }

    /// <summary>A folder to be created or refreshed (the report's output).</summary>
    public static void CheckFolder(string path, string name, string ownerMarker)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CohesionException($"{name} needs a folder name");
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) throw new CohesionException($"{name} names a file, not a folder; give a folder for the output", path);
        if (Directory.Exists(full))
        {
            if (Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, ownerMarker)))
                throw new CohesionException($"{name}: the folder exists, is not empty and holds no earlier report; choose another folder", path);
            CheckWritableFolder(full, path, name);
            return;
        }
        // the folder will be created: its nearest existing ancestor must accept it
        var ancestor = Path.GetDirectoryName(full);
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor)) throw new CohesionException($"{name}: '{ancestor}' is a file, not a folder", path);
            ancestor = Path.GetDirectoryName(ancestor);
        }
        if (ancestor is not null) CheckWritableFolder(ancestor, path, name);
    }

    private static void CheckWritableFolder(string folder, string shown, string name)
    {
        var probe = Path.Combine(folder, $".cohesion-write-check.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CohesionException($"{name}: cannot create files in the folder of '{shown}' ({Reason(e)})", shown);
        }
        finally
        {
            try { if (File.Exists(probe)) File.Delete(probe); } catch { /* best effort */ }
        }
        try
        {
            var drive = new DriveInfo(folder);
            if (drive.IsReady && drive.AvailableFreeSpace == 0)
                throw new CohesionException($"{name}: no space left on the device that holds '{shown}'", shown);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException) { /* not knowable cheaply: the write will tell */ }
    }

    /// <summary>A device such as <c>/dev/stdout</c> or <c>/dev/null</c> (not a regular file): written to directly, not via
    /// a temporary file beside it.</summary>
    public static bool IsSpecialFile(string full) =>
        (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/self/fd/", StringComparison.Ordinal))
        && File.Exists(full);

    /// <summary>A short reason for an I/O failure, without temporary file names.</summary>
    public static string Reason(Exception e)
    {
        var m = e.Message;
        if (m.Contains("No space left", StringComparison.OrdinalIgnoreCase) || e.HResult is 28 or unchecked((int)0x80070070)) return "no space left on the device";
        if (e is UnauthorizedAccessException || m.Contains("denied", StringComparison.OrdinalIgnoreCase)) return "permission denied";
        if (m.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase)) return "read-only file system";
        int colon = m.IndexOf(" : '", StringComparison.Ordinal);
        return colon > 0 ? m[..colon] : m;
    }

    private static string Describe(string? shown, string full) => string.IsNullOrEmpty(shown) ? full : shown;

    private static string ExampleExtension(string name) => name switch
    {
        "--forest" or "--funnel" or "--map" or "--chart" or "--pyramid" or "--decomposition-chart" => ".svg",
        "--ranef" or "--write-synthetic" => ".csv",
        _ => ".json"
    };
}
