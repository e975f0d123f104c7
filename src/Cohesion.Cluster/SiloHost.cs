using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Cohesion.Cluster;

/// <summary>How a silo joins its cluster: localhost clustering (development, loopback; one primary silo holds the
/// membership) or an ADO.NET membership table (a real cluster: PostgreSQL, SQL Server, MySQL, …).</summary>
public sealed record SiloSettings
{
    /// <summary>The Orleans cluster id on the wire: fixed, so that a client given only a gateway's HOST:PORT can connect
    /// (Orleans refuses a connection whose cluster id differs). The user's cluster id is the Orleans service id.</summary>
    public const string OrleansClusterId = "cohesion";

    /// <summary>The cluster's name (<c>--cluster-id</c>): the Orleans service id of its silos.</summary>
    public required string ClusterId { get; init; }
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    /// <summary>Localhost clustering: the primary silo's silo endpoint (null = this silo is the primary).</summary>
    public IPEndPoint? Primary { get; init; }
    /// <summary>ADO.NET clustering: the provider's invariant name, e.g. <c>Npgsql</c> (null = localhost clustering).</summary>
    public string? AdoNetInvariant { get; init; }
    public string? AdoNetConnectionString { get; init; }
    /// <summary>ADO.NET clustering: the address other silos and clients reach this silo at (default: loopback).</summary>
    public IPAddress? AdvertisedAddress { get; init; }
}

/// <summary>Runs one Orleans silo hosting the ensemble work-unit grains until it is stopped (Ctrl+C, SIGTERM) or killed.</summary>
public static class SiloHost
{
    public static async Task RunAsync(SiloSettings settings, TextWriter output, CancellationToken cancel = default)
    {
        var log = new SiloLog(output);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // Orleans' own messages go to stderr, warnings and worse only; stdout carries the ready line
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            if (settings.AdoNetInvariant is { } invariant)
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = invariant;
                    o.ConnectionString = settings.AdoNetConnectionString;
                });
                silo.ConfigureEndpoints(settings.AdvertisedAddress ?? IPAddress.Loopback, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                silo.Configure<ClusterOptions>(o => { o.ClusterId = SiloSettings.OrleansClusterId; o.ServiceId = settings.ClusterId; });
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, settings.Primary, settings.ClusterId, SiloSettings.OrleansClusterId);
                // on loopback a silo that stops answering is declared dead within a few seconds, so its units move on soon
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                });
            }
            // a unit can wait behind others on its silo: the client watches the silos itself (EnsembleClient)
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(12));
            silo.Services.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
            silo.Services.AddSingleton(log);
        });
        using var host = builder.Build();
        await host.StartAsync(cancel);
        log.Write($"silo ready: cluster {settings.ClusterId}, silo port {settings.SiloPort}, gateway port {settings.GatewayPort}" +
                         (settings.AdoNetInvariant is null ? settings.Primary is null ? " (primary)" : $", primary {settings.Primary}" : $", membership ADO.NET ({settings.AdoNetInvariant})"));
        await host.WaitForShutdownAsync(cancel);
    }
}
