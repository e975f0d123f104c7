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
        root.Subcommands.Add(ServeCommand.Create(ctx));
        root.Subcommands.Add(ReportCommand.Create(ctx));
        root.Subcommands.Add(DataCommand.Create(ctx));
        root.Subcommands.Add(MeasureCommand.Create(ctx));
        root.Subcommands.Add(DiversityCommand.Create(ctx));
        root.Subcommands.Add(NeighbourhoodsCommand.Create(ctx));
        root.Subcommands.Add(PanelCommand.Create(ctx));
        root.Subcommands.Add(MixedCommand.Create(ctx));
        root.Subcommands.Add(PopulationCommand.Create(ctx));
        root.Subcommands.Add(EstimateCommand.Create(ctx));
        root.Subcommands.Add(GlmCommand.Create(ctx));
        root.Subcommands.Add(ImputeCommand.Create(ctx));
        root.Subcommands.Add(MetaCommand.Create(ctx));
        root.Subcommands.Add(TrendsCommand.Create(ctx));
        root.Subcommands.Add(CompareCommand.Create(ctx));
        root.Subcommands.Add(SensitivityCommand.Create(ctx));
        root.Subcommands.Add(ClusterCommand.Create(ctx));
        // Verbs are registered one line each by the engineers who own them; a line merged twice must not break the CLI.
        var distinct = root.Subcommands.GroupBy(c => c.Name).Select(g => g.First()).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        root.Subcommands.Clear();
        foreach (var c in distinct) root.Subcommands.Add(c);
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
            OutputOptions.CheckAll(parse);   // every output path is checked before any work starts
            return parse.Invoke(config);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ctx, ex);
        }
    }
}
