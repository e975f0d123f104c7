using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Pipeline;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Demography;

/// <summary>Stochastic demography (issue 16, item 1): calibration to the UN WPP 2022 intervals, R type-7 quantiles,
/// counter-based seeds and the command-line contract of <c>population --stochastic</c>.</summary>
public class StochasticDemographyTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Paths.Fixture("demography", "stochastic.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>1000 calibrated trajectories of the 2024 medium variant to 2100 (shared by the calibration facts).</summary>
    private static readonly Lazy<(PopulationProjection Det, StochasticProjection Fan)> Calibrated = new(() =>
    {
        var request = new PopulationRequest
        {
            Scenarios = [ScenarioCatalog.Load("midden", 2024)], LastYear = 2100,
            Stochastic = new StochasticSettings { Trajectories = 1000, Seed = 1, Calibration = StochasticCalibration.Wpp2022 },
        };
        var (det, fans) = PopulationStep.RunStochastic(request, TestEngine.Engine);
        return (det[0], fans[0]);
    });

    [Fact]
    public void QuantilesEqualRType7()
    {
        var q = Fixture.GetProperty("quantile");
        var p = Doubles(q.GetProperty("p"));
        foreach (var (xs, qs) in new[] { ("x", "q"), ("x2", "q2") })
        {
            var got = SampleQuantile.Type7(Doubles(q.GetProperty(xs)), p);
            var expected = Doubles(q.GetProperty(qs));
            for (int k = 0; k < p.Length; k++) Approx.Equal(expected[k], got[k], 1e-12, $"quantile({xs}, {p[k]}, type = 7)");
        }
        Assert.Equal(5.0, SampleQuantile.Type7([5.0], [0.3])[0]);
        Assert.Throws<CohesionException>(() => SampleQuantile.Type7([1.0, double.NaN], [0.5]));
        Assert.Throws<CohesionException>(() => SampleQuantile.Type7([1.0, 2.0], [1.5]));
        var t = TrajectoryQuantiles.Of(Doubles(q.GetProperty("x")));
        Approx.Equal(Doubles(q.GetProperty("q"))[1], t.Q025, 1e-12, "q025 of the trajectory quantiles");
    }

    [Fact]
    public void CalibratedPopulationIntervalsAreWithin15PercentOfWpp2022()
    {
        var (_, fan) = Calibrated.Value;
        foreach (var w in Fixture.GetProperty("wpp2022_population").EnumerateArray())
        {
            int year = w.GetProperty("year").GetInt32();
            var q = fan.At(year).Total;
            double m = q.Q50;
            var ours = new[] { ("lower95", (m - q.Q025) / m), ("lower80", (m - q.Q10) / m), ("upper80", (q.Q90 - m) / m), ("upper95", (q.Q975 - m) / m) };
            foreach (var (name, d) in ours)
            {
                double wpp = w.GetProperty(name).GetDouble();
                Assert.True(Math.Abs(d / wpp - 1) <= 0.15, $"{year} {name}: distance {d:P2} of the median, WPP 2022 {wpp:P2} (ratio {d / wpp:F3})");
            }
            // the loader reads the same file R did
            var wq = Wpp2022Intervals.Load().Population(year);
            Approx.Equal(w.GetProperty("lower95").GetDouble(), (wq.Q50 - wq.Q025) / wq.Q50, 1e-12, "WPP 2022 distance from the loader");
        }
    }

    [Fact]
    public void MedianTrajectoryIsWithinOnePercentOfTheDeterministicProjection()
    {
        var (det, fan) = Calibrated.Value;
        Assert.Equal(2023, fan.Years[0].Year);
        Assert.Equal(2100, fan.Years[^1].Year);
        Assert.Equal(1000, fan.Trajectories);
        Approx.Equal(det.Total(2023), fan.Years[0].Total.Q025, 1e-12, "the base year is certain");
        foreach (var y in fan.Years)
        {
            double d = det.Total(y.Year);
            Assert.True(Math.Abs(y.Total.Q50 / d - 1) <= 0.01, $"{y.Year}: median {y.Total.Q50:N0} vs deterministic {d:N0}");
            Assert.True(y.Total.Q025 <= y.Total.Q10 && y.Total.Q10 <= y.Total.Q50 && y.Total.Q50 <= y.Total.Q90 && y.Total.Q90 <= y.Total.Q975);
            Assert.InRange(y.OriginShares.Sum(o => o.Q50), 0.98, 1.02);
        }
        // the 2050 calibration target of the variant stays the deterministic one (the factor is not re-solved per trajectory)
        Approx.Equal(19_684_000, det.Total(2050), 1e-6, "calibrated 2050 total");
        Assert.True(fan.At(2050).Total.Q975 - fan.At(2050).Total.Q025 > 1_000_000, "uncertainty is not absorbed by the calibration");
    }

    [Fact]
    public void CalibratedTfrAndE0IntervalsMatchWpp2022()
    {
        var wpp = Wpp2022Intervals.Load();
        var gen = new TrajectoryGenerator(new StochasticSettings { Trajectories = 4000, Seed = 3, Calibration = StochasticCalibration.Wpp2022 }, wpp);
        var s = ScenarioCatalog.Load("midden", 2024);
        var trajectories = Enumerable.Range(0, 4000).Select(i => gen.Generate(s, i, 2099)).ToArray();
        foreach (int year in new[] { 2030, 2050, 2099 })
        {
            int k = year - s.BaseYear;
            var tfr = TrajectoryQuantiles.Of(trajectories.Select(t => t.Tfr[k]));
            var wt = wpp.Tfr(year);
            double vt = s.Tfr.ValueAt(year);
            // relative to WPP's median, the band around the variant is WPP's band
            Approx.Equal(wt.Q025 / wt.Q50, tfr.Q025 / vt, 0.02, $"TFR q025 {year}");
            Approx.Equal(wt.Q10 / wt.Q50, tfr.Q10 / vt, 0.02, $"TFR q10 {year}");
            Approx.Equal(wt.Q90 / wt.Q50, tfr.Q90 / vt, 0.02, $"TFR q90 {year}");
            Approx.Equal(wt.Q975 / wt.Q50, tfr.Q975 / vt, 0.02, $"TFR q975 {year}");
            var e0 = TrajectoryQuantiles.Of(trajectories.Select(t => t.E0Male[k]));
            var we = wpp.E0(PopulationIndex.Male, year);
            double ve = s.E0Male.ValueAt(year);
            Assert.InRange(e0.Q10 - ve - (we.Q10 - we.Q50), -0.15, 0.15);
            Assert.InRange(e0.Q975 - ve - (we.Q975 - we.Q50), -0.25, 0.25);
            Assert.True(trajectories.All(t => t.MigrationFactor[k] == 1), "migration is deterministic under WPP 2022 calibration");
        }
    }

    [Fact]
    public void TrajectoriesHaveTheirOwnCounterBasedStreams()
    {
        var gen = new TrajectoryGenerator(new StochasticSettings { Trajectories = 10, Seed = 9 });
        var s = ScenarioCatalog.Load("groei", 2024);
        var a = gen.Generate(s, 7, 2049);
        var b = gen.Generate(s, 7, 2099);                        // a longer horizon keeps the first draws
        Assert.Equal(a.Tfr, b.Tfr.Take(a.Tfr.Length));
        Assert.Equal(a.MigrationFactor, b.MigrationFactor.Take(a.MigrationFactor.Length));
        Assert.NotEqual(a.Tfr, gen.Generate(s, 8, 2049).Tfr);   // another trajectory, another stream
        // the same trajectory index is the same random path in another variant (common random numbers)
        var m = ScenarioCatalog.Load("midden", 2024);
        var c = gen.Generate(m, 7, 2049);
        Approx.Equal(a.Tfr[10] / s.Tfr.ValueAt(2033), c.Tfr[10] / m.Tfr.ValueAt(2033), 1e-12, "same relative deviation");
        // the latent AR(1) with standardisation has unit variance in every year
        var z = Enumerable.Range(0, 4000).Select(i => TrajectoryGenerator.LatentPath(5, i, 7, 0.99, 40, true)).ToArray();
        foreach (int h in new[] { 0, 39 })
        {
            double mean = z.Average(p => p[h]), sd = Math.Sqrt(z.Average(p => (p[h] - mean) * (p[h] - mean)));
            Assert.InRange(mean, -0.06, 0.06);
            Assert.InRange(sd, 0.95, 1.05);
        }
    }

    [Fact]
    public void JsonAddsTheStochasticBlockAndTheSameSeedGivesTheSameBytes()
    {
        string[] args = ["population", "--scenario", "all", "--stochastic", "12", "--seed", "4", "--calibrate", "wpp2022", "--to", "2030", "--format", "json"];
        var r1 = CliRunner.Run(args);
        Assert.Equal(0, r1.ExitCode);
        var r2 = CliRunner.Run(args);
        Assert.Equal(r1.Out, r2.Out);
        var other = CliRunner.Run([.. args[..6], "5", .. args[7..]]);
        Assert.NotEqual(r1.Out, other.Out);
        using var doc = JsonDocument.Parse(r1.Out);
        var root = doc.RootElement;
        Assert.Equal(["note", "scenarios", "stochastic"], root.EnumerateObject().Select(p => p.Name).ToArray());
        var st = root.GetProperty("stochastic");
        Assert.Equal(["trajectories", "quantiles"], st.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(12, st.GetProperty("trajectories").GetInt32());
        var rows = st.GetProperty("quantiles").EnumerateArray().ToArray();
        Assert.Equal(8 * (2030 - 2023 + 1), rows.Length);
        Assert.Equal(ScenarioCatalog.Names, rows.Select(r => r.GetProperty("scenario").GetString()!).Distinct().ToArray());
        foreach (var row in rows)
        {
            Assert.Equal(["scenario", "year", "total", "share_65plus", "by_origin", "by_education"], row.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(TrajectoryQuantiles.Names, row.GetProperty("total").EnumerateObject().Select(p => p.Name).ToArray());
        }
        // deterministic part unchanged by --stochastic
        var plain = CliRunner.Run("population", "--scenario", "all", "--to", "2030", "--format", "json");
        using var pdoc = JsonDocument.Parse(plain.Out);
        Assert.Equal(pdoc.RootElement.GetProperty("scenarios").GetRawText(), root.GetProperty("scenarios").GetRawText());
    }

    [Fact]
    public void TableCsvAndFanChart()
    {
        string dir = Paths.TempDir();
        string fan = Path.Combine(dir, "fan.svg");
        var t = CliRunner.Run("population", "--stochastic", "8", "--to", "2035", "--chart", fan);
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("8 stochastic trajectories", t.Out);
        string svg = File.ReadAllText(fan);
        Assert.StartsWith("<svg", svg);
        Assert.Contains("data-band=\"95\"", svg);
        Assert.Contains("data-band=\"80\"", svg);
        Assert.Contains(" mln", svg); // Dutch number format
        var c = CliRunner.Run("population", "--stochastic", "8", "--to", "2035", "--format", "csv");
        Assert.Equal(0, c.ExitCode);
        var lines = c.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("scenario,edition,year,quantity,q025,q10,q50,q90,q975", lines[0]);
        Assert.Equal((2 + PopulationIndex.Origins + PopulationIndex.Educations) * (2035 - 2023 + 1), lines.Length - 1);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    [InlineData("100001")]
    public void BadTrajectoryCountNamesTheFlagAndValue(string value)
    {
        var r = CliRunner.Run("population", "--stochastic", value, "--format", "json");
        Assert.Equal(Cohesion.Cli.ExitCodes.Usage, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains("--stochastic", r.Err);
        Assert.Contains($"'{value}'", r.Err);
    }

    [Fact]
    public void OtherBadCombinationsAreUsageErrors()
    {
        var r = CliRunner.Run("population", "--calibrate", "wpp2022");
        Assert.Equal(Cohesion.Cli.ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--calibrate wpp2022 needs --stochastic", r.Err);
        r = CliRunner.Run("population", "--stochastic", "5", "--calibrate", "wpp2024");
        Assert.Equal(Cohesion.Cli.ExitCodes.Usage, r.ExitCode);
        Assert.Contains("'wpp2024'", r.Err);
        r = CliRunner.Run("population", "--stochastic", "5", "--to", "2101");
        Assert.Equal(Cohesion.Cli.ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--to 2101", r.Err);
        r = CliRunner.Run("population", "--to", "2080");  // without --stochastic the scenario's own end year holds
        Assert.Equal(Cohesion.Cli.ExitCodes.Usage, r.ExitCode);
    }
}
