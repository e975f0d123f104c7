namespace Cohesion.Statistics.Segregation;

/// <summary>
/// Diversity of one unit's composition (counts per group). Shares are count / total; a group with share 0
/// contributes 0 (the limit of p ln p). All indices are NaN for a unit with zero total.
/// </summary>
public static class DiversityIndex
{
    /// <summary>Fractionalisation (Herfindahl complement, the WRR's measure): 1 − Σ p². The probability that two
    /// people drawn at random with replacement belong to different groups.</summary>
    public static double Fractionalisation(ReadOnlySpan<double> counts)
    {
        double total = Sum(counts);
        if (!(total > 0)) return double.NaN;
        double s = 0;
        foreach (var c in counts)
        {
            double p = c / total;
            s += p * p;
        }
        return 1.0 - s;
    }

    /// <summary>Shannon entropy −Σ p ln p (natural log; maximum ln K).</summary>
    public static double Entropy(ReadOnlySpan<double> counts)
    {
        double total = Sum(counts);
        if (!(total > 0)) return double.NaN;
        double e = 0;
        foreach (var c in counts)
            if (c > 0)
            {
                double p = c / total;
                e -= p * Math.Log(p);
            }
        return e;
    }

    /// <summary>Entropy divided by its maximum ln K, K = number of groups (0 = one group only, 1 = all equal).</summary>
    public static double NormalisedEntropy(ReadOnlySpan<double> counts) =>
        counts.Length < 2 ? double.NaN : Entropy(counts) / Math.Log(counts.Length);

    /// <summary>The total of a composition.</summary>
    public static double Sum(ReadOnlySpan<double> counts)
    {
        double t = 0;
        foreach (var c in counts) t += c;
        return t;
    }
}
