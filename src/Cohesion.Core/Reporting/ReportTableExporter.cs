using System.Globalization;
using System.Text;
using Cohesion.IO;
using Parquet;
using Parquet.Schema;

namespace Cohesion.Reporting;

/// <summary>Exports a <see cref="ReportTable"/> as CSV and Parquet. Numbers are written at full precision
/// (round-trip), suppressed cells as empty/null with a <c>suppressed</c> column listing the withheld columns; the last
/// column, <c>provenance</c>, says for every row whether it is real, synthetic or derived.</summary>
public static class ReportTableExporter
{
    public static void WriteCsv(ReportTable table, string path) => AtomicFile.WriteText(path, w => WriteCsv(table, w));

    public static void WriteCsv(ReportTable table, TextWriter w)
    {
        bool anySuppressed = table.SuppressedCount > 0;
        var header = table.Columns.Select(c => c.Id).ToList();
        if (anySuppressed) header.Add("suppressed");
        header.Add(ReportTable.ProvenanceColumn);
        w.WriteLine(string.Join(",", header.Select(Quote)));
        var provenance = table.Provenance.Code();
        foreach (var row in table.Rows)
        {
            var cells = row.Select(CsvCell).ToList();
            if (anySuppressed) cells.Add(string.Join(";", table.Columns.Where((_, j) => row[j] is SuppressedCell).Select(c => c.Id)));
            cells.Add(provenance);
            w.WriteLine(string.Join(",", cells.Select(Quote)));
        }
    }

    /// <summary>A table as a reader downloads it (the xlsx sheets and the Excel CSV): headers in words in the report's
    /// language, numbers as numbers at full precision (shares as fractions, shown as percentages in Excel), suppressed
    /// and missing cells empty, then the withheld columns (if any) and the provenance label. The number formats are
    /// Excel's (shown in the reader's locale: decimal comma in Dutch Excel).</summary>
    public static XlsxSheet DownloadSheet(ReportTable table, string lang)
    {
        bool anySuppressed = table.SuppressedCount > 0;
        var header = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in table.Columns)
        {
            var h = c.Header.Get(lang).Trim();
            if (h.Length == 0 || !seen.Add(h)) { h = $"{h} ({c.Id})".Trim(); seen.Add(h); }
            header.Add(h);
        }
        var formats = table.Columns.Select(NumberFormat).ToList();
        if (anySuppressed) { header.Add(lang == "en" ? "suppressed" : "onderdrukt"); formats.Add(null); }
        header.Add(lang == "en" ? "provenance" : "herkomst");
        formats.Add(null);
        var (nl, en) = table.Provenance.Label();
        var label = lang == "en" ? en : nl;
        var rows = new List<object?[]>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var cells = new List<object?>(header.Count);
            for (int j = 0; j < table.Columns.Count; j++)
                cells.Add(row[j] switch
                {
                    null or SuppressedCell => null,
                    double d => double.IsFinite(d) ? d : null,
                    float f => float.IsFinite(f) ? (double)f : null,
                    int i => (double)i,
                    long l => (double)l,
                    string s => s,
                    var o => CsvCell(o)
                });
            if (anySuppressed) cells.Add(string.Join(";", table.Columns.Where((_, j) => row[j] is SuppressedCell).Select(c => c.Id)) is { Length: > 0 } w ? w : null);
            cells.Add(label);
            rows.Add(cells.ToArray());
        }
        return new XlsxSheet(table.Id, header, rows, formats);
    }

    /// <summary>Excel's number format for a column: percentages for shares, thousands for counts, the column's decimals.</summary>
    private static string? NumberFormat(ReportColumn c) => c.Kind switch
    {
        ColumnKind.Text or ColumnKind.PValue => null,
        ColumnKind.Count => "#,##0",
        ColumnKind.Share => c.Decimals > 2 ? "0." + new string('0', c.Decimals - 2) + "%" : "0%",
        _ => c.Decimals > 0 ? "0." + new string('0', c.Decimals) : "0",
    };

    /// <summary>The workbook of the report (<c>tables.xlsx</c>: one sheet per table, named by its id) or of one table.</summary>
    public static void WriteXlsx(IEnumerable<ReportTable> tables, string path, string lang) =>
        XlsxWriter.Write(path, tables.Select(t => DownloadSheet(t, lang)).ToList());

    /// <summary>The CSV a reader opens in Excel (<c>tables/excel/ID.csv</c>): the download sheet with a UTF-8 BOM and CRLF
    /// line ends; in Dutch <c>;</c>-separated with decimal commas (Dutch Excel's list separator and decimal sign, so
    /// it opens in columns with numbers as numbers), in English <c>,</c>-separated with decimal points. The
    /// machine-readable <c>tables/ID.csv</c> (column ids, <c>,</c>, decimal point, no BOM) is unchanged.</summary>
    public static void WriteExcelCsv(ReportTable table, string path, string lang) =>
        AtomicFile.WriteBytes(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(true)) { NewLine = "\r\n" };
            WriteExcelCsv(table, w, lang);
        });

    public static void WriteExcelCsv(ReportTable table, TextWriter w, string lang)
    {
        char sep = lang == "en" ? ',' : ';';
        var ci = lang == "en" ? CultureInfo.InvariantCulture : DutchDecimal;
        var sheet = DownloadSheet(table, lang);
        string Q(string s) => s.IndexOfAny([sep, '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        w.WriteLine(string.Join(sep, sheet.Header.Select(Q)));
        foreach (var row in sheet.Rows)
            w.WriteLine(string.Join(sep, row.Select(c => c switch
            {
                null => "",
                double d => d.ToString("R", ci),
                string s => Q(s),
                var o => Q(o.ToString() ?? "")
            })));
    }

    private static readonly CultureInfo DutchDecimal = new CultureInfo("", false) { NumberFormat = { NumberDecimalSeparator = ",", NumberGroupSeparator = "" } };

    private static string CsvCell(object? cell) => Presentation.TableCsv.Cell(cell);

    private static string Quote(string s) => Presentation.TableCsv.Quote(s);

    public static void WriteParquet(ReportTable table, string path) =>
        AtomicFile.WriteBytes(path, s => WriteParquetAsync(table, s).GetAwaiter().GetResult());

    public static async Task WriteParquetAsync(ReportTable table, Stream stream)
    {
        var fields = new List<DataField>();
        var arrays = new List<Array>();
        for (int j = 0; j < table.Columns.Count; j++)
        {
            var col = table.Columns[j];
            bool numeric = table.Rows.All(r => r[j] is null or SuppressedCell or double or int or long or float);
            if (numeric && col.Kind != ColumnKind.Text)
            {
                var a = new double?[table.Rows.Count];
                for (int i = 0; i < a.Length; i++)
                    a[i] = table.Rows[i][j] switch { double d when double.IsFinite(d) => d, int v => v, long v => v, float f => f, _ => null };
                fields.Add(new DataField<double?>(col.Id));
                arrays.Add(a);
            }
            else
            {
                var a = new string?[table.Rows.Count];
                for (int i = 0; i < a.Length; i++)
                    a[i] = table.Rows[i][j] is null or SuppressedCell ? null : CsvCell(table.Rows[i][j]);
                fields.Add(new DataField<string>(col.Id, true));
                arrays.Add(a);
            }
        }
        if (table.SuppressedCount > 0)
        {
            var a = table.Rows.Select(r => string.Join(";", table.Columns.Where((_, j) => r[j] is SuppressedCell).Select(c => c.Id))).ToArray();
            fields.Add(new DataField<string>("suppressed"));
            arrays.Add(a);
        }
        fields.Add(new DataField<string>(ReportTable.ProvenanceColumn));
        arrays.Add(Enumerable.Repeat(table.Provenance.Code(), table.Rows.Count).ToArray());
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        for (int j = 0; j < fields.Count; j++)
        {
            if (arrays[j] is double?[] d) await group.WriteAsync<double>(fields[j], new ReadOnlyMemory<double?>(d));
            else await group.WriteAsync(fields[j], (string?[])arrays[j] as IReadOnlyCollection<string>);
        }
    }
}
