using System.Globalization;
using Cohesion.Reporting;

namespace Cohesion.Presentation;

/// <summary>
/// The CSV rendering of the one table model: invariant, round-trip numbers (empty for NaN, null and suppressed
/// cells), RFC 4180 quoting. <see cref="WriteSections"/> writes several tables of one result as one long file with a
/// <c>section</c> column first and the tables' own provenance last on every row.
/// </summary>
public static class TableCsv
{
    public static string Cell(object? cell) => cell switch
    {
        null or SuppressedCell => "",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        bool b => b ? "true" : "false",
        IEnumerable<string> list => string.Join(";", list),
        IEnumerable<int> list => string.Join(";", list.Select(x => x.ToString(CultureInfo.InvariantCulture))),
        IEnumerable<double> list => string.Join(";", list.Select(x => Cell(x))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? ""
    };

    public static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>One part of a sectioned CSV: a section name, its table, and the header each of its columns goes
    /// under when that differs from the column id (e.g. a contrast's <c>difference</c> under <c>estimate</c>).</summary>
    public sealed record Section(string Name, ReportTable Table, IReadOnlyDictionary<string, string>? Under = null);

    /// <summary>Header <c>section, columns…, provenance</c>; a table's column whose header (id, or its
    /// <see cref="Section.Under"/> name) is not among <paramref name="columns"/> is left out.</summary>
    public static void WriteSections(TextWriter w, IReadOnlyList<string> columns, IEnumerable<Section> sections)
    {
        w.WriteLine(string.Join(",", new[] { "section" }.Concat(columns).Append(ReportTable.ProvenanceColumn).Select(Quote)));
        var at = new Dictionary<string, int>();
        for (int i = 0; i < columns.Count; i++) at[columns[i]] = i;
        foreach (var s in sections)
        {
            var map = new int[s.Table.Columns.Count];
            for (int c = 0; c < map.Length; c++)
            {
                var id = s.Table.Columns[c].Id;
                if (s.Under is not null && s.Under.TryGetValue(id, out var under)) id = under;
                map[c] = at.TryGetValue(id, out var k) ? k : -1;
            }
            var provenance = s.Table.Provenance.Code();
            var cells = new string[columns.Count];
            foreach (var row in s.Table.Rows)
            {
                Array.Fill(cells, "");
                for (int c = 0; c < map.Length; c++) if (map[c] >= 0) cells[map[c]] = Cell(row[c]);
                w.WriteLine(string.Join(",", new[] { s.Name }.Concat(cells).Append(provenance).Select(Quote)));
            }
        }
    }
}
