using System.CommandLine;
using Cohesion.Cli.Commands;

namespace Cohesion.Cli;

/// <summary>Builds the <c>cohesion</c> command tree. Each verb lives in its own file under Commands/ and is
/// registered in <see cref="Verbs"/> with its name.</summary>
public static class CliApp
{
    /// <summary>Every verb with its name, in the order help lists them (the simulation last).</summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Verbs =
    [
        ("cluster", ClusterCommand.Create), ("compare", CompareCommand.Create), ("data", DataCommand.Create),
        ("diversity", DiversityCommand.Create), ("estimate", EstimateCommand.Create), ("glm", GlmCommand.Create),
        ("impute", ImputeCommand.Create), ("measure", MeasureCommand.Create), ("meta", MetaCommand.Create),
        ("mixed", MixedCommand.Create), ("neighbourhoods", NeighbourhoodsCommand.Create), ("panel", PanelCommand.Create),
        ("population", PopulationCommand.Create), ("report", ReportCommand.Create), ("sensitivity", SensitivityCommand.Create),
        ("serve", ServeCommand.Create), ("trends", TrendsCommand.Create), ("version", VersionCommand.Create),
        ("simulate", SimulateCommand.Create),
    ];

    /// <summary>The whole command tree.</summary>
    public static RootCommand Build(CliContext ctx) => Build(ctx, verb: null);

    /// <summary>The command tree with only <paramref name="verb"/> when it names one (running one verb needs no
    /// other: a small job starts sooner), else with every verb.</summary>
    public static RootCommand Build(CliContext ctx, string? verb)
    {
        var root = new RootCommand(
            "cohesion — measure, explain, project and show social cohesion (SCP's four dimensions).\n" +
            "cohesion — sociale samenhang meten, verklaren, projecteren en tonen (de vier SCP-dimensies).");
        bool one = Verbs.Any(v => v.Name == verb);
        foreach (var (name, create) in Verbs)
        {
            if (one && name != verb || root.Subcommands.Any(c => c.Name == name)) continue;   // a line merged twice is one verb
            var command = create(ctx);
            if (command.Name != name) throw new InvalidOperationException($"verb '{name}' is registered for a command named '{command.Name}'");
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>Runs the CLI with the given context; returns the process exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var root = Build(ctx, args.Length > 0 ? args[0] : null);
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
