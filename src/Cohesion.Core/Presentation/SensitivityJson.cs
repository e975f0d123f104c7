using System.Text.Json;
using Cohesion.Simulation;

namespace Cohesion.Presentation;

/// <summary>The JSON of a sensitivity analysis, written once for <c>cohesion sensitivity --format json</c> and the
/// dashboard's <c>/api/sensitivity</c>: <c>{"year", …, "sensitivity":[{"input","low","high","dimension","effect_low","effect_high"}], "grid", "notes"}</c>.</summary>
public static class SensitivityJson
{
    public static void Write(Utf8JsonWriter j, SensitivityResult r, Provenance provenance)
    {
        j.WriteStartObject();
        j.WriteNumber("year", r.Year);
        j.WriteString("scenario", r.Scenario);
        j.WriteString("societal", r.Societal);
        if (r.Policy is null) j.WriteNull("policy"); else j.WriteString("policy", r.Policy);
        j.WriteString("provenance", provenance.Code());
        j.WriteStartObject("central");
        for (int d = 0; d < r.Dimensions.Count; d++) j.Number(r.Dimensions[d], r.Central[d]);
        j.WriteEndObject();
        j.WriteStartArray("inputs");
        foreach (var i in r.Inputs)
        {
            j.WriteStartObject();
            j.WriteString("input", i.Id);
            j.WriteString("kind", i.Kind.ToString().ToLowerInvariant());
            j.WriteString("label_nl", i.LabelNl);
            j.WriteString("label_en", i.LabelEn);
            j.Number("central", i.Central);
            j.Number("low", i.Low);
            j.Number("high", i.High);
            j.WriteString("range", i.Range);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("sensitivity");
        foreach (var s in r.Rows)
        {
            j.WriteStartObject();
            j.WriteString("input", s.Input);
            j.Number("low", s.Low);
            j.Number("high", s.High);
            j.WriteString("dimension", s.Dimension);
            j.Number("effect_low", s.EffectLow);
            j.Number("effect_high", s.EffectHigh);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartObject("grid");
        j.WriteStartArray("inputs");
        foreach (var g in r.GridInputs) j.WriteStringValue(g);
        j.WriteEndArray();
        j.WriteStartArray("points");
        foreach (var p in r.Grid)
        {
            j.WriteStartObject();
            j.WriteStartArray("levels");
            foreach (var l in p.Levels) j.WriteNumberValue(l);
            j.WriteEndArray();
            j.WriteStartObject("effects");
            for (int d = 0; d < r.Dimensions.Count; d++) j.Number(r.Dimensions[d], p.Effects[d]);
            j.WriteEndObject();
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.WriteStartArray("notes");
        foreach (var n in r.Notes) j.WriteStringValue(n);
        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>The document as a string (dashboard).</summary>
    public static string ToText(SensitivityResult r, Provenance provenance)
    {
        var sw = new StringWriter();
        Json.Write(sw, j => Write(j, r, provenance));
        return sw.ToString();
    }
}
