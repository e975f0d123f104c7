using System.CommandLine;
using System.Reflection;

namespace Cohesion.Cli.Commands;

public static class VersionCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("version", "Print the version and the location of the built-in data.\nExample: cohesion version");
        cmd.SetAction(_ =>
        {
            var v = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            ctx.Out.WriteLine($"cohesion {v}");
            ctx.Out.WriteLine($"built-in data: {DefaultData.Directory}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
