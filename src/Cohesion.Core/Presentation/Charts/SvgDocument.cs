using System.Globalization;
using System.Text;

namespace Cohesion.Presentation.Charts;

/// <summary>The root of an SVG document: its size and the attributes every chart of the project shares.</summary>
public sealed record SvgRoot(double Width, double Height)
{
    /// <summary>Accessible name: <c>role="img"</c> and <c>aria-label</c> on the root (null = none).</summary>
    public string? Label { get; init; }
    /// <summary>Default font size for the document's text (null = the renderer's default).</summary>
    public double? FontSize { get; init; }
    /// <summary>The data's provenance code (real / synthetic / derived) as <c>data-provenance</c> on the root (null = none).</summary>
    public string? Provenance { get; init; }
}

/// <summary>
/// The one SVG writer of the project: every chart, plot and map (report, dashboard, figure files) opens and closes
/// its document here, escapes its text with <see cref="Escape"/> and formats coordinates with <see cref="Num"/>.
/// One font stack (DejaVu Sans first, so PNG output through Skia has the same metrics everywhere).
/// </summary>
public static class SvgDocument
{
    public const string Namespace = "http://www.w3.org/2000/svg";
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Text and attribute values: &amp;, &lt;, &gt; and &quot; escaped (values are always double-quoted).</summary>
    public static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny("&<>\"") < 0) return s;
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", _ => c.ToString() });
        return sb.ToString();
    }

    /// <summary>A coordinate or length: invariant, at most two decimals.</summary>
    public static string Num(double v) => v.ToString("0.##", Inv);

    /// <summary>A coordinate in dense paths (maps): invariant, at most one decimal.</summary>
    public static string Num1(double v) => v.ToString("0.#", Inv);

    /// <summary>The opening tag of a document.</summary>
    public static string Open(SvgRoot root)
    {
        var sb = new StringBuilder(200);
        sb.Append("<svg xmlns=\"").Append(Namespace).Append("\" width=\"").Append(Num(root.Width)).Append("\" height=\"").Append(Num(root.Height))
          .Append("\" viewBox=\"0 0 ").Append(Num(root.Width)).Append(' ').Append(Num(root.Height)).Append('"');
        if (root.Label is not null) sb.Append(" role=\"img\" aria-label=\"").Append(Escape(root.Label)).Append('"');
        sb.Append(" font-family=\"").Append(FontFamily).Append('"');
        if (root.Provenance is not null) sb.Append(" data-provenance=\"").Append(Escape(root.Provenance)).Append('"');
        if (root.FontSize is { } fs) sb.Append(" font-size=\"").Append(Num(fs)).Append('"');
        sb.Append(">\n");
        return sb.ToString();
    }

    public const string Close = "</svg>\n";

    /// <summary>Starts a document in a string builder (opening tag written).</summary>
    public static StringBuilder Begin(SvgRoot root) => new StringBuilder(4096).Append(Open(root));

    /// <summary>Closes a document started with <see cref="Begin"/> and returns its text.</summary>
    public static string End(StringBuilder sb) => sb.Append(Close).ToString();

    /// <summary>The width attribute of a document's root element (null when it has none).</summary>
    public static double? Width(string svg)
    {
        var m = System.Text.RegularExpressions.Regex.Match(svg, "<svg\\b[^>]*?\\swidth=\"([0-9.]+)\"");
        return m.Success && double.TryParse(m.Groups[1].Value, NumberStyles.Float, Inv, out var w) ? w : null;
    }

    /// <summary>The document without anything before its root element (an XML declaration, a BOM), for inline use in HTML.</summary>
    public static string Inline(string svg)
    {
        var i = svg.IndexOf("<svg", StringComparison.Ordinal);
        return i > 0 ? svg[i..] : svg;
    }
}
