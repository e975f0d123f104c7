using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cohesion.Simulation;

namespace Cohesion.Trends;

/// <summary>
/// Writes an estimated societal change as a societal scenario in the format of <c>data/scenarios/societal/*.json</c>
/// (<c>data/scenarios/README.md</c>): one <c>trend</c> rule per estimated trend, with <c>logit_per_year_se</c> so that
/// <c>simulate</c> carries the uncertainty into its bands, <c>"provenance": "derived"</c>, and the data, years, method and
/// the composition/within split in <c>assumptions</c>. Deterministic: the same estimate gives the same bytes.
/// </summary>
public static class SocietalScenarioExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string ToJson(SocietalEstimate e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "societal");
            w.WriteString("name", e.Name);
            w.WriteString("label_nl", $"Geschatte maatschappelijke verandering ({e.From}–{e.To})");
            w.WriteString("label_en", $"Estimated societal change ({e.From}–{e.To})");
            w.WriteString("description",
                $"Within-group trends estimated from data, not typed in: the observed national change {e.From}–{e.To} of each indicator with a series, " +
                "minus the part the changing composition of the population (sex, age, education, origin) explains through the group models of simulate; " +
                "groups with their own series (education) use it directly. Each trend continues from " +
                $"{e.RulesFrom} {(e.RulesUntil is { } u ? $"to {u}" : "for as many years as its data span")} and then holds.");
            w.WriteString("provenance", "derived");
            w.WriteStartArray("assumptions");
            w.WriteStringValue($"Estimated by `cohesion trends` from {e.SeriesDescription}, years {e.From}–{e.To} (DERIVED from real published series).");
            w.WriteStringValue("Method: per year t with a national value, one logit offset a_t makes the population-weighted share of the group propensities expit(eta_g + a_t) equal the value. " +
                               "Composition A→B = ½[(S(N_B, a_A) − S(N_A, a_A)) + (S(N_B, a_B) − S(N_A, a_B))], within = observed change − composition (they add up exactly). " +
                               "The within-group trend is (a_B − a_A)/(B − A) logit per year; its SE is σ·√(1/w_A + 1/w_B)/(B − A) with σ the residual SD of lm(a_t ~ t) (the series' noise around a line).");
            w.WriteStringValue($"Population: {e.PopulationMethod}.");
            w.WriteStringValue($"Group models: design-based logistic regressions (svyglm, quasibinomial) of each indicator on sex, age band, education and origin, fitted on {e.ModelsSource}.");
            foreach (var s in e.Splits)
                w.WriteStringValue($"{s.Indicator} (series {s.SeriesIndicator}, {s.SeriesGroup}): {Pct(s.ObservedFrom)}% in {s.FromYear} → {Pct(s.ObservedTo)}% in {s.ToYear}, " +
                                   $"{Pp(s.Change)} pp = composition {Pp(s.Composition)} pp + within groups {Pp(s.Within)} pp (within-group logit change {s.LogitWithin.ToString("+0.000;-0.000", Inv)}).");
            foreach (var t in e.Trends.Where(t => !t.Group.IsNational))
                w.WriteStringValue($"{t.Indicator}, {t.Group.Describe()}: the group's own series {t.SeriesIndicator} ({t.Group.Name}), {t.FromYear}–{t.ToYear}, {t.Points} values, used directly.");
            foreach (var n in e.Notes) w.WriteStringValue(n);
            w.WriteStringValue($"Every trend applies from {e.RulesFrom} {(e.RulesUntil is { } uu ? $"to {uu}" : "for as many years as its data span (a trend seen over N years is continued for N years)")} and then stays; indicators without a series have no within-group change. " +
                               "logit_per_year_se is drawn in simulate's coefficient bands (reweighting).");
            w.WriteEndArray();
            w.WriteStartArray("sources");
            foreach (var src in e.Trends.SelectMany(t => t.Sources).Distinct(StringComparer.Ordinal)) w.WriteStringValue(src);
            w.WriteEndArray();
            w.WriteStartArray("rules");
            foreach (var t in e.Trends)
            {
                w.WriteStartObject();
                w.WriteString("type", "trend");
                w.WriteString("label", t.Group.IsNational
                    ? $"{t.Indicator}: estimated within-group trend"
                    : $"{t.Indicator}: trend of the group {t.Group.Name}");
                w.WriteStartArray("indicators");
                w.WriteStringValue(t.Indicator);
                w.WriteEndArray();
                if (!t.Group.IsNational || t.ExcludeEducation.Count > 0)
                {
                    w.WriteStartObject("groups");
                    if (t.Group.Education is { } edu)
                    {
                        w.WriteStartArray("education"); w.WriteStringValue(edu); w.WriteEndArray();
                    }
                    else if (t.ExcludeEducation.Count > 0)
                    {
                        w.WriteStartArray("education");
                        foreach (var lv in GroupCoding.Educations.Where(l => !t.ExcludeEducation.Contains(l))) w.WriteStringValue(lv);
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                }
                w.WriteNumber("logit_per_year", Round(t.LogitPerYear));
                if (double.IsFinite(t.StandardError)) w.WriteNumber("logit_per_year_se", Round(t.StandardError));
                w.WriteNumber("from", e.RulesFrom);
                w.WriteNumber("until", t.Until);
                w.WriteString("source", string.Join("; ", t.Sources));
                w.WriteString("note", $"{t.Method}; series {t.SeriesIndicator} ({t.Group.Name}), {t.FromYear}–{t.ToYear}, {t.Points} values" +
                                      (double.IsFinite(t.StandardError) ? "" : "; no standard error (two values)"));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Twelve significant digits: stable across platforms, far below any SE.</summary>
    private static double Round(double v) => double.Parse(v.ToString("G12", Inv), Inv);
    private static string Pct(double v) => (100 * v).ToString("0.0", Inv);
    private static string Pp(double v) => (100 * v).ToString("+0.00;-0.00;0.00", Inv);
}
