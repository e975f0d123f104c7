namespace Cohesion.Statistics.Segregation;

/// <summary>
/// Counts of population groups per areal unit (e.g. buurten), each unit nested in one parent area (e.g. a wijk).
/// Stored column-wise as one row-major <c>double[]</c> (unit × group) — no per-unit objects. Units of one parent
/// need not be contiguous. Counts are non-negative and finite; a unit's total is the sum of its group counts.
/// </summary>
public sealed class CompositionTable
{
    public CompositionTable(string[] units, string[] groups, double[] counts, int[] parentOfUnit, string[] parents)
    {
        if (groups.Length < 2) throw new CohesionException($"at least two groups are needed, got {groups.Length}");
        if (counts.Length != units.Length * groups.Length)
            throw new ArgumentException($"counts has {counts.Length} values, expected {units.Length} × {groups.Length}");
        if (parentOfUnit.Length != units.Length) throw new ArgumentException("parentOfUnit length differs from units");
        for (int i = 0; i < counts.Length; i++)
            if (!(counts[i] >= 0) || double.IsInfinity(counts[i]))
                throw new CohesionException($"count {counts[i]} for group '{groups[i % groups.Length]}' of unit '{units[i / groups.Length]}' is not a non-negative number");
        foreach (var p in parentOfUnit)
            if ((uint)p >= (uint)parents.Length) throw new ArgumentException("parent index out of range");
        Units = units;
        Groups = groups;
        Counts = counts;
        ParentOfUnit = parentOfUnit;
        Parents = parents;
    }

    /// <summary>A table whose units all belong to one parent area named <paramref name="parentName"/>.</summary>
    public static CompositionTable SingleParent(string[] units, string[] groups, double[] counts, string parentName = "all") =>
        new(units, groups, counts, new int[units.Length], [parentName]);

    public string[] Units { get; }
    public string[] Groups { get; }
    /// <summary>Row-major counts: <c>Counts[unit * GroupCount + group]</c>.</summary>
    public double[] Counts { get; }
    public int[] ParentOfUnit { get; }
    public string[] Parents { get; }
    public int UnitCount => Units.Length;
    public int GroupCount => Groups.Length;

    public ReadOnlySpan<double> Row(int unit) => Counts.AsSpan(unit * Groups.Length, Groups.Length);

    public double Total(int unit)
    {
        double t = 0;
        foreach (var c in Row(unit)) t += c;
        return t;
    }
}
