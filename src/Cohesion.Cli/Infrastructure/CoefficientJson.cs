using System.Text.Json;
using Cohesion.SurveyAnalysis;

namespace Cohesion.Cli;

/// <summary>The JSON fields of one model coefficient (glm, pooled panel/mixed): term, estimate, se, statistic, p,
/// ci_lower, ci_upper, and MIcombine's df and fmi when pooled.</summary>
public static class CoefficientJson
{
    /// <summary>Writes the fields into the current object; <paramref name="extra"/> adds more before df and fmi.</summary>
    public static void WriteFields(Utf8JsonWriter j, ModelCoefficientRow c, Action<Utf8JsonWriter>? extra = null)
    {
        j.WriteString("term", c.Term);
        j.Number("estimate", c.Estimate);
        j.Number("se", c.StandardError);
        j.Number("statistic", c.Statistic);
        j.Number("p", c.P);
        j.Number("ci_lower", c.CiLower);
        j.Number("ci_upper", c.CiUpper);
        extra?.Invoke(j);
        if (c.Df is { } df) j.Number("df", df);
        if (c.Fmi is { } fmi) j.Number("fmi", fmi);
    }
}
