namespace Cohesion.Disclosure;

/// <summary>
/// Applies a <see cref="DisclosureRule"/> to the cells of a table. Cells are described only by their unweighted
/// count and the breakdown they belong to (cells of one variable split by one grouping, whose weighted combination
/// is the published margin), so any table — measure, report, dashboard — can use it.
/// </summary>
public static class DisclosureControl
{
    /// <summary>The suppression status of each cell. <paramref name="breakdown"/> gives each cell's breakdown id
    /// (cells with a negative id are margins: they are checked on their own count only).</summary>
    public static SuppressionReason[] Apply(ReadOnlySpan<long> counts, ReadOnlySpan<int> breakdown, DisclosureRule rule)
    {
        if (counts.Length != breakdown.Length) throw new ArgumentException("counts and breakdown ids differ in length");
        var status = new SuppressionReason[counts.Length];
        for (int i = 0; i < counts.Length; i++)
            status[i] = rule.IsTooSmall(counts[i]) ? SuppressionReason.TooFewRespondents : SuppressionReason.None;
        if (!rule.Complementary) return status;

        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < counts.Length; i++)
        {
            if (breakdown[i] < 0) continue;
            if (!members.TryGetValue(breakdown[i], out var l)) members[breakdown[i]] = l = [];
            l.Add(i);
        }
        foreach (var cells in members.Values)
        {
            int primary = cells.Count(i => status[i] != SuppressionReason.None);
            if (primary != 1 || cells.Count < 2) continue;
            // the published cell with the smallest count (first in order on ties) protects the suppressed one
            int best = -1;
            foreach (var i in cells)
                if (status[i] == SuppressionReason.None && (best < 0 || counts[i] < counts[best])) best = i;
            if (best >= 0) status[best] = SuppressionReason.Complementary;
        }
        return status;
    }

    /// <summary>Convenience for a single cell.</summary>
    public static bool IsSuppressed(long count, DisclosureRule rule) => rule.IsTooSmall(count);
}
