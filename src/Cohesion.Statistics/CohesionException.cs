namespace Cohesion.Statistics;

/// <summary>
/// A user's mistake or a condition the user must fix (bad input, singular design, non-convergence).
/// Carries where it happened so the CLI can say "file F, column C, row R". Rows are 1-based data rows
/// (the header is not counted) unless the message says otherwise.
/// </summary>
public class CohesionException : Exception
{
    public CohesionException(string message, string? file = null, string? column = null, long? row = null, Exception? inner = null)
        : base(message, inner)
    {
        File = file;
        Column = column;
        Row = row;
    }

    public string? File { get; init; }
    public string? Column { get; init; }
    public long? Row { get; init; }

    /// <summary>The message with its location, e.g. <c>data.csv, column 'weight', row 17: negative weight -2</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (File is not null) parts.Add(File);
        if (Column is not null) parts.Add($"column '{Column}'");
        if (Row is not null) parts.Add($"row {Row}");
        return parts.Count == 0 ? Message : $"{string.Join(", ", parts)}: {Message}";
    }

    /// <summary>Returns a copy that also names the file (used by layers that know the file).</summary>
    public CohesionException WithFile(string file) =>
        File is not null ? this : new CohesionException(Message, file, Column, Row, this);
}

/// <summary>An iterative fit that did not converge, or a model that cannot be estimated as specified.</summary>
public sealed class ModelException(string message, Exception? inner = null) : CohesionException(message, inner: inner);
