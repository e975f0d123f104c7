using System.Globalization;
using Cohesion.Reporting;

namespace Cohesion.Presentation;

/// <summary>
/// How a cell of the one table model reads in a given language — for the HTML report, the dashboard and the console
/// tables alike: a share in [0,1] as a percentage, a count with thousands separators, a p-value as the field reads
/// it ("&lt; 0,001", never 0,0000), a year without separators or decimals, a missing value as "—"; Dutch output with a
/// decimal comma.
/// </summary>
public static class TableText
{
    /// <param name="significant">Numbers with <see cref="ReportColumn.Decimals"/> significant digits instead of fixed
    /// decimals (the console, where one column holds values of very different sizes).</param>
    public static string Cell(object? cell, ReportColumn col, string lang, bool significant = false)
    {
        var ci = lang == "en" ? CultureInfo.InvariantCulture : Nl;
        return cell switch
        {
            null => "—",
            SuppressedCell => "✕",
            string s => s,
            bool b => b ? (lang == "en" ? "yes" : "ja") : "",
            IEnumerable<string> list => string.Join(", ", list),
            IEnumerable<int> list => string.Join(", ", list.Select(x => x.ToString(CultureInfo.InvariantCulture))),
            double d when double.IsNaN(d) => "—",
            double d when col.Kind is ColumnKind.Year or ColumnKind.Text => d.ToString("0.####", ci),
            double d => col.Kind switch
            {
                ColumnKind.Share => Fixed(100 * d, Math.Max(0, col.Decimals - 2), ci) + "%",
                ColumnKind.Count => Math.Round(d).ToString("N0", ci),
                ColumnKind.PValue => Charts.ChartFormat.For(lang).PValue(d),
                _ when significant => double.IsInfinity(d) ? (d > 0 ? "Inf" : "-Inf") : d.ToString("G" + Math.Max(1, col.Decimals), ci),
                _ => Fixed(d, col.Decimals, ci)
            },
            int i when col.Kind is ColumnKind.Year or ColumnKind.Text => i.ToString(CultureInfo.InvariantCulture),
            int i => i.ToString("N0", ci),
            long l => l.ToString("N0", ci),
            _ => cell.ToString() ?? ""
        };
    }

    /// <summary>Fixed decimals; a value that rounds to zero prints as "0" (not "0,0000" or "-0,0000").</summary>
    private static string Fixed(double v, int decimals, CultureInfo ci) =>
        Math.Round(v, decimals) == 0 ? "0" : v.ToString("F" + decimals, ci);

    /// <summary>Dutch number format: decimal comma, thousands point.</summary>
    public static readonly CultureInfo Nl = CreateNl();

    private static CultureInfo CreateNl()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        return c;
    }
}
