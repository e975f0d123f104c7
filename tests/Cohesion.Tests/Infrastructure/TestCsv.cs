namespace Cohesion.Tests.Infrastructure;

/// <summary>A small, independent CSV reader for checking written and shipped files (quoted fields, doubled quotes;
/// no line breaks inside fields).</summary>
public static class TestCsv
{
    /// <summary>The rows of a file as column → text.</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0).Select(Split).Select(c => header.Select((h, i) => (h, c[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }

    public static List<string> Split(string line) => Split(line, ',');

    public static List<string> Split(string line, char separator)
    {
        var r = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool q = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (q) { if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; } else if (c == '"') q = false; else sb.Append(c); }
            else if (c == '"') q = true;
            else if (c == separator) { r.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        r.Add(sb.ToString());
        return r;
    }
}
