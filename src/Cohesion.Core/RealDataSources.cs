using System.Text;

namespace Cohesion;

/// <summary>One folder of <c>data/real/</c> as its <c>SOURCE.md</c> describes it.</summary>
public sealed record RealDataSource(string Folder, string Title, string Licence, string? Origin)
{
    public Provenance Provenance => Provenance.Real;
    /// <summary>The folder as the repository names it (<c>data/real/…</c>).</summary>
    public string Path => "data/real/" + Folder;
}

/// <summary>
/// Reads the <c>SOURCE.md</c> of a real-data folder: its title (the first heading), its licence (the bullet or
/// sentence that names the licence, with its continuation lines) and where it came from (the first URL). Used by the
/// report's sources section and by outputs that list the folders they read.
/// </summary>
public static class RealDataSources
{
    /// <summary>The folder names under <c>data/real/</c> (sorted).</summary>
    public static IReadOnlyList<string> Folders(string? dataDirectory = null)
    {
        var dir = System.IO.Path.Combine(dataDirectory ?? DefaultData.Directory, "real");
        return Directory.Exists(dir)
            ? Directory.GetDirectories(dir).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    public static RealDataSource Describe(string folder, string? dataDirectory = null)
    {
        var path = System.IO.Path.Combine(dataDirectory ?? DefaultData.Directory, "real", folder, "SOURCE.md");
        if (!File.Exists(path)) return new RealDataSource(folder, folder, "see data/SOURCES.md", null);
        return Parse(folder, File.ReadAllLines(path));
    }

    public static RealDataSource Parse(string folder, IReadOnlyList<string> lines)
    {
        string title = lines.FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim() ?? folder;
        string? licence = null;
        for (int i = 0; i < lines.Count && licence is null; i++)
        {
            var line = lines[i];
            int k = line.IndexOf("licen", StringComparison.OrdinalIgnoreCase);
            if (k < 0) continue;
            int paren = line.LastIndexOf('(', k);
            var sb = new StringBuilder(paren >= 0 && line.IndexOf(')', k) is var close && close > k
                ? Clean(line[(paren + 1)..close])
                : Clean(line));
            // continuation lines of the same bullet (indented, not a new bullet or heading)
            for (int j = i + 1; j < lines.Count && lines[j].StartsWith("  ") && !lines[j].TrimStart().StartsWith("- "); j++)
                sb.Append(' ').Append(lines[j].Trim());
            licence = sb.ToString();
        }
        string? origin = null;
        foreach (var line in lines)
        {
            int h = line.IndexOf("https://", StringComparison.Ordinal);
            if (h < 0) continue;
            int end = h;
            while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] is not (')' or '`' or '"' or ',')) end++;
            origin = line[h..end];
            break;
        }
        return new RealDataSource(folder, title, licence ?? "not stated (see data/SOURCES.md)", origin);
    }

    /// <summary>A bullet without its marker, bold and the "Licence:" label.</summary>
    private static string Clean(string line)
    {
        var s = line.Trim().TrimStart('-', '*').Trim().Replace("**", "");
        foreach (var label in new[] { "Licence:", "License:", "licence:", "license:" })
            if (s.StartsWith(label, StringComparison.Ordinal)) return s[label.Length..].Trim();
        return s;
    }
}
