namespace Cohesion.Reporting;

/// <summary>A text in Dutch and English.</summary>
public sealed record Localized(string Nl, string En)
{
    public string Get(string lang) => lang == "en" ? En : Nl;
    public static implicit operator Localized((string nl, string en) t) => new(t.nl, t.en);
}

public enum ColumnKind { Text, Number, Share, Count, PValue, Year }

/// <summary>A column of a report table. <see cref="Kind"/> decides formatting: a share in [0,1] prints as a
/// percentage, a count with thousands separators, a p-value as the field reads it ("&lt; 0,001", never 0,0000).</summary>
public sealed record ReportColumn(string Id, Localized Header, ColumnKind Kind = ColumnKind.Number, int Decimals = 3)
{
    /// <summary>How the column appears in JSON (see <see cref="Presentation.TableJson"/>).</summary>
    public ColumnJson Json { get; init; } = ColumnJson.Always;
    /// <summary>The field name in JSON where a contract names the field otherwise than the column id (a view's own
    /// naming, or a row's own <c>provenance</c>, which no column id may take).</summary>
    public string? JsonName { get; init; }
    public string JsonKey => JsonName ?? Id;
    /// <summary>False for long texts (sources, URLs) that the console table leaves out; CSV, JSON and HTML keep them.</summary>
    public bool OnConsole { get; init; } = true;
}

/// <summary>A column in JSON: always; only where the cell is not null or false (optional fields, flags such as
/// <c>"suppressed": true</c>); or never (a column kept for the CSV and HTML tables only, e.g. a source).</summary>
public enum ColumnJson { Always, WhenPresent, Never }

/// <summary>Marks a cell withheld by disclosure control.</summary>
public sealed class SuppressedCell
{
    public static readonly SuppressedCell Instance = new();
    private SuppressedCell() { }
    public override string ToString() => "suppressed";
}

/// <summary>
/// A table of the report: written into the HTML and exported as CSV and Parquet under its <see cref="Id"/>.
/// Cells hold <c>string</c>, <c>double</c>, <c>int</c>/<c>long</c>, <c>null</c> (missing) or
/// <see cref="SuppressedCell"/> (withheld by disclosure control).
/// Every table has one <see cref="Provenance"/>, given when it is made: all its rows are real, synthetic or derived
/// (real and synthetic rows never share a table), the HTML shows it as a badge and the CSV/Parquet carry it as the
/// <c>provenance</c> column of every row.
/// </summary>
public sealed class ReportTable
{
    /// <summary>The column every export adds (a table's own columns may not use the name).</summary>
    public const string ProvenanceColumn = "provenance";

    public ReportTable(string id, Localized title, Provenance provenance, IReadOnlyList<ReportColumn> columns)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9_\\-]+$")) throw new ArgumentException($"bad table id '{id}'");
        if (columns.Any(c => c.Id is ProvenanceColumn)) throw new ArgumentException($"table {id}: the column name '{ProvenanceColumn}' is added by the export");
        Id = id;
        Title = title;
        Provenance = provenance;
        Columns = columns;
    }

    public string Id { get; }
    public Localized Title { get; }
    public IReadOnlyList<ReportColumn> Columns { get; }
    public List<object?[]> Rows { get; } = new();
    /// <summary>Where the numbers come from (a verb and its arguments, a file), shown under the table.</summary>
    public Localized? Source { get; init; }
    /// <summary>Where every row of the table comes from.</summary>
    public Provenance Provenance { get; }
    /// <summary>True if the table rests on synthetic data (it is then labelled so).</summary>
    public bool Synthetic => Provenance == Provenance.Synthetic;
    public Localized? Note { get; init; }
    /// <summary>Long tables are folded away in the HTML (still exported whole).</summary>
    public bool Collapsed { get; init; }

    public ReportTable Add(params object?[] cells)
    {
        if (cells.Any(c => c is SuppressedCell) && Columns.Any(c => c.Id == "suppressed"))
            throw new ArgumentException($"table {Id}: a table with its own 'suppressed' column cannot hold suppressed cells (the export adds that column)");
        if (cells.Length != Columns.Count) throw new ArgumentException($"table {Id}: {cells.Length} cells for {Columns.Count} columns");
        Rows.Add(cells);
        return this;
    }

    public ReportTable AddRows(IEnumerable<object?[]> rows)
    {
        foreach (var r in rows) Add(r);
        return this;
    }

    /// <summary>A view of some of this table's columns under another id and title: each of <paramref name="columns"/>
    /// names a column of this table by its id and gives its presentation (header, kind, decimals) there. The rows are
    /// this table's (one converter computes the values; several outputs show them).</summary>
    public ReportTable Select(string id, Localized title, IReadOnlyList<ReportColumn> columns, Localized? source = null, Localized? note = null)
    {
        var at = columns.Select(c => Columns.Select(x => x.Id).ToList().IndexOf(c.Id) is var k and >= 0 ? k
            : throw new ArgumentException($"table {Id} has no column '{c.Id}'")).ToArray();
        var view = new ReportTable(id, title, Provenance, columns) { Source = source ?? Source, Note = note ?? Note, Collapsed = Collapsed };
        foreach (var r in Rows) view.Rows.Add(at.Select(k => r[k]).ToArray());
        return view;
    }

    public int SuppressedCount => Rows.Sum(r => r.Count(c => c is SuppressedCell));
}

public abstract record ReportBlock;
public sealed record ParagraphBlock(Localized Text) : ReportBlock;
public sealed record TableBlock(ReportTable Table) : ReportBlock;
/// <summary>An inline SVG figure with the provenance of what it shows (a visible badge in its caption);
/// <see cref="TableId"/> names the table that holds its numbers (its text alternative).</summary>
public sealed record FigureBlock(Localized Caption, string Svg, Provenance Provenance, string? TableId = null) : ReportBlock;
public sealed record SyntheticNoticeBlock(Localized Text) : ReportBlock;
/// <summary>A notice saying that what follows rests on real data (or is derived from it), with its source.</summary>
public sealed record ProvenanceNoticeBlock(Provenance Provenance, Localized Text) : ReportBlock;
/// <summary>A Markdown document rendered into the section (data/SOURCES.md in the sources section).</summary>
public sealed record MarkdownBlock(string Markdown) : ReportBlock;
/// <summary>One generated sentence of the key findings: the section it summarises (and links to), the provenance of
/// what it rests on, its text in both languages and the numbers it states (as computed, before formatting).</summary>
public sealed record KeyFinding(string SectionId, Provenance Provenance, Localized Text, IReadOnlyList<double> Values);
/// <summary>The key findings as a list: each sentence links to its section and carries its provenance badge.</summary>
public sealed record FindingsBlock(IReadOnlyList<KeyFinding> Findings) : ReportBlock;

public sealed class ReportSection(string id, Localized title)
{
    public string Id { get; } = id;
    public Localized Title { get; } = title;
    public List<ReportBlock> Blocks { get; } = new();
    public ReportSection Paragraph(string nl, string en) { Blocks.Add(new ParagraphBlock(new(nl, en))); return this; }
    public ReportSection Table(ReportTable t) { Blocks.Add(new TableBlock(t)); return this; }
    public ReportSection Figure(Localized caption, string svg, Provenance provenance, string? tableId = null) { Blocks.Add(new FigureBlock(caption, svg, provenance, tableId)); return this; }
    public ReportSection Synthetic(string nl, string en) { Blocks.Add(new SyntheticNoticeBlock(new(nl, en))); return this; }
    public ReportSection Notice(Provenance provenance, string nl, string en)
    {
        Blocks.Add(provenance == Provenance.Synthetic ? new SyntheticNoticeBlock(new(nl, en)) : new ProvenanceNoticeBlock(provenance, new(nl, en)));
        return this;
    }
    public ReportSection Markdown(string markdown) { Blocks.Add(new MarkdownBlock(markdown)); return this; }
}

public sealed class Report
{
    public required Localized Title { get; init; }
    public required RunManifest Manifest { get; init; }
    public List<ReportSection> Sections { get; } = new();
    /// <summary>The stages' results, typed, for later stages and for callers that print a summary.</summary>
    public ReportResults Results { get; } = new();
    public IEnumerable<ReportTable> Tables => Sections.SelectMany(s => s.Blocks.OfType<TableBlock>().Select(b => b.Table));

    /// <summary>Every figure with the name of its file in the report folder (<c>figures/SECTION-N.svg</c>, numbered
    /// through the report), the name the HTML's downloads use.</summary>
    public IReadOnlyList<(FigureBlock Figure, string Name)> Figures()
    {
        var list = new List<(FigureBlock, string)>();
        foreach (var s in Sections)
            foreach (var f in s.Blocks.OfType<FigureBlock>())
                list.Add((f, $"{s.Id}-{list.Count + 1}"));
        return list;
    }
}
