using System.Text.Json;
using Cohesion.Compare;
using Cohesion.Presentation.Tables;

namespace Cohesion.Presentation;

/// <summary>The JSON documents of <c>cohesion compare</c>: the built-in comparison and the design-based comparison on
/// microdata; every array is a table of <see cref="CompareTables"/> written by <see cref="TableJson"/>.</summary>
public static class CompareJson
{
    public static void BuiltIn(Utf8JsonWriter w, CountryComparisonResult r)
    {
        w.WriteStartObject();
        w.WriteString("reference", r.Reference.Code);
        TableJson.WriteArray(w, "countries", CompareTables.Countries(r, r.Rows));
        TableJson.WriteArray(w, "summary", CompareTables.Summaries(r, r.Summaries), rowProvenance: true);
        TableJson.WriteArray(w, "changes", CompareTables.Changes(r), rowProvenance: true);
        TableJson.WriteArray(w, "measures", CompareTables.Measures(r));
        TableJson.WriteArray(w, "missing_values", CompareTables.MissingValues(r));
        TableJson.WriteArray(w, "sources", CompareTables.Sources(r));
        w.Strings("notes", r.Notes.Select(n => n.En));
        w.Strings("notes_nl", r.Notes.Select(n => n.Nl));
        w.WriteEndObject();
    }

    /// <param name="data">The data file's name as shown (never a server path).</param>
    public static void Design(Utf8JsonWriter w, DesignComparisonResult r, string data, Provenance provenance, IReadOnlyList<string> notes)
    {
        w.WriteStartObject();
        TableJson.WriteArray(w, "estimates", CompareTables.Estimates(r, provenance));
        TableJson.WriteArray(w, "differences", CompareTables.Differences(r, provenance));
        w.WriteString("reference", r.Reference);
        w.WriteString("country_column", r.CountryColumn);
        TableJson.WriteArray(w, "variables", CompareTables.Variables(r, provenance));
        w.WriteString("framework", r.Framework.Id);
        w.WriteString("design", r.Design);
        w.WriteString("weight", r.WeightColumn);
        w.WriteNumber("respondents", r.Respondents);
        w.WriteString("data", data);
        w.WriteString("provenance", provenance.Code());
        w.WriteBoolean("synthetic", provenance == Provenance.Synthetic);
        w.Strings("notes", notes);
        w.WriteEndObject();
    }
}
