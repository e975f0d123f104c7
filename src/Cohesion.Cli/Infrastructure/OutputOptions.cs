using System.CommandLine;
using System.Runtime.CompilerServices;
using Cohesion.IO;

namespace Cohesion.Cli;

/// <summary>
/// Options that name a place the verb writes to. <see cref="CliApp.Run"/> checks every such path on the command line
/// before the verb runs (<see cref="OutputPath"/>): a folder where a file is wanted, a missing folder, a folder that
/// does not accept files or a full device is reported at once, not after the computation.
/// </summary>
public static class OutputOptions
{
    public enum Kind { File, Folder }

    private static readonly ConditionalWeakTable<Option, StrongBox<Kind>> Registered = new();

    public static T Register<T>(T option, Kind kind) where T : Option
    {
        Registered.AddOrUpdate(option, new StrongBox<Kind>(kind));
        return option;
    }

    /// <summary>Checks the output paths of the command that was parsed (its own options, given or defaulted).</summary>
    public static void CheckAll(ParseResult parse)
    {
        foreach (var option in parse.CommandResult.Command.Options)
        {
            if (!Registered.TryGetValue(option, out var kind) || option is not Option<string> text) continue;
            if (parse.GetValue(text) is not { Length: > 0 } value) continue;
            if (kind.Value == Kind.File) OutputPath.CheckFile(value, option.Name);
            else OutputPath.CheckFolder(value, option.Name, "manifest.json");
        }
    }
}
