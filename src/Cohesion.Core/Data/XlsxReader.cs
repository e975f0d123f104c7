using System.Globalization;
using System.Text;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using ExcelDataReader;

namespace Cohesion.Data;

/// <summary>
/// Reads one worksheet of an Excel workbook (<c>.xlsx</c>, also <c>.xls</c>) with ExcelDataReader. The first
/// non-empty row is the header; the sheet is the first one, or the one named after <c>#</c>
/// (<c>file.xlsx#Sheet2</c>). Cells are typed as CSV fields are (<see cref="ColumnBuilder"/>): a column is
/// numeric when every non-empty cell is a number or numeric text (StatLine's <c>.</c> is missing), otherwise
/// categorical. Dates become ISO text (<c>yyyy-MM-dd</c>, with time when not midnight); booleans 1/0.
/// Fully empty trailing columns and rows are dropped.
/// </summary>
public static class XlsxReader
{
    static XlsxReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Splits <c>file.xlsx#Sheet</c> into the file and the sheet name (null = first sheet).</summary>
    public static (string File, string? Sheet) SplitSheet(string pathAndSheet)
    {
        int hash = pathAndSheet.LastIndexOf('#');
        if (hash > 0 && !File.Exists(pathAndSheet)) return (pathAndSheet[..hash], pathAndSheet[(hash + 1)..]);
        return (pathAndSheet, null);
    }

    public static DataFrame Read(string pathAndSheet)
    {
        var (path, sheet) = SplitSheet(pathAndSheet);
        BinaryCursor.RequireFile(path);
        if (new FileInfo(path).Length == 0) throw new CohesionException("file is empty", path);
        using var stream = File.OpenRead(path);
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateReader(stream);
        }
        catch (Exception e) when (e is not CohesionException)
        {
            throw new CohesionException($"not a readable Excel workbook ({e.Message})", path, inner: e);
        }
        using (reader)
        {
            try
            {
                return ReadSheet(reader, path, sheet);
            }
            catch (Exception e) when (e is not CohesionException)
            {
                throw new CohesionException($"corrupt Excel workbook ({e.Message})", path, inner: e);
            }
        }
    }

    private static DataFrame ReadSheet(IExcelDataReader reader, string path, string? sheet)
    {
        var names = new List<string>();
        do
        {
            names.Add(reader.Name);
            if (sheet is null || string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase)) break;
        } while (reader.NextResult());
        if (sheet is not null && !string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
            throw new CohesionException($"no sheet '{sheet}'; the workbook has: {string.Join(", ", names)}", path);
        string source = sheet is null ? path : $"{path}#{reader.Name}";

        // header: the first row with any non-empty cell
        List<string>? header = null;
        while (reader.Read())
        {
            var cells = new List<string>(reader.FieldCount);
            for (int j = 0; j < reader.FieldCount; j++) cells.Add(CellText(reader.GetValue(j))?.Trim() ?? "");
            if (cells.Any(h => h.Length > 0)) { header = cells; break; }
        }
        if (header is null) throw new CohesionException("the sheet is empty", source);
        while (header.Count > 0 && header[^1].Length == 0) header.RemoveAt(header.Count - 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < header.Count; j++)
        {
            if (header[j].Length == 0) throw new CohesionException($"header cell {j + 1} is empty", source, row: 0);
            if (!seen.Add(header[j])) throw new CohesionException($"duplicate column name '{header[j]}' in the header", source, header[j], 0);
        }

        int p = header.Count;
        // cells are kept per column so a column can be typed after all rows are seen
        var raw = new List<object?>[p];
        for (int j = 0; j < p; j++) raw[j] = new List<object?>();
        int pendingEmpty = 0;
        while (reader.Read())
        {
            bool any = false;
            for (int j = 0; j < reader.FieldCount; j++)
            {
                var v = reader.GetValue(j);
                if (v is null || v is string s && s.Trim().Length == 0) continue;
                if (j >= p) throw new CohesionException($"a value '{CellText(v)}' in column {j + 1}, which has no header", source, row: raw[0].Count + pendingEmpty + 1);
                any = true;
            }
            if (!any) { pendingEmpty++; continue; }
            for (; pendingEmpty > 0; pendingEmpty--) for (int j = 0; j < p; j++) raw[j].Add(null);
            for (int j = 0; j < p; j++) raw[j].Add(j < reader.FieldCount ? reader.GetValue(j) : null);
        }

        int n = raw[0].Count;
        var frame = new DataFrame(n, source);
        for (int j = 0; j < p; j++) frame.Add(TypeColumn(header[j], raw[j], forceText: false) ?? TypeColumn(header[j], raw[j], forceText: true)!);
        return frame;
    }

    private static Column? TypeColumn(string name, List<object?> cells, bool forceText)
    {
        var b = new ColumnBuilder(name, forceText, cells.Count);
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case null: b.AddMissing(); break;
                case double d: b.AddNumber(d); break;
                case int i: b.AddNumber(i); break;
                case long l: b.AddNumber(l); break;
                case float f: b.AddNumber(f); break;
                case decimal m: b.AddNumber((double)m); break;
                case bool flag: b.AddNumber(flag ? 1 : 0); break;
                default: b.AddText(CellText(cell)); break;
            }
            if (b.Failed) return null;
        }
        return b.Build();
    }

    private static string? CellText(object? v) => v switch
    {
        null => null,
        string s => s,
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString()
    };
}
