using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cohesion.Presentation;
using Cohesion.Reporting;
using Spectre.Console;

namespace Cohesion.Cli;

/// <summary>Renders a rectangular result as a console table or CSV; JSON is written by each verb with
/// <see cref="Json"/> so field names follow the verb's contract exactly.</summary>
public static class TabularOutput
{
    public static void WriteTable(CliContext ctx, TextWriter target, string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        if (ctx.PlainWidth is int width)
        {
            var materialised = rows as IReadOnlyList<IReadOnlyList<string>> ?? rows.ToList();
            if (ConsoleTable.TryWrite(target, ReferenceEquals(target, ctx.Out) ? width : 200, title, headers, materialised, caption)) return;
            rows = materialised;
        }
        var table = new Table { Border = TableBorder.Rounded };
        if (title is not null) table.Title = new TableTitle(Markup.Escape(title));
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var r in rows) table.AddRow(r.Select(c => Markup.Escape(c)).ToArray());
        if (caption is not null) table.Caption = new TableTitle(Markup.Escape(caption));
        if (ReferenceEquals(target, ctx.Out)) ctx.Console.Write(table);
        else
        {
            var console = CliContext.ForWriters(target, TextWriter.Null).Console;
            console.Write(table);
        }
    }

    /// <summary>The console rendering of the one table model: the bilingual title with the table's provenance, English
    /// headers, cells as <see cref="TableText"/> reads them in English (numbers with significant digits).</summary>
    public static void WriteTable(CliContext ctx, TextWriter target, ReportTable table, string? caption = null)
    {
        var shown = Enumerable.Range(0, table.Columns.Count).Where(j => table.Columns[j].OnConsole).ToArray();
        WriteTable(ctx, target, $"{table.Title.Nl} / {table.Title.En} ({table.Provenance.Code().ToUpperInvariant()})",
            shown.Select(j => table.Columns[j].Header.En).ToList(),
            table.Rows.Select(r => (IReadOnlyList<string>)shown.Select(j => TableText.Cell(r[j], table.Columns[j], "en", significant: true)).ToList()), caption);
    }

    /// <summary>The console rendering of a model fit's table as R prints it: the given headers over the table's
    /// columns, every number with the column's <see cref="ReportColumn.Decimals"/> significant digits, a missing cell blank.</summary>
    public static void WriteFitTable(CliContext ctx, TextWriter target, string title, IReadOnlyList<string> headers, ReportTable table, string? caption = null) =>
        WriteTable(ctx, target, title, headers, table.Rows.Select(r => (IReadOnlyList<string>)r.Select((c, k) => c switch
        {
            null => "",
            double d => Fmt(d, table.Columns[k].Decimals),
            _ => TableText.Cell(c, table.Columns[k], "en"),
        }).ToList()), caption);

    /// <summary>A table as CSV under its column ids (cells as <see cref="TableCsv.Cell"/> writes them).</summary>
    public static void WriteCsv(TextWriter w, ReportTable table) =>
        WriteCsv(w, table.Columns.Select(c => c.Id).ToList(), table.Rows.Select(r => (IReadOnlyList<string>)r.Select(TableCsv.Cell).ToList()));

    public static void WriteCsv(TextWriter w, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        w.WriteLine(string.Join(",", headers.Select(Quote)));
        foreach (var r in rows) w.WriteLine(string.Join(",", r.Select(Quote)));
    }

    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Invariant, round-trip formatting for CSV; empty for NaN.</summary>
    public static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Human formatting for tables.</summary>
    public static string Fmt(double v, int digits = 4) =>
        double.IsNaN(v) ? "—" : double.IsPositiveInfinity(v) ? "Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("G" + digits, CultureInfo.InvariantCulture);
}
