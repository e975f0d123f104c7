using System.Text.Json;
using System.Text.RegularExpressions;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary><c>cohesion simulate</c> through the CLI: the JSON contract of issue 5, determinism, errors.</summary>
public class SimulateCommandTests
{
    [Fact]
    public void JsonFollowsTheContract()
    {
        var r = CliRunner.Run("simulate", "--scenario", "midden", "--societal", "trends", "--reps", "20", "--to", "2030", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(["runs", "decomposition"], root.EnumerateObject().Select(p => p.Name).ToArray());
        var run = root.GetProperty("runs")[0];
        Assert.Equal(["scenario", "societal", "policy", "method", "years"], run.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("midden", run.GetProperty("scenario").GetString());
        Assert.Equal("trends", run.GetProperty("societal").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("policy").ValueKind);
        Assert.Equal("reweight", run.GetProperty("method").GetString());
        var years = run.GetProperty("years").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(2024, 7), years.Select(y => y.GetProperty("year").GetInt32()));
        var dims = years[0].GetProperty("dimensions").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["social_trust", "social_participation", "institutional_trust", "political_participation"], dims);
        Assert.True(years[0].GetProperty("indicators").EnumerateObject().Count() >= 20);
        foreach (var y in years)
        foreach (var group in new[] { "indicators", "dimensions" })
        foreach (var v in y.GetProperty(group).EnumerateObject())
        {
            Assert.Equal(["mean", "lower", "upper"], v.Value.EnumerateObject().Select(p => p.Name).ToArray());
            double mean = v.Value.GetProperty("mean").GetDouble(), lo = v.Value.GetProperty("lower").GetDouble(), hi = v.Value.GetProperty("upper").GetDouble();
            Assert.InRange(mean, 0, 1);
            Assert.True(lo <= mean && mean <= hi && lo >= 0 && hi <= 1, $"{v.Name}: {lo} {mean} {hi}");
            Assert.True(hi > lo, "coefficient draws give a band");
        }
        var dec = root.GetProperty("decomposition").EnumerateArray().ToArray();
        Assert.Equal(4, dec.Length);
        foreach (var d in dec)
        {
            Assert.Equal(["scenario", "societal", "dimension", "start", "end", "total_change", "composition", "within", "interaction", "composition_by_factor"],
                d.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(d.GetProperty("total_change").GetDouble(),
                d.GetProperty("composition").GetDouble() + d.GetProperty("within").GetDouble() + d.GetProperty("interaction").GetDouble());
            var f = d.GetProperty("composition_by_factor");
            Assert.Equal(["education", "age", "origin", "sex"], f.EnumerateObject().Select(p => p.Name).ToArray());
            double sum = f.EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.True(Math.Abs(sum - d.GetProperty("composition").GetDouble()) <= 1e-9, $"{sum} vs {d.GetProperty("composition").GetDouble()}");
            // The composition effect to 2030 is not all in one factor: ageing and rising education both move it.
            Assert.True(f.EnumerateObject().Count(p => Math.Abs(p.Value.GetDouble()) > 1e-6) >= 2);
        }
    }

    private static string WithoutTiming(string json) =>
        Regex.Replace(json, "\"(seconds|agent_years_per_second)\": [0-9.eE+-]+", "\"$1\": 0");

    [Fact]
    public void SameSeedGivesIdenticalJsonWhateverTheThreadCount()
    {
        string[] args = ["simulate", "--method", "micro", "--scale", "0.002", "--reps", "2", "--to", "2027", "--seed", "11", "--format", "json"];
        var one = CliRunner.Run([.. args, "--threads", "1"]);
        var two = CliRunner.Run([.. args, "--threads", "2"]);
        Assert.True(one.ExitCode == 0, one.Err);
        Assert.True(two.ExitCode == 0, two.Err);
        // byte-identical: the run time goes to stderr, not into the output (issue 15)
        Assert.Equal(one.Out, two.Out);
        Assert.Contains("agent-years in", one.Err);
        var perf = JsonDocument.Parse(one.Out).RootElement.GetProperty("performance");
        Assert.Equal(["agents_start", "agent_years", "bytes_per_agent"], perf.EnumerateObject().Select(p => p.Name).ToArray());
        var timed = CliRunner.Run([.. args, "--timings"]);
        Assert.Equal(["agents_start", "agent_years", "seconds", "agent_years_per_second", "bytes_per_agent"],
            JsonDocument.Parse(timed.Out).RootElement.GetProperty("performance").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(perf.GetProperty("bytes_per_agent").GetInt32() <= 64);
        var other = CliRunner.Run([.. args[..^3], "--seed", "12", "--format", "json"]);
        Assert.NotEqual(WithoutTiming(one.Out), WithoutTiming(other.Out));
        // reweighting: byte-identical
        var rw1 = CliRunner.Run("simulate", "--reps", "30", "--to", "2030", "--format", "json", "--threads", "1");
        var rw2 = CliRunner.Run("simulate", "--reps", "30", "--to", "2030", "--format", "json", "--threads", "2");
        Assert.Equal(rw1.Out, rw2.Out);
    }

    [Fact]
    public void BadScenarioFileIsAnInputErrorAndNoOutputIsWritten()
    {
        var dir = Paths.TempDir();
        var bad = Path.Combine(dir, "mine.json");
        File.WriteAllText(bad, "{\"kind\":\"societal\",\"name\":\"mine\",\"rules\":[{\"type\":\"trend\",\"indicators\":[\"voted\"],\"logit_per_year\":0.01}]}");
        var outFile = Path.Combine(dir, "out.json");
        var r = CliRunner.Run("simulate", "--societal", bad, "--format", "json", "--out", outFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: {bad}: field 'rules[0].from' is required", r.Err);
        Assert.False(File.Exists(outFile));
        var p = CliRunner.Run("simulate", "--policy", "no-such-policy");
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("unknown policy 'no-such-policy'", p.Err);
    }

    [Fact]
    public void UsageErrors()
    {
        Assert.Equal(2, CliRunner.Run("simulate", "--method", "guess").ExitCode);
        Assert.Equal(2, CliRunner.Run("simulate", "--scenario", "utopia").ExitCode);
        Assert.Equal(2, CliRunner.Run("simulate", "--to", "2020").ExitCode);
        Assert.Equal(2, CliRunner.Run("simulate", "--method", "micro", "--scale", "0").ExitCode);
        var help = CliRunner.Run("simulate", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Example: cohesion simulate", help.Out);
    }

    [Fact]
    public void TableCsvAndChartsForAPolicyRun()
    {
        var dir = Paths.TempDir();
        var fan = Path.Combine(dir, "fan.svg");
        var bars = Path.Combine(dir, "bars.svg");
        var t = CliRunner.Run("simulate", "--policy", "halve-education-gap-institutional-trust", "--reps", "10", "--chart", fan, "--decomposition-chart", bars);
        Assert.True(t.ExitCode == 0, t.Err);
        Assert.Contains("Institutional trust", t.Out);
        Assert.Contains("Synthetic data", t.Out);
        Assert.Contains("<svg", File.ReadAllText(fan));
        Assert.Contains("<polygon", File.ReadAllText(fan));
        Assert.Contains("composition", File.ReadAllText(bars));
        var csv = CliRunner.Run("simulate", "--reps", "0", "--to", "2026", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Err);
        var lines = csv.Out.Trim().Split('\n');
        Assert.Equal("scenario,societal,policy,method,year,level,id,mean,lower,upper", lines[0].Trim());
        Assert.Equal(3 * (4 + 23), lines.Length - 1);
    }
}
