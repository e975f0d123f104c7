namespace Cohesion.Statistics.Survey;

/// <summary>R's <c>degf(design)</c>: the design degrees of freedom behind t intervals and tests.</summary>
public static class SurveyDegreesOfFreedom
{
    /// <summary>Of the design restricted to <paramref name="rows"/> (a domain, or every row): PSUs minus strata among the
    /// rows for Taylor designs; the rank of the replicate weights (QR, tolerance 1e-5) minus one for replicate designs.</summary>
    public static int Of(SurveyDesign design, ReadOnlySpan<int> rows) => design.DegreesOfFreedom(rows);

    /// <summary>Of the whole design.</summary>
    public static int Of(SurveyDesign design) => design.DegreesOfFreedom();
}
