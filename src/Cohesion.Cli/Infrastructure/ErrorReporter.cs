using Cohesion.Statistics;

namespace Cohesion.Cli;

/// <summary>Turns exceptions into one clear line on stderr and an exit code.</summary>
public static class ErrorReporter
{
    private static void TryWrite(CliContext ctx, string line)
    {
        try { ctx.Err.WriteLine(line); } catch (IOException) { /* stderr is gone too: the exit code says it */ }
    }

    public static int Report(CliContext ctx, Exception ex)
    {
        switch (ex)
        {
            case CohesionException { Column: { } flag, Row: null } ce when flag.StartsWith("--", StringComparison.Ordinal):
                // an error about an option's value: name the option, not a "column"
                TryWrite(ctx, $"error: {(ce.File is null ? "" : ce.File + ", ")}{flag}: {ce.Message}");
                return ExitCodes.InputError;
            case CohesionException ce:
                TryWrite(ctx, $"error: {ce.Describe(CliFlags.Of)}");
                return ExitCodes.InputError;
            case UsageException ue:
                ctx.Err.WriteLine($"error: {ue.Message}");
                return ExitCodes.Usage;
            case FileNotFoundException fnf:
                ctx.Err.WriteLine($"error: {fnf.FileName ?? "file"}: file not found");
                return ExitCodes.InputError;
            case DirectoryNotFoundException dnf:
                ctx.Err.WriteLine($"error: {dnf.Message}");
                return ExitCodes.InputError;
            case UnauthorizedAccessException uae:
                ctx.Err.WriteLine($"error: {uae.Message}");
                return ExitCodes.InputError;
            case IOException io:
                // the output could not be written (stdout to a full device or a closed pipe, a disk that filled up)
                TryWrite(ctx, $"error: output could not be written: {Cohesion.IO.OutputPath.Reason(io)}");
                return ExitCodes.InputError;
            default:
                ctx.Err.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
                if (Environment.GetEnvironmentVariable("COHESION_DEBUG") == "1") ctx.Err.WriteLine(ex.ToString());
                return ExitCodes.Internal;
        }
    }
}

/// <summary>A wrong combination of options that the parser could not catch (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
