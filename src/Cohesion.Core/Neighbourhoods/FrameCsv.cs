using Cohesion.IO;
using Cohesion.Statistics.Data;

namespace Cohesion.Neighbourhoods;

/// <summary>Writes a data frame as comma-separated text (invariant numbers, round-trip precision, empty = missing),
/// atomically.</summary>
public static class FrameCsv
{
    public static void Write(string path, DataFrame frame) => AtomicFile.WriteText(path, w => Write(w, frame));

    public static void Write(TextWriter w, DataFrame frame)
    {
        var cols = frame.Columns;
        w.WriteLine(string.Join(",", cols.Select(c => Quote(c.Name))));
        var line = new System.Text.StringBuilder();
        for (int r = 0; r < frame.RowCount; r++)
        {
            line.Clear();
            for (int j = 0; j < cols.Count; j++)
            {
                if (j > 0) line.Append(',');
                line.Append(cols[j] is NumericColumn ? cols[j].Format(r) : Quote(cols[j].Format(r)));
            }
            w.WriteLine(line);
        }
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
