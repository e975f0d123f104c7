using Cohesion.IO;

namespace Cohesion.Cli;

/// <summary>Writes a command's result to stdout or to <c>--out FILE</c>. Files are written to a temporary file
/// in the same folder and moved into place only when complete, so a failure leaves nothing half-written.</summary>
public static class OutputSink
{
    public static void Write(CliContext ctx, string? outPath, Action<TextWriter> write)
    {
        if (string.IsNullOrEmpty(outPath))
        {
            write(ctx.Out);
            ctx.Out.Flush();
            return;
        }
        AtomicFile.WriteText(outPath, write);
    }
}

