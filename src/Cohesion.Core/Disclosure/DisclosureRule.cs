namespace Cohesion.Disclosure;

/// <summary>Why a cell is not published.</summary>
public enum SuppressionReason
{
    /// <summary>Published.</summary>
    None,
    /// <summary>Rests on fewer than <see cref="DisclosureRule.MinCount"/> unweighted respondents.</summary>
    TooFewRespondents,
    /// <summary>Suppressed so that a primary-suppressed cell of the same breakdown cannot be derived from the
    /// published margin and the other cells (complementary suppression).</summary>
    Complementary
}

/// <summary>
/// The disclosure rule CBS output rules require for survey tables: a cell (an estimate for a group) resting on
/// fewer than <see cref="MinCount"/> unweighted respondents is not published. With <see cref="Complementary"/>,
/// a breakdown with exactly one primary-suppressed cell also loses its next-smallest cell, so the suppressed
/// value cannot be recovered from the national figure.
/// </summary>
public sealed record DisclosureRule(int MinCount = DisclosureRule.DefaultMinCount, bool Complementary = false)
{
    public const int DefaultMinCount = 10;

    public static readonly DisclosureRule Default = new();

    /// <summary>No suppression (min count 0).</summary>
    public static readonly DisclosureRule Off = new(0);

    public bool IsTooSmall(long unweightedCount) => unweightedCount < MinCount;

    /// <summary>The mark shown in a table cell instead of the value, e.g. <c>✕ &lt;10</c>.</summary>
    public string Mark => $"✕ <{MinCount}";

    /// <summary>Table footnote (Dutch / English).</summary>
    public string Footnote =>
        $"✕ <{MinCount}: niet gepubliceerd, minder dan {MinCount} respondenten / suppressed, fewer than {MinCount} respondents" +
        (Complementary ? "; ✕ (c): aanvullend onderdrukt / complementary suppression" : "");

    public string MarkFor(SuppressionReason reason) => reason switch
    {
        SuppressionReason.TooFewRespondents => Mark,
        SuppressionReason.Complementary => "✕ (c)",
        _ => ""
    };
}
