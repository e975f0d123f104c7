namespace Cohesion.Statistics.Segregation;

/// <summary>Per-unit diversity, column-wise (one array per measure, aligned with <see cref="UnitIndex"/>).</summary>
public sealed record UnitDiversity(
    int[] UnitIndex, string[] Unit, string[] Parent, double[] Total,
    double[] Fractionalisation, double[] Entropy, double[] NormalisedEntropy)
{
    public int Count => Unit.Length;
}

/// <summary>Segregation across the units of one parent area. <see cref="Exposure"/> is row-major
/// (group a × group b: exposure of a to b); its diagonal equals <see cref="Isolation"/>.</summary>
public sealed record ParentSegregation(
    string Parent, int UnitCount, double Total, double[] GroupTotals,
    double Fractionalisation, double Entropy,
    double Dissimilarity, double TheilH, double[] Isolation, double[] Exposure)
{
    public double ExposureOf(int a, int b) => Exposure[a * GroupTotals.Length + b];
}

/// <summary>All indices of a composition table. <see cref="Notes"/> lists what was excluded and why.</summary>
public sealed record DiversityResult(
    string[] Groups, UnitDiversity Units, IReadOnlyList<ParentSegregation> Parents, IReadOnlyList<string> Notes)
{
    /// <summary>The group that dissimilarity compares with all others (the first listed).</summary>
    public string DissimilarityGroup => Groups[0];
}

/// <summary>
/// Computes unit diversity (fractionalisation, entropy) and parent-level segregation (dissimilarity of the first
/// group vs the rest, multi-group Theil's H, isolation, exposure). Units with zero total are excluded from both,
/// with a note; a parent left without units is reported with NaN indices.
/// </summary>
public static class DiversityAnalysis
{
    public static DiversityResult Compute(CompositionTable table)
    {
        int k = table.GroupCount;
        var notes = new List<string>();
        var kept = new List<int>(table.UnitCount);
        var zero = new List<string>();
        for (int i = 0; i < table.UnitCount; i++)
        {
            if (table.Total(i) > 0) kept.Add(i);
            else zero.Add(table.Units[i]);
        }
        if (zero.Count > 0)
            notes.Add($"{zero.Count} unit(s) with zero total excluded: {string.Join(", ", zero.Take(10))}{(zero.Count > 10 ? ", …" : "")}");

        int n = kept.Count;
        var units = new UnitDiversity(new int[n], new string[n], new string[n], new double[n], new double[n], new double[n], new double[n]);
        for (int j = 0; j < n; j++)
        {
            int i = kept[j];
            var row = table.Row(i);
            units.UnitIndex[j] = i;
            units.Unit[j] = table.Units[i];
            units.Parent[j] = table.Parents[table.ParentOfUnit[i]];
            units.Total[j] = DiversityIndex.Sum(row);
            units.Fractionalisation[j] = DiversityIndex.Fractionalisation(row);
            units.Entropy[j] = DiversityIndex.Entropy(row);
            units.NormalisedEntropy[j] = units.Entropy[j] / Math.Log(k);
        }

        // gather the kept units of each parent into one contiguous buffer (counting sort by parent)
        int np = table.Parents.Length;
        var start = new int[np + 1];
        foreach (var i in kept) start[table.ParentOfUnit[i] + 1]++;
        for (int p = 0; p < np; p++) start[p + 1] += start[p];
        var buffer = new double[n * k];
        var entropyBuffer = new double[n];
        var fill = (int[])start.Clone();
        for (int j = 0; j < n; j++)
        {
            int i = kept[j];
            int pos = fill[table.ParentOfUnit[i]]++;
            table.Row(i).CopyTo(buffer.AsSpan(pos * k, k));
            entropyBuffer[pos] = units.Entropy[j];
        }

        var parents = new List<ParentSegregation>(np);
        var empty = new List<string>();
        for (int p = 0; p < np; p++)
        {
            var block = buffer.AsSpan(start[p] * k, (start[p + 1] - start[p]) * k);
            int count = start[p + 1] - start[p];
            var groupTotals = new double[k];
            for (int u = 0; u < count; u++)
                for (int g = 0; g < k; g++) groupTotals[g] += block[u * k + g];
            var exposure = new double[k * k];
            if (count > 0) SegregationIndex.ExposureMatrix(block, k, exposure);
            else { exposure.AsSpan().Fill(double.NaN); empty.Add(table.Parents[p]); }
            var isolation = new double[k];
            for (int g = 0; g < k; g++) isolation[g] = exposure[g * k + g];
            parents.Add(new ParentSegregation(
                table.Parents[p], count, DiversityIndex.Sum(groupTotals), groupTotals,
                DiversityIndex.Fractionalisation(groupTotals), DiversityIndex.Entropy(groupTotals),
                count > 0 ? SegregationIndex.Dissimilarity(block, k, 0) : double.NaN,
                count > 0 ? SegregationIndex.TheilH(block, k, entropyBuffer.AsSpan(start[p], count)) : double.NaN,
                isolation, exposure));
        }
        if (empty.Count > 0)
            notes.Add($"{empty.Count} parent area(s) without units of positive total (indices undefined): {string.Join(", ", empty.Take(10))}{(empty.Count > 10 ? ", …" : "")}");
        foreach (var ps in parents)
            if (ps.UnitCount == 1)
            {
                notes.Add($"parent areas with a single unit have dissimilarity and Theil's H 0 by definition, where defined (e.g. '{ps.Parent}')");
                break;
            }
        return new DiversityResult(table.Groups, units, parents, notes);
    }
}
