using System.Globalization;

namespace Cohesion.Statistics.Survey;

/// <summary>Turns <see cref="SurveyDesignOptions"/> into the stage structure R's <c>svydesign.default</c> and
/// <c>as.fpc</c> build: later-stage clusters nested in earlier ones, clusters nested in strata when asked,
/// sample sizes per stratum and population sizes from the fpc.</summary>
internal static class DesignBuilder
{
    public static SurveyDesign Build(SurveyDesignOptions o)
    {
        var w = o.Weights ?? throw new ArgumentNullException(nameof(o.Weights));
        int n = w.Length;
        if (n == 0) throw new CohesionException("the design has no rows", column: o.WeightsName);
        for (int i = 0; i < n; i++)
        {
            double v = w[i];
            if (double.IsNaN(v)) throw new CohesionException("missing weight", column: o.WeightsName, row: i + 1);
            if (!double.IsFinite(v)) throw new CohesionException($"weight is not finite ({v})", column: o.WeightsName, row: i + 1);
            if (v <= 0) throw new CohesionException($"weight must be > 0, got {Fmt(v)}", column: o.WeightsName, row: i + 1);
        }
        var clusters = o.Clusters?.Where(c => c is not null).ToArray() ?? [];
        foreach (var c in clusters) if (c.Length != n) throw new ArgumentException("cluster array length differs from weights");
        if (o.Strata is not null && o.Strata.Length != n) throw new ArgumentException("strata array length differs from weights");
        bool hasStrata = o.Strata is not null;
        int stageCount = Math.Max(1, clusters.Length);
        var fpc = o.Fpc?.Where(f => f is not null).ToArray() ?? [];
        if (fpc.Length > 0 && fpc.Length != stageCount)
            throw new CohesionException($"give one fpc per sampling stage: {stageCount} stage(s) but {fpc.Length} fpc column(s)",
                column: FpcName(o, 0));

        var stages = new DesignStage[stageCount];
        // ---- stage 1
        {
            var unitOfRow = new int[n];
            int[] strata = o.Strata ?? new int[n];
            var rowIds = Enumerable.Range(0, clusters.Length == 0 ? n : 0).ToArray();
            int[] first = clusters.Length == 0 ? new int[n] : o.Nest && hasStrata ? strata : new int[n];
            int[] second = clusters.Length == 0 ? rowIds : clusters[0];
            var unitIndex = new PairIndex(first, second);
            var unitStratum = new List<int>();
            var unitFirstRow = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int u = unitIndex.GetOrAdd(first[i], second[i], out bool added);
                if (added)
                {
                    unitStratum.Add(strata[i]);
                    unitFirstRow.Add(i);
                }
                else if (unitStratum[u] != strata[i])
                    throw new CohesionException(
                        $"cluster appears in more than one stratum (rows {unitFirstRow[u] + 1} and {i + 1}); clusters are not nested in strata at the top level — declare them nested (R's nest=TRUE) if cluster codes repeat across strata",
                        column: ClusterName(o, 0), row: i + 1);
                unitOfRow[i] = u;
            }
            int unitCount = unitIndex.Count;
            if (unitCount == 1 && !(o.Nest && hasStrata))
                throw new CohesionException("the design has only one primary sampling unit", column: ClusterName(o, 0));
            var groupIndex = new Dictionary<int, int>();
            var groupOfUnit = new int[unitCount];
            var groupCode = new List<int>();
            var groupFirstRow = new List<int>();
            for (int u = 0; u < unitCount; u++)
            {
                int s = unitStratum[u];
                if (!groupIndex.TryGetValue(s, out int g))
                {
                    g = groupIndex.Count;
                    groupIndex[s] = g;
                    groupCode.Add(s);
                    groupFirstRow.Add(unitFirstRow[u]);
                }
                groupOfUnit[u] = g;
            }
            stages[0] = MakeStage(n, unitOfRow, unitCount, groupOfUnit, groupIndex.Count, new int[groupIndex.Count].Select(_ => -1).ToArray(),
                groupCode.ToArray(), groupFirstRow.ToArray(), unitFirstRow.ToArray());
        }
        // ---- later stages: clusters nested in the previous stage's units
        for (int s = 1; s < stageCount; s++)
        {
            var prev = stages[s - 1];
            var unitOfRow = new int[n];
            var unitIndex = new PairIndex(prev.UnitOfRow, clusters[s]);
            var unitFirstRow = new List<int>();
            var groupOfUnitList = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int parent = prev.UnitOfRow[i];
                int u = unitIndex.GetOrAdd(parent, clusters[s][i], out bool added);
                if (added)
                {
                    unitFirstRow.Add(i);
                    groupOfUnitList.Add(parent);
                }
                unitOfRow[i] = u;
            }
            int groupCount = prev.UnitCount;
            var groupFirstRow = new int[groupCount];
            for (int g = 0; g < groupCount; g++) groupFirstRow[g] = prev.UnitFirstRow[g];
            stages[s] = MakeStage(n, unitOfRow, unitIndex.Count, groupOfUnitList.ToArray(), groupCount,
                Enumerable.Range(0, groupCount).ToArray(), new int[groupCount], groupFirstRow, unitFirstRow.ToArray());
        }
        // ---- finite population corrections (R's as.fpc)
        if (fpc.Length > 0) ApplyFpc(o, fpc, stages, n);
        return new SurveyDesign(n, (double[])w.Clone(), stages, fpc.Length > 0, o.LonelyPsu, o, null, []);
    }

    private static DesignStage MakeStage(int n, int[] unitOfRow, int unitCount, int[] groupOfUnit, int groupCount,
        int[] parentOfGroup, int[] groupCode, int[] groupFirstRow, int[] unitFirstRow)
    {
        var nOfGroup = new int[groupCount];
        foreach (var g in groupOfUnit) nOfGroup[g]++;
        var pop = new double[unitCount];
        Array.Fill(pop, double.PositiveInfinity);
        return new DesignStage
        {
            UnitCount = unitCount, UnitOfRow = unitOfRow, GroupCount = groupCount, GroupOfUnit = groupOfUnit,
            NOfGroup = nOfGroup, PopOfUnit = pop, ParentOfGroup = parentOfGroup, GroupStratumCode = groupCode,
            FirstRowOfGroup = groupFirstRow, UnitFirstRow = unitFirstRow,
        };
    }

    private static void ApplyFpc(SurveyDesignOptions o, double[][] fpc, DesignStage[] stages, int n)
    {
        bool anyBig = false, anySmall = false;
        int bigRow = -1, smallRow = -1, bigStage = 0, smallStage = 0;
        for (int s = 0; s < fpc.Length; s++)
        {
            if (fpc[s].Length != n) throw new ArgumentException("fpc array length differs from weights");
            for (int i = 0; i < n; i++)
            {
                double v = fpc[s][i];
                if (double.IsNaN(v)) throw new CohesionException("missing fpc value", column: FpcName(o, s), row: i + 1);
                if (v < 0) throw new CohesionException($"fpc must not be negative, got {Fmt(v)}", column: FpcName(o, s), row: i + 1);
                if (v > 1 && !anyBig) { anyBig = true; bigRow = i; bigStage = s; }
                if (v < 1 && !anySmall) { anySmall = true; smallRow = i; smallStage = s; }
            }
        }
        if (anyBig && anySmall)
            throw new CohesionException(
                $"fpc values must be all population sizes (>= 1) or all sampling fractions (<= 1); row {bigRow + 1} has {Fmt(fpc[bigStage][bigRow])} but row {smallRow + 1} has {Fmt(fpc[smallStage][smallRow])}",
                column: FpcName(o, smallStage), row: smallRow + 1);
        bool popsize = anyBig;
        for (int s = 0; s < fpc.Length; s++)
        {
            var st = stages[s];
            for (int u = 0; u < st.UnitCount; u++)
            {
                int row = st.UnitFirstRow[u];
                int sampsize = st.NOfGroup[st.GroupOfUnit[u]];
                double v = fpc[s][row];
                double pop = popsize ? v : sampsize / v;
                if (pop < sampsize)
                    throw new CohesionException(
                        $"fpc implies more than 100% sampling: population size {Fmt(pop)} but {sampsize} sampled units in this stratum",
                        column: FpcName(o, s), row: row + 1);
                st.PopOfUnit[u] = pop;
            }
        }
    }

    /// <summary>Dense numbering of (a, b) pairs in order of first appearance: a lookup table when the code ranges
    /// are small (the usual case: categorical codes, PSU numbers), a dictionary otherwise.</summary>
    private sealed class PairIndex
    {
        private readonly int[]? _table;
        private readonly long _minA, _minB, _rangeB;
        private readonly Dictionary<long, int>? _dict;
        public int Count { get; private set; }

        public PairIndex(int[] a, int[] b)
        {
            long minA = long.MaxValue, maxA = long.MinValue, minB = long.MaxValue, maxB = long.MinValue;
            foreach (var x in a) { if (x < minA) minA = x; if (x > maxA) maxA = x; }
            foreach (var x in b) { if (x < minB) minB = x; if (x > maxB) maxB = x; }
            long cells = a.Length == 0 ? 0 : (maxA - minA + 1) * (maxB - minB + 1);
            if (a.Length > 0 && cells <= Math.Max(16_000_000L, 4L * a.Length))
            {
                _minA = minA; _minB = minB; _rangeB = maxB - minB + 1;
                _table = new int[cells];
                Array.Fill(_table, -1);
            }
            else _dict = new Dictionary<long, int>();
        }

        public int GetOrAdd(int a, int b, out bool added)
        {
            if (_table is not null)
            {
                long k = (a - _minA) * _rangeB + (b - _minB);
                int v = _table[k];
                added = v < 0;
                if (added) _table[k] = v = Count++;
                return v;
            }
            long key = ((long)a << 32) | (uint)b;
            if (_dict!.TryGetValue(key, out int u)) { added = false; return u; }
            _dict[key] = Count;
            added = true;
            return Count++;
        }
    }

    internal static string? ClusterName(SurveyDesignOptions? o, int stage) =>
        o?.ClusterNames is { } names && stage < names.Count ? names[stage] : null;
    internal static string? FpcName(SurveyDesignOptions? o, int stage) =>
        o?.FpcNames is { } names && stage < names.Count ? names[stage] : null;
    internal static string Fmt(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
