using Cohesion.Statistics;

namespace Cohesion.Cli;

/// <summary>Turns exceptions into one clear line on stderr and an exit code.</summary>
public static class ErrorReporter
{
    public static int Report(CliContext ctx, Exception ex)
    {
        switch (ex)
        {
            case CohesionException ce:
                ctx.Err.WriteLine($"error: {ce.Describe()}");
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
            default:
                ctx.Err.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
                if (Environment.GetEnvironmentVariable("COHESION_DEBUG") == "1") ctx.Err.WriteLine(ex.ToString());
                return ExitCodes.Internal;
        }
    }
}

/// <summary>A wrong combination of options that the parser could not catch (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
