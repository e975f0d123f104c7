using System.Text.Json;
using Cohesion.Neighbourhoods;
using Cohesion.Presentation.Tables;

namespace Cohesion.Presentation;

/// <summary>The JSON of <c>cohesion diversity</c> (and of the diversity part of <c>neighbourhoods</c>): the units
/// table of <see cref="NeighbourhoodTables.DiversityUnits"/>, per parent area the segregation indices with isolation
/// and exposure keyed by group, the groups and how to read the layout.</summary>
public static class DiversityJson
{
    public static void Write(Utf8JsonWriter j, DiversityReport report, Provenance provenance = Provenance.Real)
    {
        var r = report.Result;
        j.WriteStartObject();
        TableJson.WriteArray(j, "units", NeighbourhoodTables.DiversityUnits(r, provenance));
        var parents = NeighbourhoodTables.DiversityParents(r, provenance);
        j.WriteStartArray("parents");
        for (int i = 0; i < r.Parents.Count; i++)
        {
            var p = r.Parents[i];
            j.WriteStartObject();
            TableJson.WriteFields(j, parents.Columns, parents.Rows[i]);
            j.Numbers(r.Groups, p.Isolation, "isolation");
            j.WriteStartObject("exposure");
            for (int a = 0; a < r.Groups.Length; a++) j.Numbers(r.Groups, r.Groups.Select((_, b) => p.ExposureOf(a, b)), r.Groups[a]);
            j.WriteEndObject();
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.Strings("groups", r.Groups);
        j.WriteString("dissimilarity_group", r.DissimilarityGroup);
        j.WriteString("exposure_layout", "exposure[a][b] = Σ_i (a_i/A)(b_i/t_i), exposure of group a to group b; exposure[a][a] = isolation[a]");
        j.WriteString("entropy_log", "natural; normalised entropy = entropy / ln(number of groups)");
        j.Strings("notes", report.Notes);
        j.WriteEndObject();
    }
}
