using System.Globalization;

namespace Cohesion.Presentation.Charts;

/// <summary>
/// Number formats of one output language, for chart labels, ticks and tooltips: Dutch output uses a decimal comma,
/// a thousands point and "mln"; English a decimal point, a thousands comma and "M". A chart takes one
/// <see cref="ChartFormat"/> and formats every number through it, so one language per output is natural.
/// </summary>
public sealed class ChartFormat
{
    private readonly CultureInfo _culture;

    private ChartFormat(string language, CultureInfo culture)
    {
        Language = language;
        _culture = culture;
    }

    public static readonly ChartFormat Dutch = new("nl", Create(",", "."));
    public static readonly ChartFormat English = new("en", Create(".", ","));

    /// <summary>"nl" (default for anything else) or "en".</summary>
    public static ChartFormat For(string? language) => language == "en" ? English : Dutch;

    public string Language { get; }
    public bool IsDutch => Language == "nl";

    /// <summary>The Dutch or English text.</summary>
    public string Text(string nl, string en) => IsDutch ? nl : en;

    /// <summary>A chart label: in the output's language, or "nl / en" for a figure file without one (<paramref name="format"/> null).</summary>
    public static string Label(ChartFormat? format, string nl, string en) => format is null ? (nl == en ? nl : $"{nl} / {en}") : format.Text(nl, en);

    /// <summary>A number with exactly <paramref name="decimals"/> decimals and thousands separators; "−" for minus.</summary>
    public string Number(double v, int decimals = 0) =>
        double.IsNaN(v) ? "—" : (Math.Abs(v) < 0.5 * Math.Pow(10, -decimals) ? 0 : v).ToString("N" + decimals, _culture).Replace("-", "−");

    /// <summary>A number without thousands separators ("2565,25" / "2565.25"), for statistics such as Q.</summary>
    public string Plain(double v, int decimals = 0) =>
        double.IsNaN(v) ? "—" : (Math.Abs(v) < 0.5 * Math.Pow(10, -decimals) ? 0 : v).ToString("F" + decimals, _culture).Replace("-", "−");

    /// <summary>A share in [0, 1] as a percentage with <paramref name="decimals"/> decimals ("56,5%" / "56.5%").</summary>
    public string Percent(double share, int decimals = 1) => double.IsNaN(share) ? "—" : Number(100 * share, decimals) + "%";

    /// <summary>A difference of shares in percentage points with a sign ("+1,2 pp").</summary>
    public string PercentagePoints(double difference, int decimals = 1) =>
        double.IsNaN(difference) ? "—" : (difference > 0 ? "+" : "") + Number(100 * difference, decimals) + (IsDutch ? " procentpunt" : " pp");

    /// <summary>A count: millions as "19,2 mln" / "19.2 M", thousands as "950 k" … or the number itself.</summary>
    public string Count(double v) =>
        double.IsNaN(v) ? "—"
        : Math.Abs(v) >= 1e6 ? Number(v / 1e6, Math.Abs(v) >= 1e7 ? 1 : 2) + (IsDutch ? " mln" : " M")
        : Math.Abs(v) >= 1e4 ? Number(v / 1e3, 0) + (IsDutch ? " dzd" : " k")
        : Number(v, 0);

    /// <summary>A p-value as the field reads it: "&lt; 0,001" below 0.001, else three decimals.</summary>
    public string PValue(double p) => double.IsNaN(p) ? "—" : p < 0.001 ? "< " + Number(0.001, 3) : Number(p, 3);

    private static CultureInfo Create(string decimalSeparator, string groupSeparator)
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = decimalSeparator;
        c.NumberFormat.NumberGroupSeparator = groupSeparator;
        return c;
    }
}
