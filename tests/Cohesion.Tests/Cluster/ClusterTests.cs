using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Cluster;

/// <summary>
/// <c>cohesion cluster silo</c> and <c>simulate --cluster</c> on loopback: silos are child processes of the built CLI
/// on free ports; the cluster's JSON must be byte-identical to the local run's with two and three silos, and stay so
/// when a silo is killed while it runs a work unit. Small runs (scale 0.005, to 2030) keep the class near a minute.
/// </summary>
public sealed class ClusterTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "cohesion.dll");
    private static readonly string[] Run = ["simulate", "--method", "micro", "--scale", "0.005", "--to", "2030", "--seed", "11", "--format", "json"];

    private static string Local(params string[] extra)
    {
        var r = CliRunner.Run([.. Run, .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        return r.Out;
    }

    [Fact]
    public void Two_silos_give_the_local_bytes()
    {
        using var cluster = new Silos(2);
        // every population scenario, with stochastic demography: replication r on demographic trajectory r
        string[] args = ["--stochastic", "2", "--scenario", "all"];
        var (code, output, err) = cluster.Simulate(args);
        Assert.True(code == 0, err);
        Assert.Equal(Local(args), output);
        // both silos ran units (the spread placement): the work was distributed, not run on the gateway alone
        Assert.All(cluster.All, s => Assert.Contains("unit ", s.Output));
    }

    [Fact]
    public void Three_silos_give_the_local_bytes_also_when_one_is_killed_during_the_run()
    {
        using var cluster = new Silos(3);
        string[] args = ["--reps", "6"];
        string local = Local(args);
        var (code, output, err) = cluster.Simulate(args);
        Assert.True(code == 0, err);
        Assert.Equal(local, output);

        // again, now killing the third silo (neither the primary nor the gateway) as soon as it has started a unit
        var victim = cluster.All[2];
        int before = victim.Count("started");
        var kill = Task.Run(() =>
        {
            Assert.True(victim.WaitFor(() => victim.Count("started") > before, TimeSpan.FromSeconds(60)), "the third silo never started a unit");
            victim.Kill();
        });
        (code, output, err) = cluster.Simulate(args);
        kill.Wait();
        Assert.True(code == 0, err);
        Assert.Equal(local, output);
        Assert.Contains("running it again on another silo", err);
    }

    [Fact]
    public void A_cluster_ensemble_stores_the_local_table_and_manifest_in_the_catalogue()
    {
        var dir = Paths.TempDir();
        string localDb = Path.Combine(dir, "local.duckdb"), clusterDb = Path.Combine(dir, "cluster.duckdb");
        string[] args = ["--stochastic", "2", "--catalogue", "ens_cluster"];
        string local = Local([.. args, "--db", localDb]);
        using var cluster = new Silos(2);
        var (code, output, err) = cluster.Simulate([.. args, "--db", clusterDb]);
        Assert.True(code == 0, err);
        Assert.Equal(local, output);
        var a = Cohesion.Pipeline.EnsembleCatalogue.Read("ens_cluster", localDb);
        var b = Cohesion.Pipeline.EnsembleCatalogue.Read("ens_cluster", clusterDb);
        Assert.Equal(a.Rows(), b.Rows());
        Assert.True(a.Rows().Count > 0);
        Assert.Equal(2, (int)a.Manifest["trajectories"]!);
        Assert.Equal(a.Manifest.ToJsonString(), b.Manifest.ToJsonString());
    }

    [Fact]
    public void An_unreachable_gateway_is_an_error_naming_the_flag_and_nothing_is_written()
    {
        var dir = Paths.TempDir();
        var outFile = Path.Combine(dir, "cohesion.json");
        int port = FreePort();
        var r = CliRunner.Run([.. Run, "--reps", "2", "--cluster", $"127.0.0.1:{port}", "--out", outFile]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--cluster: cannot reach the cluster gateway 127.0.0.1:{port}", r.Err);
        Assert.Equal("", r.Out);
        Assert.False(File.Exists(outFile));
        var bad = CliRunner.Run([.. Run, "--cluster", "no-port-here"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--cluster: 'no-port-here' is not HOST:PORT", bad.Err);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>One silo process and what it printed.</summary>
    private sealed class Silo : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _out = new();
        public int GatewayPort { get; }
        public int SiloPort { get; }

        public Silo(string clusterId, int siloPort, int gatewayPort, int? primary)
        {
            SiloPort = siloPort;
            GatewayPort = gatewayPort;
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Cli, "cluster", "silo", "--cluster-id", clusterId, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}" }) psi.ArgumentList.Add(a);
            if (primary is { } p) { psi.ArgumentList.Add("--primary"); psi.ArgumentList.Add($"127.0.0.1:{p}"); }
            _process = Process.Start(psi)!;
            _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output { get { lock (_out) return _out.ToString(); } }
        public int Count(string word) => Output.Split('\n').Count(l => l.Contains(word, StringComparison.Ordinal));

        public bool WaitFor(Func<bool> condition, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout)
            {
                if (condition()) return true;
                if (_process.HasExited) return false;
                Thread.Sleep(50);
            }
            return condition();
        }

        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }

    /// <summary>A cluster of silos on loopback: the first is the primary and the gateway the client uses.</summary>
    private sealed class Silos : IDisposable
    {
        public List<Silo> All { get; } = [];

        public Silos(int n)
        {
            string id = "test-" + Guid.NewGuid().ToString("N")[..8];
            var ports = Enumerable.Range(0, 2 * n).Select(_ => FreePort()).ToArray();
            try
            {
                All.Add(new Silo(id, ports[0], ports[1], null));
                for (int i = 1; i < n; i++) All.Add(new Silo(id, ports[2 * i], ports[2 * i + 1], ports[0]));
                foreach (var s in All)
                    Assert.True(s.WaitFor(() => s.Output.Contains("silo ready", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), "a silo did not start: " + s.Output);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public (int Code, string Out, string Err) Simulate(string[] args)
        {
            var r = CliRunner.Run([.. Run, .. args, "--cluster", $"127.0.0.1:{All[0].GatewayPort}"]);
            return (r.ExitCode, r.Out, r.Err);
        }

        public void Dispose()
        {
            foreach (var s in All) s.Dispose();
        }
    }
}
