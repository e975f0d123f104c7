using System.Text.RegularExpressions;

namespace Cohesion.Statistics;

/// <summary>
/// Messages and notes of the statistics refer to the library's parameters by name (<c>random</c>, <c>mods</c>,
/// <c>lonelyPsu</c>), never to a front end's flags: <see cref="Of"/> marks a reference, <see cref="Render"/> shows it
/// (as the plain name by default; the CLI passes a function that gives its flag, e.g. <c>--lonely-psu</c>).
/// </summary>
public static class ParameterText
{
    private const char Open = '\u27E6', Close = '\u27E7'; // ⟦name⟧
    private static readonly Regex Token = new("\u27E6([A-Za-z][A-Za-z0-9]*)\u27E7", RegexOptions.Compiled);

    /// <summary>A reference to the library parameter <paramref name="name"/> inside a message or note.</summary>
    public static string Of(string name) => $"{Open}{name}{Close}";

    /// <summary>The text with each parameter reference replaced by <paramref name="name"/>(parameter) (default: the name itself).</summary>
    public static string Render(string text, Func<string, string>? name = null) =>
        text.IndexOf(Open) < 0 ? text : Token.Replace(text, m => name?.Invoke(m.Groups[1].Value) ?? m.Groups[1].Value);

    /// <summary>The parameters a text refers to, in order of first appearance.</summary>
    public static IReadOnlyList<string> Names(string text) => Token.Matches(text).Select(m => m.Groups[1].Value).Distinct().ToArray();
}

/// <summary>
/// A user's mistake or a condition the user must fix (bad input, singular design, non-convergence).
/// Carries where it happened so the CLI can say "file F, column C, row R". Rows are 1-based data rows
/// (the header is not counted) unless the message says otherwise.
/// <para>
/// A message that refers to an argument of the library names it by its parameter name through
/// <see cref="Parameter"/> (e.g. <c>$"... ({CohesionException.Parameter("lonelyPsu")})"</c>); the statistics know no
/// command-line flags. <see cref="Message"/> shows the plain parameter name; a front end renders its own name for it
/// with <see cref="Describe(Func{string, string}?)"/> (the CLI turns <c>lonelyPsu</c> into <c>--lonely-psu</c>).
/// </para>
/// </summary>
public class CohesionException : Exception
{
    public CohesionException(string message, string? file = null, string? column = null, long? row = null, Exception? inner = null)
        : base(ParameterText.Render(message), inner)
    {
        Template = message;
        File = file;
        Column = column;
        Row = row;
    }

    public string? File { get; init; }
    public string? Column { get; init; }
    public long? Row { get; init; }

    /// <summary>The message with its parameter references unresolved (see <see cref="Parameter"/>).</summary>
    public string Template { get; }

    /// <summary>The library parameters the message refers to, in order of appearance (e.g. <c>random</c>, <c>mods</c>).</summary>
    public IReadOnlyList<string> Parameters => ParameterText.Names(Template);

    /// <summary>A reference to the library parameter <paramref name="name"/> for use inside a message; rendered as
    /// the plain name in <see cref="Message"/> and as a front end's own name (a flag) by <see cref="Describe(Func{string, string}?)"/>.</summary>
    public static string Parameter(string name) => ParameterText.Of(name);

    /// <summary>The message with its location, e.g. <c>data.csv, column 'weight', row 17: negative weight -2</c>;
    /// parameter references are rendered by <paramref name="parameterName"/> (default: the parameter's own name).</summary>
    public string Describe(Func<string, string>? parameterName = null)
    {
        var message = ParameterText.Render(Template, parameterName);
        var parts = new List<string>(3);
        if (File is not null) parts.Add(File);
        if (Column is not null) parts.Add($"column '{Column}'");
        if (Row is not null) parts.Add($"row {Row}");
        return parts.Count == 0 ? message : $"{string.Join(", ", parts)}: {message}";
    }

    /// <summary>Returns a copy that also names the file (used by layers that know the file).</summary>
    public CohesionException WithFile(string file) =>
        File is not null ? this : new CohesionException(Template, file, Column, Row, this);
}

/// <summary>An iterative fit that did not converge, or a model that cannot be estimated as specified.</summary>
public sealed class ModelException(string message, Exception? inner = null) : CohesionException(message, inner: inner);
