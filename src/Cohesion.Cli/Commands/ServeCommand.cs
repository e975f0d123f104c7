using System.CommandLine;
using Cohesion.Web;

namespace Cohesion.Cli.Commands;

public static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated (loopback only unless --allow-remote)", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var dataDir = new Option<string?>("--data-dir") { Description = "The only folder the dashboard reads data from (default: the built-in data folder)" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow listening on non-loopback addresses" };
        var seed = CommonOptions.Seed();
        var cmd = new Command("serve",
            "Start the dashboard (scenario explorer, groups, population, neighbourhood map, forest plot) and its JSON API under /api/.\n" +
            "Start het dashboard met JSON-API onder /api/.\n" +
            "Example: cohesion serve --urls http://127.0.0.1:5000")
        { urls, dataDir, allowRemote, seed };
        cmd.SetAction(pr =>
        {
            var options = new DashboardOptions
            {
                Urls = pr.GetValue(urls)!,
                AllowRemote = pr.GetValue(allowRemote),
                DataDirectory = Path.GetFullPath(pr.GetValue(dataDir) ?? DefaultData.Directory),
                Seed = pr.GetValue(seed) ?? 20241203
            };
            if (!Directory.Exists(options.DataDirectory))
                throw new Cohesion.Statistics.CohesionException("data directory not found", options.DataDirectory, "--data-dir");
            var app = DashboardHost.Build(options);
            ((DashboardService)app.Services.GetService(typeof(DashboardService))!).WarmUp();
            ctx.Err.WriteLine($"Cohesion dashboard on {options.Urls} (data: {options.DataDirectory}); Ctrl+C stops it.");
            app.Run();
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
