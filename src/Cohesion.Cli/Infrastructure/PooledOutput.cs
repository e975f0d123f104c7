using Cohesion.SurveyAnalysis;

namespace Cohesion.Cli;

/// <summary>Writes a model pooled over imputations (panel, mixed): coefficient rows with MIcombine's df and fmi.</summary>
public static class PooledOutput
{
    public static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, PooledModel pooled, string arrayName, string formula, string title,
        Action<System.Text.Json.Utf8JsonWriter>? extra = null)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("n", pooled.N);
                    j.WriteStartArray(arrayName);
                    foreach (var c in pooled.Coefficients)
                    {
                        j.WriteStartObject();
                        CoefficientJson.WriteFields(j, c);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.WriteString("formula", formula);
                    j.WriteNumber("imputations", pooled.Imputations);
                    j.WriteString("pooling", "Rubin's rules (mitools::MIcombine)");
                    extra?.Invoke(j);
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(w, ["term", "estimate", "se", "statistic", "p", "ci_lower", "ci_upper", "df", "fmi"], pooled.Coefficients.Select(c => (IReadOnlyList<string>)
                    [c.Term, TabularOutput.Num(c.Estimate), TabularOutput.Num(c.StandardError), TabularOutput.Num(c.Statistic), TabularOutput.Num(c.P),
                     TabularOutput.Num(c.CiLower), TabularOutput.Num(c.CiUpper), TabularOutput.Num(c.Df ?? double.NaN), TabularOutput.Num(c.Fmi ?? double.NaN)]));
                break;
            default:
                TabularOutput.WriteTable(ctx, w, title, ["term", "estimate / schatting", "se", "t", "p", "ci_lower", "ci_upper", "df", "fmi"],
                    pooled.Coefficients.Select(c => (IReadOnlyList<string>)
                        [c.Term, TabularOutput.Fmt(c.Estimate, 6), TabularOutput.Fmt(c.StandardError), TabularOutput.Fmt(c.Statistic), TabularOutput.Fmt(c.P, 3),
                         TabularOutput.Fmt(c.CiLower), TabularOutput.Fmt(c.CiUpper), TabularOutput.Fmt(c.Df ?? double.NaN, 4), TabularOutput.Fmt(c.Fmi ?? double.NaN, 3)]),
                    $"{pooled.Imputations} imputations pooled by Rubin's rules (mitools::MIcombine); n = {pooled.N} per imputation");
                break;
        }
    }
}
