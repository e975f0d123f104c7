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
