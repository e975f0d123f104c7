using Cohesion.Reporting;

namespace Cohesion.Presentation.Tables;

/// <summary>The column kinds the table converters declare (<c>using static</c>): a label in Dutch and English, the
/// kind that decides formatting, and how the column appears in JSON.</summary>
public static class Columns
{
    public static ReportColumn Text(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Text);
    public static ReportColumn Num(string id, string nl, string en, int decimals = 4) => new(id, (nl, en), ColumnKind.Number, decimals);
    public static ReportColumn Share(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Share, 4);
    public static ReportColumn Count(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Count);
    public static ReportColumn Year(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Year);
    public static ReportColumn P(string id = "p") => new(id, ("p", "p"), ColumnKind.PValue, 3);
    /// <summary>A yes/no column (JSON boolean).</summary>
    public static ReportColumn Flag(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Text);
    /// <summary>Left out of a JSON row where its cell is null (or false).</summary>
    public static ReportColumn Optional(ReportColumn c) => c with { Json = ColumnJson.WhenPresent };
    /// <summary>Kept for views, CSV and HTML, never in the table's own JSON.</summary>
    public static ReportColumn Hidden(ReportColumn c) => c with { Json = ColumnJson.Never };
}
