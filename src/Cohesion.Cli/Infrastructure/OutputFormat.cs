using System.CommandLine;

namespace Cohesion.Cli;

public enum OutputFormat { Table, Json, Csv }

/// <summary>The options every verb shares: <c>--format</c> and <c>--out</c>.</summary>
public static class CommonOptions
{
    public static Option<OutputFormat> Format(params OutputFormat[] allowed)
    {
        allowed = allowed.Length == 0 ? [OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv] : allowed;
        var o = new Option<OutputFormat>("--format")
        {
            Description = $"Output format: {string.Join("|", allowed.Select(a => a.ToString().ToLowerInvariant()))}",
            DefaultValueFactory = _ => OutputFormat.Table,
            CustomParser = r =>
            {
                var t = r.Tokens.Count > 0 ? r.Tokens[0].Value : "table";
                if (Enum.TryParse<OutputFormat>(t, ignoreCase: true, out var f) && allowed.Contains(f)) return f;
                r.AddError($"--format must be one of {string.Join(", ", allowed.Select(a => a.ToString().ToLowerInvariant()))}, not '{t}'");
                return OutputFormat.Table;
            }
        };
        return o;
    }

    public static Option<string?> Out() => OutputFile("--out", "Write the output to this file (written whole or not at all)");

    /// <summary>An option naming a file the verb writes: checked before any work starts (see <see cref="OutputOptions"/>).</summary>
    public static Option<string?> OutputFile(string name, string description) =>
        OutputOptions.Register(new Option<string?>(name) { Description = description }, OutputOptions.Kind.File);

    public static Option<string?> Data(string description = "Data file (CSV, Parquet, .sav, .dta, .xlsx) or catalogue name") =>
        new("--data") { Description = description };

    /// <summary><c>--df-complete N</c> with <c>--imputation</c>: MIcombine's <c>df.complete</c>, the complete-data degrees of
    /// freedom of the Barnard–Rubin small-sample correction (default infinite, as R). Read with <see cref="ReadDfComplete"/>.</summary>
    public static Option<double?> DfComplete() => new("--df-complete")
    {
        Description = "With --imputation: complete-data degrees of freedom for the Barnard-Rubin small-sample df (mitools::MIcombine's df.complete, e.g. the design df); default infinite, as R",
    };

    /// <summary>The value of <see cref="DfComplete"/> (+∞ when absent); usage errors for a value that is not positive or
    /// without <c>--imputation</c>.</summary>
    public static double ReadDfComplete(ParseResult r, Option<double?> option, bool imputation)
    {
        if (r.GetValue(option) is not { } v) return double.PositiveInfinity;
        if (!imputation) throw new UsageException("--df-complete is used with --imputation (it adjusts the degrees of freedom of pooled estimates)");
        if (!(v > 0)) throw new UsageException($"--df-complete must be a positive number of degrees of freedom, not {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return v;
    }

    public static Option<int?> Seed() => new("--seed") { Description = "Random seed (same seed → identical output)" };
}
