using System.Globalization;
using Cohesion.IO;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Writes result tables, whole or not at all: CSV (RFC 4180, invariant numbers in round-trip form, <c>NA</c>
/// for missing — what R's <c>read.csv</c> expects), Parquet (<see cref="ParquetFile"/>), or a catalogue table
/// (<see cref="Catalogue.Store"/>). <see cref="FromColumns"/> builds a frame from named arrays.
/// </summary>
public static class TableWriter
{
    /// <summary>Writes by extension: <c>.parquet</c>/<c>.pq</c> as Parquet, anything else as CSV.</summary>
    public static void Write(DataFrame frame, string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".parquet" or ".pq") WriteParquet(frame, path);
        else WriteCsv(frame, path);
    }

    public static void WriteParquet(DataFrame frame, string path) => ParquetFile.Write(frame, path);

    /// <summary>CSV to a file, atomically. <paramref name="useLabels"/> writes a categorical column's level
    /// labels (e.g. SPSS value labels) instead of its level codes.</summary>
    public static void WriteCsv(DataFrame frame, string path, bool useLabels = false, string missing = "NA") =>
        AtomicFile.WriteText(path, w => WriteCsv(frame, w, useLabels, missing));

    public static void WriteCsv(DataFrame frame, TextWriter w, bool useLabels = false, string missing = "NA")
    {
        var cols = frame.Columns;
        for (int j = 0; j < cols.Count; j++)
        {
            if (j > 0) w.Write(',');
            w.Write(Quote(cols[j].Name));
        }
        w.Write('\n');
        var quotedLevels = new string[]?[cols.Count];
        for (int j = 0; j < cols.Count; j++)
            if (cols[j] is CategoricalColumn c)
            {
                var text = new string[c.LevelCount];
                for (int l = 0; l < text.Length; l++) text[l] = Quote(useLabels ? c.LabelOf(l) : c.Levels[l]);
                quotedLevels[j] = text;
            }
        Span<char> buf = stackalloc char[32];
        for (int i = 0; i < frame.RowCount; i++)
        {
            for (int j = 0; j < cols.Count; j++)
            {
                if (j > 0) w.Write(',');
                switch (cols[j])
                {
                    case NumericColumn n:
                    {
                        double v = n.Values[i];
                        if (double.IsNaN(v)) w.Write(missing);
                        else if (v.TryFormat(buf, out int len, "R", CultureInfo.InvariantCulture)) w.Write(buf[..len]);
                        else w.Write(v.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    }
                    case CategoricalColumn c:
                    {
                        int code = c.Codes[i];
                        w.Write(code < 0 ? missing : quotedLevels[j]![code]);
                        break;
                    }
                    default:
                        w.Write(cols[j].IsMissing(i) ? missing : Quote(cols[j].Format(i)));
                        break;
                }
            }
            w.Write('\n');
        }
    }

    /// <summary>Stores the frame in the catalogue (default, or <paramref name="catalogueDatabase"/>) as
    /// <paramref name="name"/>, replacing a data set of that name.</summary>
    public static CatalogueEntry WriteCatalogue(DataFrame frame, string name, string source, string? catalogueDatabase = null) =>
        new Catalogue(catalogueDatabase).Store(name, frame, source, replace: true);

    /// <summary>A frame from named arrays: <c>double[]</c> → numeric (NaN missing), <c>int[]</c> → numeric,
    /// <c>string?[]</c> → categorical (null/empty missing; levels in order of first appearance).</summary>
    public static DataFrame FromColumns(params (string Name, Array Values)[] columns)
    {
        var cols = new List<Column>(columns.Length);
        foreach (var (name, values) in columns)
        {
            cols.Add(values switch
            {
                double[] d => new NumericColumn(name, d),
                int[] ints => new NumericColumn(name, Array.ConvertAll(ints, x => (double)x)),
                long[] longs => new NumericColumn(name, Array.ConvertAll(longs, x => (double)x)),
                string?[] s => CategoricalColumn.FromStrings(name, s, s.Where(x => !string.IsNullOrEmpty(x)).Distinct(StringComparer.Ordinal).ToArray()!),
                _ => throw new ArgumentException($"column '{name}': unsupported array type {values.GetType().Name}")
            });
        }
        return new DataFrame(cols);
    }

    internal static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 || s.Length == 0 || s == "NA" ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
