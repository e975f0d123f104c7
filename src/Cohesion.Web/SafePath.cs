namespace Cohesion.Web;

/// <summary>Resolves a user-supplied relative file name inside a root folder, refusing anything that would
/// leave it (.., absolute paths, drive letters, encoded separators, symlinks pointing out).</summary>
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
        var rootFull = Path.GetFullPath(root);
        if (!rootFull.EndsWith(Path.DirectorySeparatorChar)) rootFull += Path.DirectorySeparatorChar;
        var candidate = Path.GetFullPath(Path.Combine(rootFull, relative));
        if (!candidate.StartsWith(rootFull, StringComparison.Ordinal)) { problem = "path leaves the data directory"; return false; }
        // a symlink inside the root must not point outside it
        var info = new FileInfo(candidate);
        if (info.Exists && info.LinkTarget is not null)
        {
            var target = Path.GetFullPath(info.ResolveLinkTarget(true)!.FullName);
            if (!target.StartsWith(rootFull, StringComparison.Ordinal)) { problem = "path leaves the data directory"; return false; }
        }
        fullPath = candidate;
        return true;
    }
}
