using Cohesion.Demography;
using Cohesion.Simulation;
using Xunit;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Tests.Simulation;

/// <summary>The microsimulation kernel against the deterministic cohort-component step it must have as expectation.</summary>
public class MicroSimulationTests
{
    /// <summary>Plausible synthetic rates (Gompertz mortality, fertility 20–40, emigration, immigration, education).</summary>
    internal static ProjectionRates SyntheticRates(int year)
    {
        var r = new ProjectionRates(year);
        for (int s = 0; s < Sexes; s++)
        for (int a = 0; a < Ages; a++)
        {
            r.DeathProbability[SexAge(s, a)] = Math.Min(0.6, 0.0002 + 0.00003 * Math.Exp(0.095 * a) * (s == Male ? 1.3 : 1));
            for (int o = 0; o < Origins; o++)
            {
                r.EmigrationRate[OriginSexAge(o, s, a)] = a is >= 20 and < 40 ? 0.004 * (1 + o) : 0.002;
                int ei = ProjectionRates.EducationIndex(s, a, o);
                r.LowToMiddle[ei] = a is >= 15 and <= 22 ? 0.18 + 0.01 * o : 0;
                r.MiddleToHigh[ei] = a is >= 18 and <= 28 ? 0.07 : 0;
                for (int e = 0; e < Educations; e++)
                    r.Immigrants[Index(s, a, o, e)] = o is G1Classic or G1Asylum or G1Labour && a is >= 18 and <= 45 ? 40 + 10 * e : 0;
            }
        }
        for (int o = 0; o < Origins; o++)
        for (int a = 20; a <= 40; a++) r.Fertility[o * Ages + a] = 0.07 + 0.01 * (o % 3);
        r.BirthSurvival[Male] = 0.9965; r.BirthSurvival[Female] = 0.997;
        return r;
    }

    internal static double[] SyntheticBase()
    {
        var p = new double[CellCount];
        for (int s = 0; s < Sexes; s++)
        for (int a = 0; a < Ages; a++)
        for (int o = 0; o < Origins; o++)
        for (int e = 0; e < Educations; e++)
        {
            double ageShape = a < 85 ? 1 : Math.Exp(-(a - 85) * 0.25);
            double originShare = o == Dutch ? 0.75 : 0.04;
            double eduShare = a < 16 ? (e == Low ? 1 : 0) : e switch { Low => 0.3, Middle => 0.4, _ => 0.3 };
            p[Index(s, a, o, e)] = 2000 * ageShape * originShare * eduShare;
        }
        return p;
    }

    /// <summary>Thresholds for two indicators: one rising with education, one with age; children 0.</summary>
    internal static void SyntheticThresholds(int year, ushort[] table, int stride)
    {
        for (int cell = 0; cell < CellCount; cell++)
        {
            var (s, a, o, e) = Decompose(cell);
            if (a < 18) continue;
            table[cell * stride] = LatentProcess.Threshold(0.4 + 0.2 * e - 0.03 * o + 0.002 * (year - 2024));
            table[cell * stride + 1] = LatentProcess.Threshold(0.2 + 0.006 * a + 0.02 * s);
        }
    }

    private static double[] Project(double[] start, int years, out List<double[]> path)
    {
        path = [start];
        var cur = start;
        for (int y = 0; y < years; y++)
        {
            var next = new double[CellCount];
            ProjectionStep.Advance(cur, SyntheticRates(2024 + y), next, new YearFlows(2024 + y));
            path.Add(next);
            cur = next;
        }
        return cur;
    }

    [Fact]
    public void MeanOverReplicationsMatchesTheDeterministicProjection()
    {
        const double scale = 0.15;
        const int reps = 12, years = 8;
        var basePop = SyntheticBase();
        Project(basePop, years, out var path);
        var runs = new List<MicroRun>();
        for (int rep = 0; rep < reps; rep++)
        {
            var sim = new MicroSimulation(2, new MicroOptions { Scale = scale, Seed = 11, Replication = rep, CollectComposition = true });
            runs.Add(sim.Run(basePop, 2024, 2024 + years, SyntheticRates, SyntheticThresholds));
        }
        for (int y = 0; y <= years; y++)
        {
            // population by origin and by education, and the indicator shares: mean within 4 MC SE of the expectation
            for (int group = 0; group < Origins + Educations; group++)
            {
                double expected = 0;
                for (int cell = 0; cell < CellCount; cell++)
                {
                    var (_, _, o, e) = Decompose(cell);
                    if (group < Origins ? o == group : e == group - Origins) expected += path[y][cell] * scale;
                }
                var values = runs.Select(r =>
                {
                    double v = 0;
                    var comp = r.Years[y].Composition!;
                    for (int cell = 0; cell < CellCount; cell++)
                    {
                        var (_, _, o, e) = Decompose(cell);
                        if (group < Origins ? o == group : e == group - Origins) v += comp[cell];
                    }
                    return v;
                }).ToArray();
                AssertWithinMcError(expected, values, $"year {2024 + y} group {group}");
            }
            for (int k = 0; k < 2; k++)
            {
                double num = 0, den = 0;
                var table = new ushort[CellCount * 16];
                SyntheticThresholds(2024 + y, table, 16);
                for (int cell = 0; cell < CellCount; cell++)
                {
                    if (Decompose(cell).Age < 18) continue;
                    num += path[y][cell] * table[cell * 16 + k] / 65536.0;
                    den += path[y][cell];
                }
                AssertWithinMcError(num / den, runs.Select(r => r.Years[y].Share(k)).ToArray(), $"year {2024 + y} indicator {k}");
            }
        }
    }

    private static void AssertWithinMcError(double expected, double[] values, string what)
    {
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double se = sd / Math.Sqrt(values.Length);
        // 4.5 SE: over ~100 correlated comparisons with an SE estimated from 12 replications
        Assert.True(Math.Abs(mean - expected) <= 4.5 * se + 1e-9 * Math.Abs(expected),
            $"{what}: micro mean {mean} vs expected {expected}, MC SE {se}");
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsWhateverTheThreadCount()
    {
        var basePop = SyntheticBase();
        MicroRun Run(int threads) => new MicroSimulation(2, new MicroOptions { Scale = 0.5, Seed = 3, MaxDegreeOfParallelism = threads, CollectComposition = true })
            .Run(basePop, 2024, 2030, SyntheticRates, SyntheticThresholds);
        var one = Run(1);
        var two = Run(2);
        var four = Run(4);
        Assert.True(one.AgentsStart > 65536 * 2, "the test needs several chunks");
        for (int y = 0; y < one.Years.Count; y++)
        {
            foreach (var other in new[] { two, four })
            {
                Assert.Equal(one.Years[y].Population, other.Years[y].Population);
                Assert.Equal(one.Years[y].IndicatorCounts, other.Years[y].IndicatorCounts);
                Assert.Equal(one.Years[y].Composition, other.Years[y].Composition);
            }
        }
        var otherSeed = new MicroSimulation(2, new MicroOptions { Scale = 0.5, Seed = 4 }).Run(basePop, 2024, 2030, SyntheticRates, SyntheticThresholds);
        Assert.NotEqual(one.Years[^1].IndicatorCounts, otherSeed.Years[^1].IndicatorCounts);
    }

    [Theory]
    [InlineData(new[] { 3, 5, 10, 5 }, 0.8)]  // the built-in framework's four dimensions
    [InlineData(new[] { 1, 1 }, 0.8)]
    [InlineData(new[] { 4, 4, 4, 4, 4, 4 }, 0.5)] // more blocks than the vector kernel takes: both scalar
    [InlineData(new[] { 16, 16 }, 0.0)]       // every block renewed every year
    public void VectorKernelGivesTheScalarKernelsResults(int[] blocks, double persistence)
    {
        int k = blocks.Sum();
        var basePop = SyntheticBase();
        void Thresholds(int year, ushort[] table, int stride)
        {
            for (int cell = 0; cell < CellCount; cell++)
            {
                var (s, a, o, e) = Decompose(cell);
                if (a < 18) continue;
                for (int j = 0; j < k; j++)
                    table[cell * stride + j] = LatentProcess.Threshold(0.1 + 0.8 * ((j * 37 + a * 3 + e * 11 + o * 5 + s + year) % 97) / 97.0);
            }
        }
        MicroRun Run(bool vector, int threads) => new MicroSimulation(k, new MicroOptions
        {
            Scale = 0.3, Seed = 11, Replication = 2, Persistence = persistence, LatentBlocks = blocks, VectorKernel = vector,
            MaxDegreeOfParallelism = threads, CollectComposition = true,
        }).Run(basePop, 2024, 2029, SyntheticRates, Thresholds);
        var scalar = Run(false, 1);
        foreach (var other in new[] { Run(true, 1), Run(true, 2) })
        {
            Assert.Equal(scalar.AgentYears, other.AgentYears);
            for (int y = 0; y < scalar.Years.Count; y++)
            {
                Assert.Equal(scalar.Years[y].Population, other.Years[y].Population);
                Assert.Equal(scalar.Years[y].Adults, other.Years[y].Adults);
                Assert.Equal(scalar.Years[y].IndicatorCounts, other.Years[y].IndicatorCounts);
                Assert.Equal(scalar.Years[y].Composition, other.Years[y].Composition);
            }
        }
        Assert.True(scalar.Years[^1].IndicatorCounts.Take(k).All(c => c > 0));
    }

    [Fact]
    public void LatentPersistsWithTheDocumentedYearToYearCorrelation()
    {
        // With constant thresholds and no demography, P(same answer next year) = ρ + (1 − ρ)(p² + (1 − p)²).
        var lp = new LatentProcess(0.8);
        int n = 200_000, k = 8;
        var lat = new ushort[n * k];
        var before = new ushort[n * k];
        for (int i = 0; i < n; i++)
        {
            var rng = new RngStream(CounterRng.Key(1, 0, (ulong)i));
            LatentProcess.Draw(lat.AsSpan(i * k, k), ref rng);
        }
        lat.CopyTo(before, 0);
        for (int i = 0; i < n; i++)
        {
            var rng = new RngStream(CounterRng.Key(1, 1, (ulong)i));
            lp.Renew(lat.AsSpan(i * k, k), ref rng);
        }
        ushort t = LatentProcess.Threshold(0.66);
        double kept = 0, same = 0, shareBefore = 0, shareAfter = 0;
        for (int j = 0; j < n * k; j++)
        {
            if (lat[j] == before[j]) kept++;
            if ((lat[j] < t) == (before[j] < t)) same++;
            if (before[j] < t) shareBefore++;
            if (lat[j] < t) shareAfter++;
        }
        int m = n * k;
        Assert.InRange(kept / m, 0.8 - 0.004, 0.8 + 0.004);  // a few identical redraws (1/65536) are negligible
        Assert.InRange(same / m, 0.8 + 0.2 * (0.66 * 0.66 + 0.34 * 0.34) - 0.004, 0.8 + 0.2 * (0.66 * 0.66 + 0.34 * 0.34) + 0.004);
        Assert.InRange(shareBefore / m, 0.66 - 0.004, 0.66 + 0.004);
        Assert.InRange(shareAfter / m, 0.66 - 0.004, 0.66 + 0.004);
    }

    [Fact]
    public void BlocksOfLatentsAreRenewedTogetherWithProbabilityOneMinusRho()
    {
        var lp = new LatentProcess(0.8);
        int n = 100_000, k = 8;
        int[] starts = [0, 3, 8];
        var lat = new ushort[n * k];
        for (int i = 0; i < n; i++)
        {
            var rng = new RngStream(CounterRng.Key(2, 0, (ulong)i));
            LatentProcess.Draw(lat.AsSpan(i * k, k), ref rng);
        }
        var before = (ushort[])lat.Clone();
        int keptBlocks = 0, mixed = 0;
        for (int i = 0; i < n; i++)
        {
            var rng = new RngStream(CounterRng.Key(2, 1, (ulong)i));
            LatentProcess.RenewBlocks(lat.AsSpan(i * k, k), starts, lp.RenewThreshold, ref rng);
            for (int b = 0; b < 2; b++)
            {
                int same = 0;
                for (int j = starts[b]; j < starts[b + 1]; j++) if (lat[i * k + j] == before[i * k + j]) same++;
                if (same == starts[b + 1] - starts[b]) keptBlocks++;
                else if (same > 1) mixed++; // a renewed block keeps at most a chance coincidence (1/65536 per latent)
            }
        }
        Assert.InRange(keptBlocks / (2.0 * n), 0.8 - 0.005, 0.8 + 0.005);
        Assert.Equal(0, mixed);
        // margins stay uniform: the share below a threshold is unchanged
        ushort t = LatentProcess.Threshold(0.3);
        Assert.InRange(lat.Count(v => v < t) / (double)(n * k), 0.3 - 0.004, 0.3 + 0.004);
    }

    [Fact]
    public void StateIsAtMost64BytesPerAgent()
    {
        Assert.Equal(6 + 2 * 22, new AgentPopulation(22, 10).BytesPerAgent);
        Assert.True(new AgentPopulation(29, 10).BytesPerAgent <= 64);
    }
}
