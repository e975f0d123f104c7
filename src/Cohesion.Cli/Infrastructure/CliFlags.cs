using System.Text;
using Cohesion.Statistics;

namespace Cohesion.Cli;

/// <summary>
/// The CLI's names for the library's parameters: messages and notes of the statistics refer to a parameter by its
/// name (<see cref="ParameterText"/>), and the CLI shows the flag that sets it: <c>lonelyPsu</c> → <c>--lonely-psu</c>,
/// <c>random</c> → <c>--random</c>. A parameter whose flag is not its kebab-cased name is listed in <see cref="Exceptions"/>.
/// </summary>
public static class CliFlags
{
    /// <summary>Parameters whose flag is not <c>--</c> + the kebab-cased parameter name.</summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal);

    /// <summary>The flag for a library parameter, e.g. <c>--lonely-psu</c> for <c>lonelyPsu</c>.</summary>
    public static string Of(string parameter)
    {
        if (Exceptions.TryGetValue(parameter, out var flag)) return flag;
        var sb = new StringBuilder("--", parameter.Length + 4);
        foreach (var ch in parameter)
        {
            if (char.IsUpper(ch)) sb.Append('-').Append(char.ToLowerInvariant(ch));
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>A library text (message or note) as the CLI shows it: parameter references become flags.</summary>
    public static string Render(string text) => ParameterText.Render(text, Of);
}
