namespace Cohesion.Scenarios;

/// <summary>A societal-change scenario (within-group trends) or a policy what-if.</summary>
public enum ScenarioKind { Societal, Policy }

/// <summary>How a rule moves the logit of the propensity of the people it applies to.</summary>
public enum RuleType
{
    /// <summary><c>logit_per_year</c> × (min(t, until) − from) from year <c>from</c>: a trend that continues until
    /// <c>until</c> and then stays.</summary>
    Trend,
    /// <summary><c>logit</c> × ramp(t): 0 before <c>from</c>, rising linearly to the full shift in year <c>by</c>
    /// (a step in <c>from</c> when <c>by</c> is absent).</summary>
    Shift,
    /// <summary>Closes <c>fraction</c> of the gap, on the logit scale of the fitted group model, between each group
    /// and the same group with <c>factor</c> at the <c>reference</c> level, ramped from <c>from</c> to <c>by</c>
    /// (e.g. halve the education gap in institutional trust by 2035).</summary>
    CloseGap,
}

/// <summary>Which people a rule applies to; empty sets mean everyone. Cohorts are birth years (year − age).</summary>
public sealed record GroupFilter(
    IReadOnlySet<int> Sexes, IReadOnlySet<int> Educations, IReadOnlySet<int> Origins,
    int AgeFrom, int AgeTo, int BornFrom, int BornTo)
{
    public static readonly GroupFilter Everyone = new(new HashSet<int>(), new HashSet<int>(), new HashSet<int>(), 0, 1000, int.MinValue, int.MaxValue);

    public bool Matches(int sex, int age, int education, int origin, int year) =>
        (Sexes.Count == 0 || Sexes.Contains(sex)) && (Educations.Count == 0 || Educations.Contains(education))
        && (Origins.Count == 0 || Origins.Contains(origin)) && age >= AgeFrom && age <= AgeTo
        && year - age >= BornFrom && year - age <= BornTo;
}

/// <summary>One rule of a scenario, applying to the indicators in <see cref="Indicators"/> (indices into the framework).</summary>
/// <remarks><see cref="StandardError"/> is the standard error of a trend's <c>logit_per_year</c> (an estimated rule,
/// e.g. <c>data/scenarios/societal/estimated.json</c>); the reweighting projection draws the trend from
/// N(logit_per_year, se²) in each coefficient draw, so its bands carry the estimate's uncertainty. 0 = a fixed assumption.</remarks>
public sealed record ScenarioRule(
    string Label, RuleType Type, int[] Indicators, GroupFilter Filter,
    double Logit, int From, int? Until, int? By,
    GapFactor Factor = GapFactor.None, int Reference = -1, double Fraction = 0, double StandardError = 0)
{
    /// <summary>The share of the rule's full effect reached in year t (trend: years elapsed).</summary>
    public double Progress(int year)
    {
        switch (Type)
        {
            case RuleType.Trend:
                return year <= From ? 0 : Math.Min(year, Until ?? int.MaxValue) - From;
            default:
                if (year < From) return 0;
                if (By is not { } by || by <= From) return 1;
                return Math.Min(1.0, (double)(year - From) / (by - From));
        }
    }
}

/// <summary>The factor whose gap a <see cref="RuleType.CloseGap"/> rule closes.</summary>
public enum GapFactor { None, Sex, Education, Origin }

/// <summary>A loaded scenario: its rules resolved against a framework's indicators.</summary>
public sealed record CohesionScenario(
    ScenarioKind Kind, string Name, string LabelNl, string LabelEn, string Description,
    IReadOnlyList<string> Assumptions, IReadOnlyList<ScenarioRule> Rules, string Source)
{
    /// <summary>"derived" for a scenario estimated from data (<c>cohesion trends --export-societal</c>), else
    /// "assumption" (typed in).</summary>
    public string Provenance { get; init; } = "assumption";
    /// <summary>The scenario's references (<c>sources</c>).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The empty societal scenario: no within-group change (<c>--societal none</c>).</summary>
    public static CohesionScenario None(ScenarioKind kind = ScenarioKind.Societal) => new(kind, "none",
        "geen maatschappelijke verandering", "no societal change",
        "Group propensities stay at their base-year values: only the population's composition changes.", [], [], "built-in");
}
