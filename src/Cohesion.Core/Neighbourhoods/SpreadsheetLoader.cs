using System.Globalization;
using System.Text;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using ExcelDataReader;

namespace Cohesion.Neighbourhoods;

/// <summary>
/// Loads data files for the neighbourhood analyses: .xlsx (first sheet, first row = header) through ExcelDataReader,
/// typed with the same rules as CSV (CBS "." = missing, numbers stored as text become numeric), and every other
/// format through <see cref="DatasetLoader"/>. (Kept here until the data layer's loader reads .xlsx itself.)
/// </summary>
public static class SpreadsheetLoader
{
    // ExcelDataReader needs the legacy code pages (e.g. 1252) even for some .xlsx files
    static SpreadsheetLoader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DataFrame Load(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".xlsx" or ".xls")) return DatasetLoader.Load(path);
        if (!File.Exists(path)) throw new CohesionException("file not found", path);
        var csv = new StringBuilder();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            int width = -1;
            while (reader.Read())
            {
                if (width < 0) width = reader.FieldCount;
                for (int j = 0; j < width; j++)
                {
                    if (j > 0) csv.Append(',');
                    var v = j < reader.FieldCount ? reader.GetValue(j) : null;
                    var s = v switch
                    {
                        null => "",
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => v.ToString() ?? ""
                    };
                    csv.Append('"').Append(s.Replace("\"", "\"\"")).Append('"');
                }
                csv.Append('\n');
            }
        }
        catch (Exception ex) when (ex is not CohesionException and not IOException)
        {
            throw new CohesionException($"cannot read the spreadsheet: {ex.Message}", path, inner: ex);
        }
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        return CsvReader.Read(ms, path);
    }
}
