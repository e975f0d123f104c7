using System.Globalization;
using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Reads delimited text into a <see cref="DataFrame"/>. Detects the delimiter (, ; tab |) from the header,
/// decimal commas per column (quoted "2,1" or with ';'/tab delimiters), CBS StatLine conventions
/// ("." and empty = missing, space-padded values), a UTF-8 BOM, and R's unnamed row-number first column.
/// A column becomes numeric when every non-missing value parses as a number, otherwise categorical.
/// Malformed lines (unterminated quote, wrong field count) raise a <see cref="CohesionException"/> naming
/// file and row.
/// </summary>
public static class CsvReader
{
    private static readonly string[] MissingTokens = ["", ".", "NA", "na", "N/A", "NaN", "nan", "null", "NULL", "-", "?"];

    public static DataFrame Read(string path)
    {
        if (!File.Exists(path)) throw new CohesionException("file not found", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static DataFrame Read(Stream stream, string sourceName)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? headerLine = reader.ReadLine();
        if (headerLine is null) throw new CohesionException("file is empty", sourceName);
        char delimiter = DetectDelimiter(headerLine);
        var header = SplitLine(headerLine, delimiter, sourceName, 0, out _);
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace)) throw new CohesionException("header line is empty", sourceName);
        for (int i = 0; i < header.Count; i++) header[i] = header[i].Trim();
        // R's write.csv: first header cell "" with row numbers → name it "row"
        if (header[0].Length == 0) header[0] = "row";
        for (int i = 0; i < header.Count; i++)
            if (header[i].Length == 0) throw new CohesionException($"header field {i + 1} is empty", sourceName, row: 0);
        var dup = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CohesionException($"duplicate column name '{dup.Key}' in the header", sourceName, dup.Key);

        int p = header.Count;
        var cells = new List<string>[p];
        for (int j = 0; j < p; j++) cells[j] = new List<string>();
        long row = 0;
        string? line;
        var pending = new StringBuilder();
        while ((line = reader.ReadLine()) is not null)
        {
            // a quoted field may span lines
            if (pending.Length > 0) { pending.Append('\n').Append(line); line = pending.ToString(); }
            if (CountQuotes(line) % 2 == 1) { if (pending.Length == 0) pending.Append(line); continue; }
            pending.Clear();
            row++;
            if (line.Length == 0) continue;
            var fields = SplitLine(line, delimiter, sourceName, row, out bool ok);
            if (!ok) throw new CohesionException("malformed line: unterminated or misplaced quote", sourceName, row: row);
            if (fields.Count != p)
                throw new CohesionException($"malformed line: {fields.Count} fields, the header has {p}", sourceName, row: row);
            for (int j = 0; j < p; j++) cells[j].Add(fields[j]);
        }
        if (pending.Length > 0) throw new CohesionException("malformed line: unterminated quote at end of file", sourceName, row: row + 1);

        var frame = new DataFrame(cells[0].Count, sourceName);
        for (int j = 0; j < p; j++) frame.Add(TypeColumn(header[j], cells[j], delimiter));
        return frame;
    }

    private static int CountQuotes(string s)
    {
        int c = 0;
        foreach (var ch in s) if (ch == '"') c++;
        return c;
    }

    internal static char DetectDelimiter(string header)
    {
        char best = ',';
        int bestCount = -1;
        foreach (var d in new[] { ',', ';', '\t', '|' })
        {
            int count = 0;
            bool inQuote = false;
            foreach (var ch in header)
            {
                if (ch == '"') inQuote = !inQuote;
                else if (ch == d && !inQuote) count++;
            }
            if (count > bestCount) { best = d; bestCount = count; }
        }
        return best;
    }

    private static List<string> SplitLine(string line, char delimiter, string source, long row, out bool ok)
    {
        ok = true;
        var fields = new List<string>();
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            // skip leading spaces before a quote
            int start = i;
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) { ok = false; return fields; }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && line[i] != delimiter) { ok = false; return fields; }
            }
            else
            {
                i = start;
                while (i < line.Length && line[i] != delimiter)
                {
                    if (line[i] == '"') { ok = false; return fields; }
                    sb.Append(line[i++]);
                }
            }
            fields.Add(sb.ToString());
            if (i >= line.Length) break;
            i++; // delimiter
            if (i == line.Length) { fields.Add(""); break; }
        }
        return fields;
    }

    private static bool IsMissing(string s) => Array.IndexOf(MissingTokens, s) >= 0;

    private static Column TypeColumn(string name, List<string> raw, char delimiter)
    {
        int n = raw.Count;
        var trimmed = new string[n];
        for (int i = 0; i < n; i++) trimmed[i] = raw[i].Trim();

        // numeric with '.' decimals?
        var values = new double[n];
        if (TryParseAll(trimmed, values, CultureInfo.InvariantCulture, allowComma: false))
            return new NumericColumn(name, values);
        // decimal comma (values like 2,1 with at most one comma and no dots)
        var nl = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0", NegativeSign = "-" };
        if (TryParseAll(trimmed, values, nl, allowComma: true))
            return new NumericColumn(name, values);
        var strings = new string?[n];
        for (int i = 0; i < n; i++) strings[i] = IsMissing(trimmed[i]) ? null : trimmed[i];
        return CategoricalColumn.FromStrings(name, strings);
    }

    private static bool TryParseAll(string[] s, double[] values, IFormatProvider culture, bool allowComma)
    {
        bool any = false;
        for (int i = 0; i < s.Length; i++)
        {
            var v = s[i];
            if (IsMissing(v)) { values[i] = double.NaN; continue; }
            if (allowComma)
            {
                if (v.Contains('.') || v.Count(c => c == ',') > 1) return false;
            }
            else if (v.Contains(',')) return false;
            if (!double.TryParse(v, NumberStyles.Float, culture, out var d))
            {
                if (v is "Inf" or "inf") d = double.PositiveInfinity;
                else if (v is "-Inf" or "-inf") d = double.NegativeInfinity;
                else return false;
            }
            values[i] = d;
            any = true;
        }
        return any || s.Length == 0 || s.All(IsMissing);
    }
}
