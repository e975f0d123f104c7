using System.CommandLine;
using Cohesion.Cli.Commands;

namespace Cohesion.Cli;

/// <summary>Builds the <c>cohesion</c> command tree. Each verb lives in its own file under Commands/ and is
/// registered here with one line.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand(
            "cohesion — measure, explain, project and show social cohesion (SCP's four dimensions).\n" +
            "cohesion — sociale samenhang meten, verklaren, projecteren en tonen (de vier SCP-dimensies).");
        root.Subcommands.Add(VersionCommand.Create(ctx));
        root.Subcommands.Add(PopulationCommand.Create(ctx));
        root.Subcommands.Add(MeasureCommand.Create(ctx));
        root.Subcommands.Add(SimulateCommand.Create(ctx));
        return root;
    }

    /// <summary>Runs the CLI with the given context; returns the process exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var root = Build(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) ctx.Err.WriteLine($"error: {e.Message}");
            ctx.Err.WriteLine("Run 'cohesion --help' or 'cohesion <verb> --help' for usage.");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = ctx.Out, Error = ctx.Err, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ctx, ex);
        }
    }
}
