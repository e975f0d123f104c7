namespace Cohesion.Web;

/// <summary>Resolves a user-supplied relative file name inside a root folder, refusing anything that would
/// leave it: <c>..</c>, absolute paths, drive letters, encoded separators, hidden names, and symbolic links — on the
/// file itself or on any folder on the way — whose target lies outside the root. The answer never depends on whether
/// something outside the root exists, and problems never contain the server's paths.</summary>
public static class SafePath
{
    public static bool TryResolve(string root, string? relative, out string fullPath, out string problem)
    {
        fullPath = "";
        problem = "";
        if (string.IsNullOrWhiteSpace(relative)) { problem = "a file name is required"; return false; }
        if (relative.Length > 256) { problem = "file name too long"; return false; }
        if (relative.Contains('\0') || relative.Contains('%') || relative.Contains('\\') || relative.Contains(':'))
        { problem = "file name contains a forbidden character"; return false; }
        if (Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('~'))
        { problem = "absolute paths are not allowed"; return false; }
        var parts = relative.Split('/');
        if (parts.Any(p => p is ".." or "." || p.Length == 0 || p.StartsWith('.')))
        { problem = "path segments '.', '..' and hidden names are not allowed"; return false; }

        // the root's real location (it may itself be reached through a link)
        var rootReal = RealPath(Path.GetFullPath(root));
        var rootPrefix = rootReal.EndsWith(Path.DirectorySeparatorChar) ? rootReal : rootReal + Path.DirectorySeparatorChar;
        // walk down one segment at a time, resolving every link on the way
        var current = rootReal;
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var target = LinkTargetOf(next);
            if (target is not null)
            {
                if (!Inside(target, rootPrefix)) { problem = "path leaves the data directory"; return false; }
                next = target;
            }
            current = next;
        }
        if (!Inside(current, rootPrefix)) { problem = "path leaves the data directory"; return false; }
        fullPath = current;
        return true;
    }

    private static bool Inside(string path, string rootPrefix) =>
        Path.GetFullPath(path).StartsWith(rootPrefix, StringComparison.Ordinal);

    /// <summary>The final target of a link at <paramref name="path"/> (a dangling link included), or null when the
    /// path is not a link or does not exist.</summary>
    private static string? LinkTargetOf(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (info.LinkTarget is null) return null;
        try
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true);
            if (final is not null) return Path.GetFullPath(final.FullName);
        }
        catch (IOException) { }
        // unresolvable (a loop or a dangling chain): judge by the first hop
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, info.LinkTarget));
    }

    /// <summary>The path with every link along it resolved.</summary>
    private static string RealPath(string path)
    {
        var rootOfPath = Path.GetPathRoot(path)!;
        var current = rootOfPath;
        foreach (var part in path[rootOfPath.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            current = LinkTargetOf(next) ?? next;
        }
        return current;
    }
}
