using System.CommandLine;
using Cohesion.Web;
using Microsoft.Extensions.Hosting;

namespace Cohesion.Cli.Commands;

public static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated (loopback only unless --allow-remote)", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var dataDir = new Option<string?>("--data-dir") { Description = "The only folder the dashboard reads data from (default: the built-in data folder)" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow listening on non-loopback addresses" };
        var seed = CommonOptions.Seed();
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per client address (0 = no limit)", DefaultValueFactory = _ => new DashboardOptions().RequestsPerSecondPerClient };
        var db = new Option<string?>("--db") { Description = "The catalogue database whose ensemble results (simulate --catalogue) the dashboard lists under /api/ensembles (default $COHESION_HOME/cohesion.duckdb or ~/.cohesion/cohesion.duckdb)" };
        var cmd = new Command("serve",
            "Start the dashboard (scenario explorer, groups, population, neighbourhood map, forest plot) and its JSON API under /api/.\n" +
            "Start het dashboard met JSON-API onder /api/.\n" +
            "Example: cohesion serve --urls http://127.0.0.1:5000")
        { urls, dataDir, allowRemote, seed, rate, db };
        cmd.SetAction(pr =>
        {
            var options = new DashboardOptions
            {
                Urls = pr.GetValue(urls)!,
                AllowRemote = pr.GetValue(allowRemote),
                DataDirectory = Path.GetFullPath(pr.GetValue(dataDir) ?? DefaultData.Directory),
                Seed = pr.GetValue(seed) ?? 20241203,
                CatalogueDatabase = pr.GetValue(db) is { } file ? Path.GetFullPath(file) : null,
                RequestsPerSecondPerClient = pr.GetValue(rate) >= 0 ? pr.GetValue(rate) : throw new UsageException("--rate-limit must be 0 or more")
            };
            if (!Directory.Exists(options.DataDirectory))
                throw new Cohesion.Statistics.CohesionException("data directory not found", options.DataDirectory, "--data-dir");
            var app = DashboardHost.Build(options);
            DashboardHost.CheckPortsFree(options);   // before the warm-up: a port in use is said at once
            ((DashboardService)app.Services.GetService(typeof(DashboardService))!).WarmUp();
            try
            {
                app.Start();
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException
                                         || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new Cohesion.Statistics.CohesionException($"cannot listen on {options.Urls}: the address is already in use (is another dashboard running?); choose another port with --urls");
            }
            ctx.Err.WriteLine($"Cohesion dashboard on {options.Urls} (data: {options.DataDirectory}); Ctrl+C stops it.");
            app.WaitForShutdown();
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
