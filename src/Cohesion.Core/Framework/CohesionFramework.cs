namespace Cohesion.Framework;

/// <summary>Horizontal (people ↔ people) or vertical (people ↔ institutions), as in SCP's definition.</summary>
public enum CohesionAxis { Horizontal, Vertical }

/// <summary>Attitude (what people think/feel) or behaviour (what they do).</summary>
public enum CohesionKind { Attitude, Behaviour }

/// <summary>One dimension of social cohesion, e.g. <c>social_trust</c> (horizontal, attitude).</summary>
public sealed record DimensionDefinition(string Id, string LabelNl, string LabelEn, CohesionAxis Axis, CohesionKind Kind);

/// <summary>
/// One indicator: a source column recoded to a value in [0,1] (1 = the cohesive answer), belonging to one
/// dimension. <see cref="MissingCodes"/> are answer codes treated as missing (e.g. 998 "weet niet", 999 "geen antwoord").
/// </summary>
public sealed record IndicatorDefinition(
    string Id, string Column, string Dimension, string LabelNl, string LabelEn, RecodeRule Recode,
    IReadOnlyList<double> MissingCodes, IReadOnlyList<string> MissingTexts)
{
    /// <summary>The range of valid (non-missing) answer codes, if declared: any other value that is not a missing code
    /// is an error naming the column, row and value (so undeclared codes cannot pass as answers).</summary>
    public (double Min, double Max)? Valid { get; init; }
}

/// <summary>The survey design a framework file may declare for its data (column names); all optional.
/// No weight column means equal weights.</summary>
public sealed record DesignSpec(string? Weight, string? Strata, IReadOnlyList<string> Clusters, IReadOnlyList<string> Fpc)
{
    public static readonly DesignSpec None = new(null, null, [], []);
    /// <summary>Weight columns to try in order (the first whose columns the data has is used); a product of columns
    /// is written <c>a*b</c>. <see cref="Weight"/> is the first.</summary>
    public IReadOnlyList<string> WeightAlternatives { get; init; } = [];
    /// <summary>What the design section says about the design (shown when its columns are missing).</summary>
    public string? Description { get; init; }
    public bool IsEmpty => Weight is null && Strata is null && Clusters.Count == 0 && Fpc.Count == 0;
}

/// <summary>
/// The dimension-score rule: a respondent's score on a dimension is the unweighted mean of the non-missing
/// indicator values (each in [0,1]) of that dimension, provided at least <see cref="MinShare"/> of the
/// dimension's indicators are present (at least ⌈MinShare·k⌉ of k); otherwise the score is missing. With 0/1
/// indicators the score is the share of cohesive answers, in [0,1].
/// </summary>
public sealed record ScoreRule(double MinShare)
{
    public static readonly ScoreRule Default = new(0.5);

    /// <summary>The minimum number of present indicators out of <paramref name="k"/>.</summary>
    public int MinPresent(int k) => Math.Max(1, (int)Math.Ceiling(MinShare * k - 1e-12));
}

/// <summary>How a grouping column is shown: the order of its levels and a display label per level (both optional).</summary>
public sealed record GroupDisplay(IReadOnlyList<string> Order, IReadOnlyDictionary<string, string> Labels)
{
    public string LabelOf(string level) => Labels.TryGetValue(level, out var l) ? l : level;

    /// <summary>The label in one language: a bilingual label "nl / en" gives its Dutch or English half.</summary>
    public string LabelOf(string level, string language) => GroupColumnLabels.Half(LabelOf(level), language);

    /// <summary>Sort key of a level: its position in <see cref="Order"/>, unlisted levels after.</summary>
    public int Rank(string level) { int k = Order is List<string> l ? l.IndexOf(level) : Order.ToList().IndexOf(level); return k < 0 ? int.MaxValue : k; }
}

/// <summary>A cohesion framework: dimensions, indicators, the score rule and optionally the data's design.</summary>
public sealed class CohesionFramework
{
    public CohesionFramework(string id, string labelNl, string labelEn, IReadOnlyList<DimensionDefinition> dimensions,
        IReadOnlyList<IndicatorDefinition> indicators, ScoreRule scoreRule, DesignSpec design, string? dataNote = null, string? source = null,
        IReadOnlyDictionary<string, GroupDisplay>? groups = null)
    {
        Groups = groups ?? new Dictionary<string, GroupDisplay>();
        Id = id;
        LabelNl = labelNl;
        LabelEn = labelEn;
        Dimensions = dimensions;
        Indicators = indicators;
        ScoreRule = scoreRule;
        Design = design;
        DataNote = dataNote;
        Source = source;
    }

    public string Id { get; }
    public string LabelNl { get; }
    public string LabelEn { get; }
    public IReadOnlyList<DimensionDefinition> Dimensions { get; }
    public IReadOnlyList<IndicatorDefinition> Indicators { get; }
    public ScoreRule ScoreRule { get; }
    public DesignSpec Design { get; }
    /// <summary>A note on the data this framework is meant for (e.g. "unweighted panel"), shown in output.</summary>
    public string? DataNote { get; }
    /// <summary>Display order and labels of grouping columns (the framework file's <c>groups</c> section).</summary>
    public IReadOnlyDictionary<string, GroupDisplay> Groups { get; }
    /// <summary>The file it was read from, for messages.</summary>
    public string? Source { get; }

    /// <summary>The four dimension ids of SCP's framework, in their canonical order.</summary>
    public static readonly IReadOnlyList<string> CanonicalDimensionIds =
        ["social_trust", "social_participation", "institutional_trust", "political_participation"];

    public DimensionDefinition Dimension(string id) =>
        Dimensions.FirstOrDefault(d => d.Id == id) ?? throw new KeyNotFoundException($"no dimension '{id}'");

    public IEnumerable<IndicatorDefinition> IndicatorsOf(string dimensionId) => Indicators.Where(i => i.Dimension == dimensionId);
}
