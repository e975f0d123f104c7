using Spectre.Console;

namespace Cohesion.Cli;

/// <summary>Where a command writes: stdout, stderr and a Spectre console over stdout (progress, and tables the plain
/// renderer does not draw). Tests create one over <see cref="StringWriter"/>s and assert on what was written.</summary>
public sealed class CliContext
{
    private Lazy<IAnsiConsole> _console = new(() => AnsiConsole.Console);

    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    /// <summary>The Spectre console, created when first used (creating it costs start-up time a small job need not pay).</summary>
    public IAnsiConsole Console { get => _console.Value; init => _console = new(value); }
    /// <summary>True when progress bars may be drawn (an interactive terminal).</summary>
    public bool Interactive { get; init; }
    /// <summary>The width tables are laid out in when <see cref="Out"/> is not a terminal (a file, a pipe, a test's
    /// writer); null for a terminal, where Spectre lays them out for its size.</summary>
    public int? PlainWidth { get; init; }

    public static CliContext ForConsole()
    {
        var interactive = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected
                          && Environment.GetEnvironmentVariable("CI") is null;
        // redirected output (files, pipes, CI logs) gets wide tables instead of wrapping at 80 columns
        bool redirected = System.Console.IsOutputRedirected;
        return new CliContext
        {
            Out = System.Console.Out, Err = System.Console.Error, Interactive = interactive,
            PlainWidth = redirected ? 200 : null,
            _console = new(() =>
            {
                var console = AnsiConsole.Console;
                if (redirected) console.Profile.Width = 200;
                return console;
            }),
        };
    }

    public static CliContext ForWriters(TextWriter output, TextWriter error, int width = 200) => new()
    {
        Out = output, Err = error, Interactive = false, PlainWidth = width,
        _console = new(() =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No
            });
            console.Profile.Width = width;
            return console;
        }),
    };
}
