namespace Cohesion.Statistics.Survey;

/// <summary>What to do with a stratum that holds a single PSU, as R's <c>options(survey.lonely.psu=...)</c>.</summary>
public enum LonelyPsu
{
    /// <summary>Stop with an error naming the stratum (R's default, "fail").</summary>
    Fail,
    /// <summary>The stratum contributes nothing to the variance ("remove").</summary>
    Remove,
    /// <summary>The single PSU is a certainty unit: no variance at this stage ("certainty").</summary>
    Certainty,
    /// <summary>Centre the lonely PSU at the grand mean instead of the stratum mean ("adjust").</summary>
    Adjust,
    /// <summary>Replace the stratum's variance by the average of the other strata ("average").</summary>
    Average,
}

/// <summary>Kinds of replicate weights, as R's <c>svrepdesign(type=)</c> / <c>as.svrepdesign(type=)</c>.</summary>
public enum ReplicateType
{
    /// <summary>Delete-one-PSU jackknife for unstratified designs (scale (n−1)/n).</summary>
    JK1,
    /// <summary>Stratified delete-one-PSU jackknife (rscales (n_h−1)/n_h).</summary>
    JKn,
    /// <summary>Rao–Wu (n−1) bootstrap (scale 1/(R−1), adjusted for PSUs per stratum).</summary>
    Bootstrap,
    /// <summary>Balanced repeated replication for designs with two PSUs per stratum (scale 1/R).</summary>
    BRR,
    /// <summary>Replicate weights with a user-supplied scale and rscales.</summary>
    Other,
    /// <summary>Fay's modified BRR: half-samples weighted 2 − ρ and ρ (scale 1/(R(1 − ρ)²)).</summary>
    Fay,
}

/// <summary>
/// How a design is declared, mirroring R's <c>svydesign(ids=, strata=, fpc=, weights=, nest=)</c>. All arrays are
/// per row and of equal length. Cluster and stratum identifiers are arbitrary integer codes (e.g. the codes of a
/// <see cref="Data.CategoricalColumn"/>); they never need to be dense.
/// </summary>
public sealed record SurveyDesignOptions
{
    /// <summary>Sampling weights (inverse inclusion probabilities), finite and &gt; 0.</summary>
    public required double[] Weights { get; init; }
    /// <summary>Stratum code per row (first stage), or null for an unstratified design.</summary>
    public int[]? Strata { get; init; }
    /// <summary>Cluster code per row, one array per stage (<c>id=~a+b</c>); null or empty = each row its own PSU.</summary>
    public IReadOnlyList<int[]>? Clusters { get; init; }
    /// <summary>Finite population correction per stage (one array per cluster stage, or one when there are no
    /// clusters). As in R: if any value is &gt; 1 all are population sizes; otherwise all are sampling fractions.</summary>
    public IReadOnlyList<double[]>? Fpc { get; init; }
    /// <summary>R's <c>nest=TRUE</c>: cluster codes are only unique within strata.</summary>
    public bool Nest { get; init; }
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;

    /// <summary>Optional display text per stratum code (used in error messages); default: the code.</summary>
    public Func<int, string>? StratumLabel { get; init; }
    /// <summary>Column names for messages (the design itself is domain-free and knows no files).</summary>
    public string? WeightsName { get; init; }
    public string? StrataName { get; init; }
    public IReadOnlyList<string>? ClusterNames { get; init; }
    public IReadOnlyList<string>? FpcNames { get; init; }
}

/// <summary>One calibration margin: a category code per row (0..LevelCount-1) and the population total of each level.</summary>
public sealed record CalibrationMargin(int[] Codes, double[] PopulationTotals, string? Name = null, IReadOnlyList<string>? LevelNames = null)
{
    public int LevelCount => PopulationTotals.Length;
}
