using System.Net;
using System.Net.Sockets;
using Cohesion.Pipeline;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Cohesion.Cluster;

/// <summary>
/// An <see cref="IEnsembleExecutor"/> on an Orleans cluster: connected to one gateway, it sends every work unit to its
/// own grain (<see cref="IEnsembleUnitGrain"/>), all at once, and returns the results in unit order. A unit whose silo
/// leaves the cluster (declared dead by Orleans' membership) is sent again, to another silo, as a new grain; its
/// result is the same because a unit is a pure function of the spec and the unit.
/// </summary>
public sealed class EnsembleClient : IEnsembleExecutor, IDisposable
{
    private readonly IHost _host;
    private readonly IClusterClient _client;
    private readonly TextWriter? _log;
    public const int MaxAttempts = 6;

    private EnsembleClient(IHost host, TextWriter? log)
    {
        _host = host;
        _client = host.Services.GetRequiredService<IClusterClient>();
        _log = log is null ? null : TextWriter.Synchronized(log); // units fail over concurrently: one line per write, never interleaved
    }

    /// <summary>The gateway's endpoint from <c>HOST:PORT</c> (a name is resolved); null when it is not of that form.</summary>
    public static IPEndPoint? ParseGateway(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out int port) || port is < 1 or > 65535)
            return null;
        var host = value[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var v4 = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return v4 is null ? null : new IPEndPoint(v4, port);
        }
        catch (SocketException) { return null; }
    }

    /// <summary>Connects to the cluster through <paramref name="gateway"/> (<c>HOST:PORT</c>, the value of
    /// <paramref name="flag"/>); a gateway that cannot be reached is a <see cref="CohesionException"/> naming the flag.</summary>
    public static EnsembleClient Connect(string gateway, string flag = "--cluster", TextWriter? log = null)
    {
        var endpoint = ParseGateway(gateway)
            ?? throw new CohesionException($"'{gateway}' is not HOST:PORT of a cluster gateway (a silo's --gateway-port)", column: flag);
        // a gateway that refuses or does not answer is said at once, with the socket's reason (Orleans would retry)
        using (var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                probe.ConnectAsync(endpoint, wait.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                throw Unreachable(gateway, flag, ex is SocketException se ? se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused: no silo listens on that gateway port",
                    _ => se.Message,
                } : "no answer within 10 s");
            }
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoint);
            client.Configure<ClusterOptions>(o => o.ClusterId = SiloSettings.OrleansClusterId);
            // the client watches the silos itself (see Run): a unit may take long and wait behind others
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(12));
        });
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            host.StartAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            host.Dispose();
            throw Unreachable(gateway, flag, ex is OperationCanceledException ? "the gateway did not accept an Orleans client within 30 s" : Reason(ex));
        }
        return new EnsembleClient(host, log);
    }

    private static CohesionException Unreachable(string gateway, string flag, string reason) =>
        new($"cannot reach the cluster gateway {gateway} ({reason}); start silos with 'cohesion cluster silo' and give the --gateway-port of one of them",
            column: flag);

    private static string Reason(Exception ex)
    {
        while (ex.InnerException is { } inner && ex is AggregateException or OrleansException) ex = inner;
        return ex.Message.Split('\n')[0].TrimEnd('.', ' ');
    }

    public IReadOnlyList<EnsembleUnitResult> Run(EnsembleJob job, IReadOnlyList<EnsembleUnit> units)
    {
        var spec = job.Spec ?? throw new CohesionException("this request cannot be sent to a cluster (its scenarios were not given by name or file)");
        return RunAsync(spec, units).GetAwaiter().GetResult();
    }

    private async Task<IReadOnlyList<EnsembleUnitResult>> RunAsync(string spec, IReadOnlyList<EnsembleUnit> units)
    {
        string run = Guid.NewGuid().ToString("N");
        using var stop = new CancellationTokenSource();
        var watcher = new SiloWatcher(_client.GetGrain<IManagementGrain>(0));
        var watching = watcher.WatchAsync(stop.Token);
        try
        {
            var results = await Task.WhenAll(units.Select(u => RunUnitAsync(run, spec, u, watcher)));
            return results;
        }
        finally
        {
            stop.Cancel();
            try { await watching; } catch (OperationCanceledException) { }
        }
    }

    private async Task<EnsembleUnitResult> RunUnitAsync(string run, string spec, EnsembleUnit unit, SiloWatcher watcher)
    {
        string unitJson = EnsembleSpec.SerializeUnit(unit);
        for (int attempt = 0; ; attempt++)
        {
            var grain = _client.GetGrain<IEnsembleUnitGrain>($"{run}/{unit.Index}/{attempt}");
            SiloAddress? silo = null;
            try
            {
                silo = await grain.Silo();
                var call = grain.Run(spec, unitJson);
                var lost = watcher.WhenLost(silo);
                if (await Task.WhenAny(call, lost) == lost)
                    throw new SiloUnavailableException($"silo {silo} left the cluster");
                var result = EnsembleSpec.DeserializeResult(await call);
                if (result.Index != unit.Index) throw new InvalidOperationException($"work unit {unit.Index} came back as {result.Index}");
                return result;
            }
            catch (Exception ex) when (Transient(ex) && attempt + 1 < MaxAttempts)
            {
                _log?.WriteLine($"cluster: work unit {unit.Index} ({unit.Scenario} · {unit.Societal}, replication {unit.Replication}) lost with silo {silo?.ToString() ?? "?"} ({Reason(ex)}); running it again on another silo");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(8, 1 << attempt)));
            }
        }
    }

    /// <summary>Failures of the cluster (a silo gone, a message that could not be delivered), not of the unit.</summary>
    private static bool Transient(Exception ex) => ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
        or Orleans.Runtime.Messaging.ConnectionFailedException;

    public void Dispose()
    {
        try { _host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult(); } catch (Exception) { /* the gateway may be gone already */ }
        _host.Dispose();
    }

    /// <summary>Polls the cluster's membership (Orleans' management grain) and completes <see cref="WhenLost"/> for
    /// a silo as soon as it is no longer active.</summary>
    private sealed class SiloWatcher(IManagementGrain management)
    {
        private readonly Dictionary<SiloAddress, TaskCompletionSource> _lost = new();
        private HashSet<SiloAddress> _active = [];

        public Task WhenLost(SiloAddress silo)
        {
            lock (_lost)
            {
                if (!_lost.TryGetValue(silo, out var tcs))
                    _lost[silo] = tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return tcs.Task;
            }
        }

        public async Task WatchAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var hosts = await management.GetHosts(onlyActive: true);
                    lock (_lost)
                    {
                        _active = hosts.Keys.ToHashSet();
                        foreach (var (silo, tcs) in _lost)
                            if (!_active.Contains(silo)) tcs.TrySetResult();
                    }
                }
                catch (Exception ex) when (Transient(ex)) { /* the next poll will tell */ }
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
    }
}
