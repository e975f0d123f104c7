using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Cohesion.Demography;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Simulation;

/// <summary>Settings of one microsimulation replication.</summary>
public sealed record MicroOptions
{
    /// <summary>Fraction of the population simulated (1.0 = every resident).</summary>
    public double Scale { get; init; } = 1.0;
    public ulong Seed { get; init; } = 1;
    public int Replication { get; init; }
    public double Persistence { get; init; } = LatentProcess.DefaultPersistence;
    /// <summary>Youngest age counted in the indicator shares (the survey population).</summary>
    public int MinAge { get; init; } = 18;
    /// <summary>Threads (null = all cores). Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
    /// <summary>Also count the simulated population by demography cell every year (for checks against the projection).</summary>
    public bool CollectComposition { get; init; }
    /// <summary>Sizes of the consecutive blocks of latents renewed together (e.g. the indicators of one dimension);
    /// null = every indicator renewed on its own.</summary>
    public int[]? LatentBlocks { get; init; }
    /// <summary>Use the AVX-512 kernel where the processor has it (false = the scalar kernel; both give identical
    /// results, which the tests check).</summary>
    public bool VectorKernel { get; init; } = true;
    /// <summary>Called after each simulated year with (years done, years total).</summary>
    public Action<int, int>? Progress { get; init; }
}

/// <summary>One simulated year (population on 1 January).</summary>
public sealed record MicroYear(int Year, long Population, long Adults, long[] IndicatorCounts, double[]? Composition)
{
    public double Share(int indicator) => Adults == 0 ? double.NaN : (double)IndicatorCounts[indicator] / Adults;
}

/// <summary>The result of one replication.</summary>
public sealed record MicroRun(IReadOnlyList<MicroYear> Years, long AgentsStart, long AgentYears, double Seconds, int BytesPerAgent)
{
    public double AgentYearsPerSecond => AgentYears / Seconds;
}

/// <summary>
/// Supplies the integer thresholds of year t: <c>table[cell * stride + k]</c> for demography cell
/// (<see cref="PopulationIndex.Index"/>) and indicator k (see <see cref="LatentProcess.Threshold"/>); entries with
/// k ≥ indicator count must be 0.
/// </summary>
public delegate void ThresholdSource(int year, ushort[] table, int stride);

/// <summary>
/// Microsimulation of individual people, one replication: the population of the base year is drawn from the
/// demography engine's base counts (scaled, stochastically rounded), then each year every person ages, may emigrate
/// or die, women may give birth, immigrants arrive and education rises — with exactly the probabilities of the
/// demography engine (<see cref="ProjectionRates"/>, whose deterministic projection is therefore the expectation of
/// this simulation) — and every adult shows each indicator according to the persistent latent of
/// <see cref="LatentProcess"/>. Random numbers are counter-based (<see cref="CounterRng"/>) and the population is
/// processed in fixed chunks in parallel, so the same seed gives identical results whatever the number of threads.
/// </summary>
public sealed partial class MicroSimulation
{
    private const int ChunkSize = 1 << 16;
    private const int FlushEvery = 1 << 15; // ushort lane counters never overflow

    private readonly int _k;
    private readonly int _stride;
    private readonly LatentProcess _latent;
    private readonly MicroOptions _options;
    private readonly int[] _blockStarts;
    private readonly uint _renewThreshold;

    public MicroSimulation(int indicatorCount, MicroOptions options)
    {
        _k = indicatorCount;
        _stride = Math.Max(16, (indicatorCount + 15) / 16 * 16);
        _latent = new LatentProcess(options.Persistence);
        _options = options;
        var blocks = options.LatentBlocks ?? Enumerable.Repeat(1, indicatorCount).ToArray();
        if (blocks.Any(b => b <= 0) || blocks.Sum() != indicatorCount)
            throw new ArgumentException("latent blocks must be positive and add up to the number of indicators");
        _blockStarts = new int[blocks.Length + 1];
        for (int b = 0; b < blocks.Length; b++) _blockStarts[b + 1] = _blockStarts[b] + blocks[b];
        _renewThreshold = _latent.RenewThreshold;
        _renewal = options.VectorKernel ? RenewalTables.TryCreate(blocks, _stride, _renewThreshold) : null;
        if (!(options.Scale > 0 && options.Scale <= 1.5)) throw new ArgumentOutOfRangeException(nameof(options), "scale must be in (0, 1.5]");
    }

    /// <summary>Width of a row of the threshold table (indicators rounded up to a multiple of 16).</summary>
    public int Stride => _stride;

    /// <summary>
    /// Runs from <paramref name="firstYear"/> (population <paramref name="basePopulation"/> on 1 January, counts by
    /// <see cref="PopulationIndex.Index"/>) to <paramref name="lastYear"/> (1 January), using
    /// <paramref name="rates"/>(t) for the year t → t+1.
    /// </summary>
    public MicroRun Run(ReadOnlySpan<double> basePopulation, int firstYear, int lastYear, Func<int, ProjectionRates> rates, ThresholdSource thresholds)
    {
        if (basePopulation.Length != CellCount) throw new ArgumentException("base population must have PopulationIndex.CellCount cells");
        var sw = Stopwatch.StartNew();
        var pop = CreateBase(basePopulation);
        long agentsStart = pop.CountAlive();
        var table = new ushort[CellCount * _stride];
        var years = new List<MicroYear>();
        long agentYears = 0;
        var scratch = new ChunkState[0];
        int total = lastYear - firstYear + 1;
        for (int t = firstYear; t <= lastYear; t++)
        {
            Array.Clear(table);
            thresholds(t, table, _stride);
            bool advance = t < lastYear;
            var r = advance ? rates(t) : null;
            int chunks = (pop.SlotCount + ChunkSize - 1) / ChunkSize;
            if (scratch.Length < chunks)
            {
                var s2 = new ChunkState[chunks];
                Array.Copy(scratch, s2, scratch.Length);
                for (int i = scratch.Length; i < chunks; i++) s2[i] = new ChunkState(_stride, _options.CollectComposition);
                scratch = s2;
            }
            ulong yearKey = CounterRng.Key(CounterRng.RunKey(_options.Seed, _options.Replication, CounterRng.PersonYear), t, 0);
            bool renew = t > firstYear;
            var eventThresholds = r is null ? null : new YearThresholds(r);
            var po = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
            Parallel.For(0, chunks, po, c =>
            {
                var st = scratch[c];
                st.Reset();
                if (_renewal is not null) ProcessChunk(pop, c, st, table, eventThresholds, yearKey, renew, new VectorLatents(_renewal));
                else ProcessChunk(pop, c, st, table, eventThresholds, yearKey, renew, new ScalarLatents(this, st));
            });

            long population = 0, adults = 0;
            var counts = new long[_k];
            double[]? composition = _options.CollectComposition ? new double[CellCount] : null;
            for (int c = 0; c < chunks; c++)
            {
                var s = scratch[c];
                population += s.Population;
                adults += s.Adults;
                for (int k = 0; k < _k; k++) counts[k] += s.Counts[k];
                if (composition is not null) for (int i = 0; i < CellCount; i++) composition[i] += s.Composition![i];
            }
            agentYears += population;
            years.Add(new MicroYear(t, population, adults, counts, composition));
            if (advance) PlaceArrivals(pop, scratch, chunks, r!, t);
            _options.Progress?.Invoke(t - firstYear + 1, total);
        }
        sw.Stop();
        return new MicroRun(years, agentsStart, agentYears, sw.Elapsed.TotalSeconds, pop.BytesPerAgent);
    }

    /// <summary>Per-chunk results and buffers, reused from year to year.</summary>
    private sealed class ChunkState(int stride, bool composition)
    {
        public readonly long[] Counts = new long[stride];
        /// <summary>16-bit lane counters (at least 32, the width of the AVX-512 kernel's accumulator).</summary>
        public readonly ushort[] Lanes = new ushort[Math.Max(stride, 32)];
        public long Population, Adults;
        public readonly List<int> Holes = new();
        /// <summary>Newborns alive on the next 1 January: packed group (age 0).</summary>
        public readonly List<byte> Newborns = new();
        public readonly double[]? Composition = composition ? new double[CellCount] : null;

        /// <summary>Adds the lane counters to the counts and clears them.</summary>
        public void AddLanes()
        {
            for (int i = 0; i < Counts.Length; i++) Counts[i] += Lanes[i];
            Array.Clear(Lanes);
        }

        public void Reset()
        {
            Array.Clear(Counts);
            Array.Clear(Lanes);
            Holes.Clear();
            Newborns.Clear();
            if (Composition is not null) Array.Clear(Composition);
        }
    }

    private AgentPopulation CreateBase(ReadOnlySpan<double> basePopulation)
    {
        double expected = 0;
        foreach (var x in basePopulation)
        {
            if (!(x >= 0) || double.IsInfinity(x)) throw new ArgumentException("base population counts must be finite and non-negative");
            expected += x;
        }
        expected *= _options.Scale;
        var pop = new AgentPopulation(_k, (int)Math.Min(int.MaxValue - 4096, expected * 1.3 + 4096));
        ulong key = CounterRng.RunKey(_options.Seed, _options.Replication, CounterRng.BasePopulation);
        int slot = 0;
        for (int cell = 0; cell < CellCount; cell++)
        {
            int n = StochasticRound(basePopulation[cell] * _options.Scale, CounterRng.Key(key, 0, (ulong)cell));
            if (n == 0) continue;
            pop.SlotCount = slot;
            pop.EnsureCapacity(slot + n);
            var (s, a, o, e) = Decompose(cell);
            byte g = AgentPopulation.Pack(s, e, o);
            pop.Age.AsSpan(slot, n).Fill((byte)a);
            pop.Group.AsSpan(slot, n).Fill(g);
            for (int i = 0; i < n; i++) pop.Id[slot + i] = (uint)(slot + i);
            slot += n;
        }
        pop.SlotCount = slot;
        pop.NextId = (uint)slot;
        // fresh latents, in parallel by fixed blocks (each person's draws depend only on its id)
        int k = _k;
        var latent = pop.Latent;
        var ids = pop.Id;
        int blocks = (slot + ChunkSize - 1) / ChunkSize;
        var po = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, blocks, po, b =>
        {
            int end = Math.Min(slot, (b + 1) * ChunkSize);
            for (int p = b * ChunkSize; p < end; p++)
            {
                var rng = new RngStream(CounterRng.Key(key, 1, ids[p]));
                LatentProcess.Draw(latent.AsSpan(p * k, k), ref rng);
            }
        });
        return pop;
    }

    /// <summary>floor(x) plus one with probability frac(x): expectation exactly x.</summary>
    private static int StochasticRound(double x, ulong key)
    {
        double f = Math.Floor(x);
        return (int)f + (CounterRng.Uniform(CounterRng.Mix(key)) < x - f ? 1 : 0);
    }

    /// <summary>The year's event probabilities as 32-bit integer thresholds (an event happens when 32 random bits are
    /// below the threshold: probability threshold/2³², within 2⁻³³ of the engine's probability).</summary>
    private sealed class YearThresholds
    {
        public readonly uint[] Gone = new uint[Origins * Sexes * Ages];      // emigrate, or die if staying
        public readonly uint[] Birth = new uint[Origins * Ages];             // full-year exposure
        public readonly uint[] BirthHalf = new uint[Origins * Ages];         // half-year exposure (left during the year)
        public readonly uint[] LowUp = new uint[Sexes * Ages * Origins];     // low → at least middle
        public readonly uint[] LowHigh = new uint[Sexes * Ages * Origins];   // low → high (both steps)
        public readonly uint[] MidHigh = new uint[Sexes * Ages * Origins];   // middle → high
        public uint Male, SurviveMale, SurviveFemale;

        public static uint Of(double p) => p <= 0 ? 0u : p >= 1 ? uint.MaxValue : (uint)Math.Round(p * 4294967296.0);

        public YearThresholds(ProjectionRates r)
        {
            for (int o = 0; o < Origins; o++)
            for (int sx = 0; sx < Sexes; sx++)
            for (int a = 0; a < Ages; a++)
            {
                double pe = r.EmigrationRate[(o * Sexes + sx) * Ages + a], pd = r.DeathProbability[sx * Ages + a];
                Gone[(o * Sexes + sx) * Ages + a] = Of(pe + (1 - pe) * pd);
                int ei = (sx * Ages + a) * Origins + o;
                LowUp[ei] = Of(r.LowToMiddle[ei]);
                LowHigh[ei] = Of(r.LowToMiddle[ei] * r.MiddleToHigh[ei]);
                MidHigh[ei] = Of(r.MiddleToHigh[ei]);
            }
            for (int i = 0; i < Birth.Length; i++) { Birth[i] = Of(r.Fertility[i]); BirthHalf[i] = Of(r.Fertility[i] * 0.5); }
            Male = Of(r.MaleBirthFraction);
            SurviveMale = Of(r.BirthSurvival[PopulationIndex.Male]);
            SurviveFemale = Of(r.BirthSurvival[PopulationIndex.Female]);
        }
    }

    /// <summary>The latent part of one person-year: renewal (from the person's stream) and the compare-and-count
    /// against the thresholds of the person's cell. Implemented once per instruction set; every implementation gives
    /// the same results.</summary>
    private interface ILatentKernel
    {
        /// <summary>Starts a person (latents at <paramref name="row"/>): renews the latents when <paramref name="renew"/>
        /// and returns the person's stream positioned for the year's events.</summary>
        RngStream Begin(ref ushort row, ulong key, bool renew);
        /// <summary>Counts the latents of the person begun (at <paramref name="row"/>) below the thresholds.</summary>
        void Count(ref ushort row, ref ushort thresholds);
        /// <summary>Adds the lane counters to the chunk's counts and clears them.</summary>
        void Flush(ChunkState st);
    }

    /// <summary>Scalar renewal (<see cref="LatentProcess.RenewBlocks"/>) and AVX2 counting.</summary>
    private struct ScalarLatents(MicroSimulation sim, ChunkState st) : ILatentKernel
    {
        private readonly int[] _blockStarts = sim._blockStarts;
        private readonly int _k = sim._k, _stride = sim._stride;
        private readonly uint _renewThreshold = sim._renewThreshold;
        private readonly ushort[] _lanes = st.Lanes;
        private Vector256<ushort> _acc0, _acc1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public RngStream Begin(ref ushort row, ulong key, bool renew)
        {
            var rng = new RngStream(key);
            if (renew) LatentProcess.RenewBlocks(MemoryMarshal.CreateSpan(ref row, _k), _blockStarts, _renewThreshold, ref rng);
            return rng;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Count(ref ushort row, ref ushort thresholds)
        {
            if (_stride == 32)
            {
                // all-ones lanes (−1) where latent < threshold
                _acc0 -= Vector256.LessThan(Vector256.LoadUnsafe(ref row), Vector256.LoadUnsafe(ref thresholds));
                _acc1 -= Vector256.LessThan(Vector256.LoadUnsafe(ref row, 16), Vector256.LoadUnsafe(ref thresholds, 16));
                return;
            }
            ref ushort lanes0 = ref MemoryMarshal.GetArrayDataReference(_lanes);
            for (int v = 0; v < _stride; v += 16)
            {
                var acc = Vector256.LoadUnsafe(ref lanes0, (nuint)v);
                acc -= Vector256.LessThan(Vector256.LoadUnsafe(ref row, (nuint)v), Vector256.LoadUnsafe(ref thresholds, (nuint)v));
                acc.StoreUnsafe(ref lanes0, (nuint)v);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would keep this struct in memory
        public void Flush(ChunkState st)
        {
            if (_stride == 32)
            {
                _acc0.StoreUnsafe(ref st.Lanes[0]);
                _acc1.StoreUnsafe(ref st.Lanes[16]);
                _acc0 = Vector256<ushort>.Zero;
                _acc1 = Vector256<ushort>.Zero;
            }
            st.AddLanes();
        }
    }

    private void ProcessChunk<TLatents>(AgentPopulation pop, int chunk, ChunkState st, ushort[] table, YearThresholds? r, ulong yearKey, bool renew, TLatents latents)
        where TLatents : struct, ILatentKernel
    {
        int start = chunk * ChunkSize, end = Math.Min(pop.SlotCount, start + ChunkSize);
        int k = _k, stride = _stride, minAge = _options.MinAge;
        var composition = st.Composition;
        long population = 0, adults = 0;
        var ageA = pop.Age; var groupA = pop.Group; var idA = pop.Id;
        ref ushort lat0 = ref MemoryMarshal.GetArrayDataReference(pop.Latent);
        ref ushort thr0 = ref MemoryMarshal.GetArrayDataReference(table);
        int sinceFlush = 0;

        for (int p = start; p < end; p++)
        {
            int a = ageA[p];
            if (a == AgentPopulation.Empty) { st.Holes.Add(p); continue; }
            byte g = groupA[p];
            int s = g & 1, e = (g >> 1) & 3, o = g >> 3;
            population++;
            ref ushort lrow = ref Unsafe.Add(ref lat0, p * k);
            var rng = latents.Begin(ref lrow, CounterRng.PersonKey(yearKey, idA[p]), renew);
            if (composition is not null) composition[AgentPopulation.CellOf(a, g)] += 1;
            if (a >= minAge)
            {
                adults++;
                int cell = ((s * Ages + a) * Origins + o) * Educations + e;
                latents.Count(ref lrow, ref Unsafe.Add(ref thr0, cell * stride));
                if (++sinceFlush == FlushEvery) { latents.Flush(st); sinceFlush = 0; }
            }
            if (r is null) continue;

            LiveYear(st, r, ageA, groupA, p, a, s, e, o, ref rng);
        }
        latents.Flush(st);
        st.Population = population;
        st.Adults = adults;
    }

    /// <summary>One person's year after counting: emigration or death, births, ageing and education.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LiveYear(ChunkState st, YearThresholds r, byte[] ageA, byte[] groupA, int p, int a, int s, int e, int o, ref RngStream rng)
    {
        // emigration, then death among those who stay (one draw), as ProjectionStep
        ulong bits = rng.Next();
        bool gone = (uint)bits < r.Gone[(o * Sexes + s) * Ages + a];
        if (s == Female)
        {
            uint fb = (gone ? r.BirthHalf : r.Birth)[o * Ages + a];
            if (fb != 0)
            {
                ulong b2 = rng.Next();
                if ((uint)b2 < fb)
                {
                    bool boy = (uint)(b2 >> 32) < r.Male;
                    if ((uint)rng.Next() < (boy ? r.SurviveMale : r.SurviveFemale))
                        st.Newborns.Add(AgentPopulation.Pack(boy ? Male : Female, Low, ChildOrigin(o)));
                }
            }
        }
        if (gone)
        {
            ageA[p] = AgentPopulation.Empty;
            st.Holes.Add(p);
            return;
        }
        // ageing and education (low → middle → high with the demography engine's probabilities)
        uint ue = (uint)(bits >> 32);
        int ei = (s * Ages + a) * Origins + o;
        if (e == Low) { if (ue < r.LowUp[ei]) e = ue < r.LowHigh[ei] ? High : Middle; }
        else if (e == Middle && ue < r.MidHigh[ei]) e = High;
        ageA[p] = (byte)(a == MaxAge ? MaxAge : a + 1);
        groupA[p] = AgentPopulation.Pack(s, e, o);
    }

    /// <summary>Immigrants of year t (those alive on 1 January t+1) and the year's newborns take the free slots in
    /// slot order, then new slots; ids are handed out in that deterministic order. The immigrants of each cell are
    /// drawn in parallel (each from its own counter key), listed in cell order, and the arrivals' state and fresh
    /// latents are written in parallel (each keyed by its id).</summary>
    private void PlaceArrivals(AgentPopulation pop, ChunkState[] scratch, int chunks, ProjectionRates r, int year)
    {
        ulong immKey = CounterRng.RunKey(_options.Seed, _options.Replication, CounterRng.Immigrant);
        var im = r.Immigrants;
        var po = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        const int CellsPerBlock = 64;
        var byBlock = new List<(byte Age, byte Group)>[(CellCount + CellsPerBlock - 1) / CellsPerBlock];
        Parallel.For(0, byBlock.Length, po, b =>
        {
            var list = byBlock[b] = new List<(byte Age, byte Group)>();
            for (int cell = b * CellsPerBlock; cell < Math.Min(CellCount, (b + 1) * CellsPerBlock); cell++)
                if (im[cell] > 0) Immigrants(list, r, cell, CounterRng.Key(immKey, year, (ulong)cell), year);
        });
        int count = byBlock.Sum(l => l.Count);
        for (int c = 0; c < chunks; c++) count += scratch[c].Newborns.Count;
        var age = new byte[count];
        var group = new byte[count];
        int n = 0;
        foreach (var list in byBlock)
            foreach (var (a, g) in list) { age[n] = a; group[n++] = g; }
        for (int c = 0; c < chunks; c++)
            foreach (var g in scratch[c].Newborns) { age[n] = 0; group[n++] = g; }

        // slots: the free slots of the chunks in order, then new ones
        var slots = new int[count];
        int chunkIndex = 0, holeIndex = 0;
        for (int j = 0; j < count; j++)
        {
            int slot = -1;
            while (chunkIndex < chunks)
            {
                var holes = scratch[chunkIndex].Holes;
                if (holeIndex < holes.Count) { slot = holes[holeIndex++]; break; }
                chunkIndex++; holeIndex = 0;
            }
            if (slot < 0)
            {
                pop.EnsureCapacity(pop.SlotCount + 1);
                slot = pop.SlotCount++;
            }
            slots[j] = slot;
        }
        uint firstId = pop.NextId;
        pop.NextId += (uint)count;

        ulong newKey = CounterRng.RunKey(_options.Seed, _options.Replication, CounterRng.NewbornLatent);
        int k = _k;
        var ageA = pop.Age; var groupA = pop.Group; var idA = pop.Id; var latent = pop.Latent;
        const int PerBlock = 4096;
        Parallel.For(0, (count + PerBlock - 1) / PerBlock, po, b =>
        {
            for (int j = b * PerBlock; j < Math.Min(count, (b + 1) * PerBlock); j++)
            {
                int slot = slots[j];
                uint id = firstId + (uint)j;
                ageA[slot] = age[j];
                groupA[slot] = group[j];
                idA[slot] = id;
                var rng = new RngStream(CounterRng.Key(newKey, year + 1, id));
                LatentProcess.Draw(latent.AsSpan(slot * k, k), ref rng);
            }
        });
    }

    /// <summary>The immigrants of one cell in year t alive on 1 January t+1 and their newborns, in draw order.</summary>
    private void Immigrants(List<(byte Age, byte Group)> arrivals, ProjectionRates r, int cell, ulong cellKey, int year)
    {
        int n = StochasticRound(r.Immigrants[cell] * _options.Scale, cellKey);
        if (n == 0) return;
        var (s, a, o, e) = Decompose(cell);
        double pd = r.DeathProbability[s * Ages + a] / 2; // arrive mid-year on average
        int ei = (s * Ages + a) * Origins + o;
        for (int i = 0; i < n; i++)
        {
            var rng = new RngStream(CounterRng.Key(cellKey, year, (ulong)i + 1));
            ulong bits = rng.Next();
            bool died = CounterRng.Uniform32((uint)bits) < pd;
            if (s == Female)
            {
                double f = r.Fertility[o * Ages + a];
                if (f > 0)
                {
                    ulong b2 = rng.Next();
                    if (CounterRng.Uniform32((uint)b2) < f * (died ? 0.0 : 0.5))
                    {
                        bool boy = CounterRng.Uniform32((uint)(b2 >> 32)) < r.MaleBirthFraction;
                        if (rng.NextDouble() < r.BirthSurvival[boy ? Male : Female])
                            arrivals.Add((0, AgentPopulation.Pack(boy ? Male : Female, Low, ChildOrigin(o))));
                    }
                }
            }
            if (died) continue;
            double ue = CounterRng.Uniform32((uint)(bits >> 32));
            int ee = e;
            if (ee == Low)
            {
                double up = r.LowToMiddle[ei];
                if (ue < up) ee = ue < up * r.MiddleToHigh[ei] ? High : Middle;
            }
            else if (ee == Middle && ue < r.MiddleToHigh[ei]) ee = High;
            arrivals.Add(((byte)(a == MaxAge ? MaxAge : a + 1), AgentPopulation.Pack(s, ee, o)));
        }
    }
}
