using System.Text.Json;
using Cohesion.Reporting;

namespace Cohesion.Presentation;

/// <summary>
/// The JSON rendering of the one table model (<see cref="ReportTable"/>): an array with one object per row, keyed by
/// the column ids in column order. Cells: <c>string</c> → string, <c>double</c> → number (non-finite → null),
/// <c>int</c>/<c>long</c> → integer, <c>bool</c> → boolean, <c>null</c> or a suppressed cell → null; a column marked
/// <see cref="ColumnJson.WhenPresent"/> is left out of a row where its cell is null or false (flags such as
/// <c>"suppressed": true</c>), one marked <see cref="ColumnJson.Never"/> always. Every verb's JSON arrays are written by this one function, so a field is named and
/// typed in one place: the table converter of its result.
/// </summary>
public static class TableJson
{
    /// <summary>The table as a JSON array; with <paramref name="rowProvenance"/> every row ends with the table's
    /// <c>"provenance"</c> (where a contract carries it per row).</summary>
    public static void WriteArray(Utf8JsonWriter j, string name, ReportTable table, bool rowProvenance = false)
    {
        j.WriteStartArray(name);
        foreach (var row in table.Rows) WriteRow(j, table, row, rowProvenance);
        j.WriteEndArray();
    }

    /// <summary>A one-row table (a test, a set of fit statistics) as the JSON object <paramref name="name"/>.</summary>
    public static void WriteObject(Utf8JsonWriter j, string name, ReportTable table)
    {
        if (table.Rows.Count != 1) throw new ArgumentException($"table {table.Id}: {table.Rows.Count} rows for one JSON object");
        j.WritePropertyName(name);
        WriteRow(j, table, table.Rows[0]);
    }

    /// <summary>The fields of a one-row table (a fit's statistics) into an object the caller has opened.</summary>
    public static void WriteFields(Utf8JsonWriter j, ReportTable table)
    {
        if (table.Rows.Count != 1) throw new ArgumentException($"table {table.Id}: {table.Rows.Count} rows for the fields of one JSON object");
        WriteFields(j, table.Columns, table.Rows[0]);
    }

    public static void WriteRow(Utf8JsonWriter j, ReportTable table, object?[] row, bool rowProvenance = false)
    {
        j.WriteStartObject();
        WriteFields(j, table.Columns, row);
        if (rowProvenance) j.WriteString(ReportTable.ProvenanceColumn, table.Provenance.Code());
        j.WriteEndObject();
    }

    /// <summary>The fields of one row into an object the caller has opened (for objects that add nested parts).</summary>
    public static void WriteFields(Utf8JsonWriter j, IReadOnlyList<ReportColumn> columns, object?[] row)
    {
        for (int c = 0; c < columns.Count; c++)
        {
            var col = columns[c];
            var cell = row[c];
            if (col.Json == ColumnJson.Never || (col.Json == ColumnJson.WhenPresent && cell is null or false)) continue;
            switch (cell)
            {
                case null or SuppressedCell: j.WriteNull(col.Id); break;
                case string s: j.WriteString(col.Id, s); break;
                case double d: j.Number(col.Id, d); break;
                case int i: j.WriteNumber(col.Id, i); break;
                case long l: j.WriteNumber(col.Id, l); break;
                case bool b: j.WriteBoolean(col.Id, b); break;
                case IEnumerable<string> list:
                    j.WriteStartArray(col.Id);
                    foreach (var x in list) j.WriteStringValue(x);
                    j.WriteEndArray();
                    break;
                case IEnumerable<int> list:
                    j.WriteStartArray(col.Id);
                    foreach (var x in list) j.WriteNumberValue(x);
                    j.WriteEndArray();
                    break;
                case IEnumerable<double> list:
                    j.WriteStartArray(col.Id);
                    foreach (var x in list) j.NumberValue(x);
                    j.WriteEndArray();
                    break;
                default: throw new ArgumentException($"column '{col.Id}': a {cell.GetType().Name} cell has no JSON form");
            }
        }
    }
}
