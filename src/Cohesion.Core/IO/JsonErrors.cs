using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cohesion.IO;

/// <summary>
/// Turns System.Text.Json's messages ("The JSON value could not be converted to System.Int32. Path: $.simulation.reps |
/// LineNumber: 2 | BytePositionInLine: 22.") into what a user of a config file needs: the line and column (1-based),
/// the field, and what was expected, in words rather than .NET type names.
/// </summary>
public static partial class JsonErrors
{
    public static string Describe(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $"line {line + 1}" + (ex.BytePositionInLine is { } col ? $", column {col + 1}" : "") : null;
        var field = FieldOf(ex.Path);
        string what;
        var m = ex.Message;
        if (UnknownProperty().Match(m) is { Success: true } u)
            what = $"unknown field '{u.Groups[1].Value}'" + (field is null ? "" : $" in '{Parent(field)}'") +
                   (AllowedFields(u.Groups[2].Value) is { Length: > 0 } allowed ? $" (allowed: {allowed})" : "");
        else if (ConvertTo().Match(m) is { Success: true } c)
            what = (field is null ? "" : $"{field}: ") + $"expected {Expected(c.Groups[1].Value)}";
        else
        {
            // a syntax error: keep the parser's first sentence, without the location suffix
            var first = m.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
            what = (field is null ? "" : $"{field}: ") + first.TrimEnd('.');
        }
        return where is null ? what : $"{where}: {what}";
    }

    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return p.Length == 0 ? null : p;
    }

    private static string Parent(string field)
    {
        int dot = field.LastIndexOf('.');
        return dot < 0 ? "(top level)" : field[..dot];
    }

    private static string Expected(string dotnetType)
    {
        var t = dotnetType.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? dotnetType["System.Nullable`1[".Length..^1] : dotnetType;
        return t switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.String" => "text (in double quotes)",
            _ when t.EndsWith("[]", StringComparison.Ordinal) || t.Contains("List`1", StringComparison.Ordinal) =>
                t.Contains("String", StringComparison.Ordinal) ? "a list of text values, e.g. [\"a\", \"b\"]" : "a list",
            _ => "an object { ... }"
        };
    }

    /// <summary>The snake_case property names of the .NET type named in an unknown-property message, when it can be found.</summary>
    private static string AllowedFields(string typeName)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is null) return "";
        return string.Join(", ", type.GetProperties().Where(p => p.CanWrite || p.SetMethod is not null)
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)));
    }

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '([^']*)'")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"could not be converted to ([^ ]+?)\.(?: |$)")]
    private static partial Regex ConvertTo();
}
