using System.CommandLine;
using System.Net;
using Cohesion.Cluster;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion cluster silo</c>: one Microsoft Orleans silo that runs ensemble work units of
/// <c>simulate --cluster</c> (see <see cref="SiloHost"/>).</summary>
public static class ClusterCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("cluster", "Run ensembles on a Microsoft Orleans cluster (start silos here; send work with simulate --cluster HOST:PORT).\n" +
                                         "Ensembles op een Orleans-cluster: start hier silo's; stuur werk met simulate --cluster HOST:PORT.");
        var clusterId = new Option<string>("--cluster-id") { Description = "Name of the cluster; every silo of one cluster has the same", Required = true };
        var siloPort = new Option<int>("--silo-port") { Description = "Port for silo-to-silo traffic", Required = true };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (simulate --cluster) connect to", Required = true };
        var primary = new Option<string?>("--primary") { Description = "Localhost clustering: the primary silo's silo endpoint, 127.0.0.1:P0 (omit on the primary itself)" };
        var adoInvariant = new Option<string?>("--membership-invariant") { Description = "A real cluster: the ADO.NET provider of the Orleans membership table (e.g. Npgsql for PostgreSQL) instead of localhost clustering" };
        var adoConnection = new Option<string?>("--membership-connection") { Description = "A real cluster: the membership database's connection string (or set COHESION_MEMBERSHIP_CONNECTION)" };
        var advertise = new Option<string?>("--advertise") { Description = "A real cluster: the IP address other silos and clients reach this silo at (default 127.0.0.1)" };
        var silo = new Command("silo",
            "Start an Orleans silo that runs ensemble work units until it is stopped (Ctrl+C) or killed; prints a ready line.\n" +
            "Start een Orleans-silo die werkeenheden van ensembles draait.\n" +
            "Example: cohesion cluster silo --cluster-id dev --silo-port 11111 --gateway-port 30000\n" +
            "Example: cohesion cluster silo --cluster-id dev --silo-port 11112 --gateway-port 30001 --primary 127.0.0.1:11111")
        { clusterId, siloPort, gatewayPort, primary, adoInvariant, adoConnection, advertise };
        silo.SetAction(pr =>
        {
            int Port(Option<int> o) => pr.GetValue(o) is var p and >= 1 and <= 65535 ? p : throw new UsageException($"{o.Name} must be a port between 1 and 65535, not {pr.GetValue(o)}");
            IPEndPoint? primaryEndpoint = null;
            if (pr.GetValue(primary) is { } pv)
                primaryEndpoint = EnsembleClient.ParseGateway(pv) ?? throw new UsageException($"--primary must be HOST:PORT of the primary silo's --silo-port, not '{pv}'");
            string id = pr.GetValue(clusterId)!;
            if (string.IsNullOrWhiteSpace(id)) throw new UsageException("--cluster-id must not be empty");
            string? invariant = pr.GetValue(adoInvariant);
            string? connection = pr.GetValue(adoConnection) ?? Environment.GetEnvironmentVariable("COHESION_MEMBERSHIP_CONNECTION");
            if (invariant is not null && connection is null) throw new UsageException("--membership-invariant needs --membership-connection (or COHESION_MEMBERSHIP_CONNECTION)");
            if (invariant is not null && primaryEndpoint is not null) throw new UsageException("--primary is for localhost clustering; with --membership-invariant the membership table finds the silos");
            IPAddress? advertised = null;
            if (pr.GetValue(advertise) is { } a && !IPAddress.TryParse(a, out advertised)) throw new UsageException($"--advertise must be an IP address, not '{a}'");
            var settings = new SiloSettings
            {
                ClusterId = id, SiloPort = Port(siloPort), GatewayPort = Port(gatewayPort), Primary = primaryEndpoint,
                AdoNetInvariant = invariant, AdoNetConnectionString = connection, AdvertisedAddress = advertised,
            };
            try
            {
                SiloHost.RunAsync(settings, ctx.Out).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException || ex.InnerException is System.Net.Sockets.SocketException
                                       || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new Cohesion.Statistics.CohesionException($"cannot start the silo on ports {settings.SiloPort}/{settings.GatewayPort}: {ex.Message}; choose free ports with --silo-port and --gateway-port");
            }
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(silo);
        return cmd;
    }
}
