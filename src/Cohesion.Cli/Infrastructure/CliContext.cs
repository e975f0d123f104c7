using Spectre.Console;

namespace Cohesion.Cli;

/// <summary>Where a command writes: stdout, stderr and a Spectre console over stdout (tables, progress).
/// Tests create one over <see cref="StringWriter"/>s and assert on what was written.</summary>
public sealed class CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public required IAnsiConsole Console { get; init; }
    /// <summary>True when progress bars may be drawn (an interactive terminal).</summary>
    public bool Interactive { get; init; }

    public static CliContext ForConsole()
    {
        var interactive = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected
                          && Environment.GetEnvironmentVariable("CI") is null;
        var console = AnsiConsole.Console;
        // redirected output (files, pipes, CI logs) gets wide tables instead of wrapping at 80 columns
        if (System.Console.IsOutputRedirected) console.Profile.Width = 200;
        return new CliContext
        {
            Out = System.Console.Out, Err = System.Console.Error, Console = console, Interactive = interactive
        };
    }

    public static CliContext ForWriters(TextWriter output, TextWriter error, int width = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No
        });
        console.Profile.Width = width;
        return new CliContext { Out = output, Err = error, Console = console, Interactive = false };
    }
}
