namespace Cohesion.Statistics.Segregation;

/// <summary>
/// Segregation of groups across the units of one parent area. <c>counts</c> is row-major (unit × group) with
/// <c>groupCount</c> columns; units with zero total contribute nothing. Notation: t_i unit total, T parent total,
/// g_i a group's count in unit i and G its parent total.
/// </summary>
public static class SegregationIndex
{
    /// <summary>Index of dissimilarity of group <paramref name="group"/> versus all other groups together:
    /// D = ½ Σ_i |g_i/G − r_i/R| with r_i = t_i − g_i. NaN when G = 0 or R = 0.</summary>
    public static double Dissimilarity(ReadOnlySpan<double> counts, int groupCount, int group)
    {
        Check(counts, groupCount, group);
        int n = counts.Length / groupCount;
        double g = 0, t = 0;
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            g += row[group];
            t += DiversityIndex.Sum(row);
        }
        double r = t - g;
        if (!(g > 0) || !(r > 0)) return double.NaN;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            double gi = row[group];
            double ri = DiversityIndex.Sum(row) - gi;
            d += Math.Abs(gi / g - ri / r);
        }
        return 0.5 * d;
    }

    /// <summary>Multi-group Theil's information theory index H = Σ_i t_i (E − E_i) / (T E), with E the entropy
    /// of the parent's composition and E_i of unit i (natural logs; H does not depend on the base). 0 = every
    /// unit mirrors the parent, 1 = every unit holds one group. NaN when E = 0 (one group only).</summary>
    public static double TheilH(ReadOnlySpan<double> counts, int groupCount) => TheilH(counts, groupCount, default);

    /// <summary>Theil's H with the units' entropies already computed (<paramref name="unitEntropy"/>, one per unit;
    /// empty = compute them here).</summary>
    public static double TheilH(ReadOnlySpan<double> counts, int groupCount, ReadOnlySpan<double> unitEntropy)
    {
        Check(counts, groupCount, 0);
        if (!unitEntropy.IsEmpty && unitEntropy.Length != counts.Length / groupCount)
            throw new ArgumentException("one entropy per unit expected");
        int n = counts.Length / groupCount;
        Span<double> parent = groupCount <= 64 ? stackalloc double[groupCount] : new double[groupCount];
        parent.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            for (int k = 0; k < groupCount; k++) parent[k] += row[k];
        }
        double total = DiversityIndex.Sum(parent);
        double e = DiversityIndex.Entropy(parent);
        if (!(total > 0) || !(e > 0)) return double.NaN;
        double h = 0;
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            double ti = DiversityIndex.Sum(row);
            if (ti > 0) h += ti * (e - (unitEntropy.IsEmpty ? DiversityIndex.Entropy(row) : unitEntropy[i]));
        }
        return h / (total * e);
    }

    /// <summary>Isolation of a group: Σ_i (g_i/G)(g_i/t_i), the share of the own group in the unit of the average
    /// member. NaN when G = 0.</summary>
    public static double Isolation(ReadOnlySpan<double> counts, int groupCount, int group) =>
        Exposure(counts, groupCount, group, group);

    /// <summary>Exposure of group a to group b: Σ_i (a_i/A)(b_i/t_i), the share of b in the unit of the average
    /// member of a. NaN when A = 0. Σ_b exposure(a, b) = 1.</summary>
    public static double Exposure(ReadOnlySpan<double> counts, int groupCount, int a, int b)
    {
        Check(counts, groupCount, a);
        Check(counts, groupCount, b);
        int n = counts.Length / groupCount;
        double groupTotal = 0;
        for (int i = 0; i < n; i++) groupTotal += counts[i * groupCount + a];
        if (!(groupTotal > 0)) return double.NaN;
        double x = 0;
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            double ti = DiversityIndex.Sum(row);
            if (ti > 0) x += row[a] / groupTotal * (row[b] / ti);
        }
        return x;
    }

    /// <summary>The whole exposure matrix (row a, column b; the diagonal is isolation) in one pass over the units,
    /// written row-major into <paramref name="result"/> (groupCount × groupCount).</summary>
    public static void ExposureMatrix(ReadOnlySpan<double> counts, int groupCount, Span<double> result)
    {
        Check(counts, groupCount, 0);
        if (result.Length != groupCount * groupCount) throw new ArgumentException("result must be groupCount²");
        int n = counts.Length / groupCount;
        Span<double> totals = groupCount <= 64 ? stackalloc double[groupCount] : new double[groupCount];
        totals.Clear();
        result.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            for (int k = 0; k < groupCount; k++) totals[k] += row[k];
        }
        for (int i = 0; i < n; i++)
        {
            var row = counts.Slice(i * groupCount, groupCount);
            double ti = DiversityIndex.Sum(row);
            if (!(ti > 0)) continue;
            for (int a = 0; a < groupCount; a++)
            {
                if (row[a] == 0) continue;
                double wa = row[a] / ti;
                var target = result.Slice(a * groupCount, groupCount);
                for (int b = 0; b < groupCount; b++) target[b] += wa * row[b];
            }
        }
        for (int a = 0; a < groupCount; a++)
        {
            var target = result.Slice(a * groupCount, groupCount);
            if (totals[a] > 0)
                for (int b = 0; b < groupCount; b++) target[b] /= totals[a];
            else target.Fill(double.NaN);
        }
    }

    private static void Check(ReadOnlySpan<double> counts, int groupCount, int group)
    {
        if (groupCount < 1 || counts.Length % groupCount != 0)
            throw new ArgumentException($"counts length {counts.Length} is not a multiple of the group count {groupCount}");
        if ((uint)group >= (uint)groupCount) throw new ArgumentOutOfRangeException(nameof(group));
    }
}
