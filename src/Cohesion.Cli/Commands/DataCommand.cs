using System.CommandLine;
using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics.Data;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion data import|list|show|drop</c>: the data-set catalogue (embedded DuckDB).</summary>
public static class DataCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("data",
            "Manage the data-set catalogue (embedded DuckDB at $COHESION_HOME/cohesion.duckdb, default ~/.cohesion/cohesion.duckdb).\n" +
            "Beheer de catalogus van datasets.\n" +
            "Example: cohesion data import survey.sav --name ssw2022");
        cmd.Subcommands.Add(Import(ctx));
        cmd.Subcommands.Add(List(ctx));
        cmd.Subcommands.Add(Show(ctx));
        cmd.Subcommands.Add(Drop(ctx));
        return cmd;
    }

    private static Option<string?> Db() => new("--db") { Description = "Catalogue database file (default $COHESION_HOME/cohesion.duckdb or ~/.cohesion/cohesion.duckdb)" };

    private static Command Import(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "CSV/TXT, Parquet, SPSS .sav/.zsav, Stata .dta or Excel .xlsx (file.xlsx#Sheet for a sheet)" };
        var name = new Option<string?>("--name") { Description = "Name to refer to the data set by (letters, digits, _ and -; default: the file name without extension)" };
        var replace = new Option<bool>("--replace") { Description = "Replace a data set of the same name" };
        var db = Db();
        var cmd = new Command("import",
            "Read a data file and store it in the catalogue under a name; afterwards --data NAME works in every verb.\n" +
            "The import is atomic: a file that cannot be read leaves the catalogue unchanged.\n" +
            "Example: cohesion data import data/real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv --name kwb2019")
        { file, name, replace, db };
        cmd.SetAction(r =>
        {
            var catalogue = new Catalogue(r.GetValue(db));
            var path = r.GetValue(file)!;
            var e = catalogue.Import(path, r.GetValue(name) ?? Catalogue.NameFromFile(path), r.GetValue(replace));
            ctx.Out.WriteLine($"imported '{e.Name}': {e.Rows:N0} rows × {e.Columns} columns from {e.Source}");
            ctx.Out.WriteLine($"sha256 {e.SourceHash}; catalogue {catalogue.DatabasePath}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var db = Db();
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        var cmd = new Command("list", "List the data sets in the catalogue: name, rows, columns, source file, source hash, imported at.\nExample: cohesion data list --format json")
        { db, format, output };
        cmd.SetAction(r =>
        {
            var catalogue = new Catalogue(r.GetValue(db));
            var entries = catalogue.List();
            var headers = new[] { "name", "rows", "columns", "source", "source_hash", "imported_at" };
            var rows = entries.Select(e => (IReadOnlyList<string>)new[]
            {
                e.Name, e.Rows.ToString(CultureInfo.InvariantCulture), e.Columns.ToString(CultureInfo.InvariantCulture), e.Source, e.SourceHash,
                e.ImportedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            }).ToList();
            Emit(ctx, r.GetValue(output), r.GetValue(format), headers, rows,
                j =>
                {
                    j.WriteStartObject();
                    j.WriteString("catalogue", catalogue.DatabasePath);
                    j.WriteStartArray("datasets");
                    foreach (var e in entries)
                    {
                        j.WriteStartObject();
                        j.WriteString("name", e.Name);
                        j.WriteNumber("rows", e.Rows);
                        j.WriteNumber("columns", e.Columns);
                        j.WriteString("source", e.Source);
                        j.WriteString("source_hash", e.SourceHash);
                        j.WriteString("imported_at", e.ImportedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.WriteEndObject();
                },
                w =>
                {
                    if (entries.Count == 0) w.WriteLine($"the catalogue {catalogue.DatabasePath} holds no data sets (add one with 'cohesion data import FILE --name NAME')");
                    else TabularOutput.WriteTable(ctx, w, "Data sets / Datasets", headers,
                        rows.Select(x => (IReadOnlyList<string>)x.Select((c, i) => i == 4 ? Clip(c, 13) : c).ToArray()), catalogue.DatabasePath);
                });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Show(CliContext ctx)
    {
        var name = new Argument<string>("NAME") { Description = "Catalogue name or data file" };
        var db = Db();
        var head = new Option<int>("--head") { Description = "Also print the first N rows", DefaultValueFactory = _ => 0 };
        head.Validators.Add(v =>
        {
            if (v.GetValueOrDefault<int>() < 0) v.AddError($"--head must be 0 or more, not {v.GetValueOrDefault<int>()}");
        });
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        var cmd = new Command("show",
            "Describe a data set (catalogue name or file): each column's type, missing count, label and value labels or levels.\n" +
            "Example: cohesion data show kwb2019 --head 5")
        { name, db, head, format, output };
        cmd.SetAction(r =>
        {
            var frame = DatasetLoader.Load(r.GetValue(name)!, r.GetValue(db));
            var headers = new[] { "column", "type", "n", "missing", "label", "values" };
            var rows = frame.Columns.Select(c => (IReadOnlyList<string>)Describe(c)).ToList();
            int nHead = Math.Max(0, Math.Min(r.GetValue(head), frame.RowCount));
            Emit(ctx, r.GetValue(output), r.GetValue(format), headers, rows,
                j =>
                {
                    j.WriteStartObject();
                    j.WriteString("source", frame.Source);
                    j.WriteNumber("rows", frame.RowCount);
                    j.WriteStartArray("columns");
                    foreach (var row in rows)
                    {
                        j.WriteStartObject();
                        j.WriteString("name", row[0]);
                        j.WriteString("type", row[1]);
                        j.WriteNumber("n", int.Parse(row[2], CultureInfo.InvariantCulture));
                        j.WriteNumber("missing", int.Parse(row[3], CultureInfo.InvariantCulture));
                        if (row[4].Length > 0) j.WriteString("label", row[4]); else j.WriteNull("label");
                        j.WriteString("values", row[5]);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.WriteEndObject();
                },
                w =>
                {
                    TabularOutput.WriteTable(ctx, w, $"{frame.Source}: {frame.RowCount:N0} rows × {frame.Columns.Count} columns", headers,
                        rows.Select(x => (IReadOnlyList<string>)x.Select(c => Clip(c, 80)).ToArray()));
                    if (nHead > 0)
                    {
                        var cols = frame.Columns.Take(8).ToList();
                        var data = Enumerable.Range(0, nHead).Select(i => (IReadOnlyList<string>)cols.Select(c => Clip(c.Format(i), 40)).ToArray());
                        TabularOutput.WriteTable(ctx, w, $"first {nHead} rows", cols.Select(c => c.Name).ToArray(), data,
                            frame.Columns.Count > 8 ? $"(first 8 of {frame.Columns.Count} columns)" : null);
                    }
                });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Writes a result as JSON, CSV or a console table to stdout or <c>--out</c> (atomically).</summary>
    private static void Emit(CliContext ctx, string? outPath, OutputFormat format, string[] headers, List<IReadOnlyList<string>> rows,
        Action<System.Text.Json.Utf8JsonWriter> json, Action<TextWriter> table) =>
        OutputSink.Write(ctx, outPath, w =>
        {
            switch (format)
            {
                case OutputFormat.Json: Json.Write(w, json); break;
                case OutputFormat.Csv: TabularOutput.WriteCsv(w, headers, rows); break;
                default: table(w); break;
            }
        });

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string[] Describe(Column c)
    {
        int missing = c.MissingCount();
        string type, label = "", values;
        switch (c)
        {
            case NumericColumn n:
                type = n.ValueLabels is { Count: > 0 } ? "numeric (labelled)" : "numeric";
                label = n.Label ?? "";
                if (n.ValueLabels is { Count: > 0 })
                    values = string.Join("; ", n.ValueLabels.OrderBy(kv => kv.Key).Take(12).Select(kv => $"{kv.Key.ToString("R", CultureInfo.InvariantCulture)}={kv.Value}"))
                             + (n.ValueLabels.Count > 12 ? "; …" : "");
                else
                {
                    double min = double.PositiveInfinity, max = double.NegativeInfinity;
                    foreach (var v in n.Values) if (!double.IsNaN(v)) { if (v < min) min = v; if (v > max) max = v; }
                    values = missing == c.Length ? "" : $"{TabularOutput.Fmt(min, 6)} … {TabularOutput.Fmt(max, 6)}";
                }
                break;
            case CategoricalColumn k:
                type = $"categorical ({k.LevelCount} levels)";
                values = string.Join("; ", Enumerable.Range(0, Math.Min(k.LevelCount, 8)).Select(l => k.Labels is null ? k.Levels[l] : $"{k.Levels[l]}={k.Labels[l]}"))
                         + (k.LevelCount > 8 ? "; …" : "");
                break;
            default:
                type = c.GetType().Name;
                values = "";
                break;
        }
        return [c.Name, type, (c.Length - missing).ToString(CultureInfo.InvariantCulture), missing.ToString(CultureInfo.InvariantCulture), label, values];
    }

    private static Command Drop(CliContext ctx)
    {
        var name = new Argument<string>("NAME") { Description = "Catalogue name" };
        var db = Db();
        var cmd = new Command("drop", "Remove a data set from the catalogue.\nExample: cohesion data drop kwb2019") { name, db };
        cmd.SetAction(r =>
        {
            var catalogue = new Catalogue(r.GetValue(db));
            var n = r.GetValue(name)!;
            if (!catalogue.Drop(n)) throw new Cohesion.Statistics.CohesionException($"no data set named '{n}' in the catalogue {catalogue.DatabasePath}", n);
            ctx.Out.WriteLine($"dropped '{n}'");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
