using System.Text.Json;
using Cohesion.Demography;

namespace Cohesion.Presentation;

/// <summary>The JSON of <c>cohesion population</c>: the projection per scenario and year, the calibration and the
/// stochastic quantiles. Written streaming (the detail runs to hundreds of MB), property names encoded once.</summary>
public static class PopulationJson
{
    private static readonly JsonEncodedText PAge = JsonEncodedText.Encode("age"), PSex = JsonEncodedText.Encode("sex"),
        POrigin = JsonEncodedText.Encode("origin"), PEducation = JsonEncodedText.Encode("education"), PCount = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText[] SexValues = PopulationIndex.SexNames.Select(n => JsonEncodedText.Encode(n)).ToArray();
    private static readonly JsonEncodedText[] OriginValues = PopulationIndex.OriginNames.Select(n => JsonEncodedText.Encode(n)).ToArray();
    private static readonly JsonEncodedText[] EducationValues = PopulationIndex.EducationNames.Select(n => JsonEncodedText.Encode(n)).ToArray();

    private static void WriteQuantiles(Utf8JsonWriter j, string name, TrajectoryQuantiles q)
    {
        j.WriteStartObject(name);
        var v = q.ToArray();
        for (int k = 0; k < v.Length; k++) j.Number(TrajectoryQuantiles.Names[k], v[k]);
        j.WriteEndObject();
    }

    /// <summary><c>"stochastic": {"trajectories": N, "quantiles": [{"scenario", "year", "total": {q025…q975}, …}]}</c>;
    /// each row also carries the quantiles of share_65plus and of the origin and education shares.</summary>
    private static void WriteStochastic(Utf8JsonWriter j, StochasticProjection[] fans)
    {
        j.WriteStartObject("stochastic");
        j.WriteNumber("trajectories", fans[0].Trajectories);
        j.WriteStartArray("quantiles");
        foreach (var f in fans)
            foreach (var y in f.Years)
            {
                j.WriteStartObject();
                j.WriteString("scenario", f.Scenario.Name);
                j.WriteNumber("year", y.Year);
                WriteQuantiles(j, "total", y.Total);
                WriteQuantiles(j, "share_65plus", y.Share65Plus);
                j.WriteStartObject("by_origin");
                for (int o = 0; o < PopulationIndex.Origins; o++) WriteQuantiles(j, PopulationIndex.OriginNames[o], y.OriginShares[o]);
                j.WriteEndObject();
                j.WriteStartObject("by_education");
                for (int e = 0; e < PopulationIndex.Educations; e++) WriteQuantiles(j, PopulationIndex.EducationNames[e], y.EducationShares[e]);
                j.WriteEndObject();
                j.WriteEndObject();
            }
        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>The projection document: <c>{"note", "scenarios": [{"name", "edition", "calibration", "years": [{"year",
    /// "total", flows, "by_origin", "by_education", "share_65plus", "ages"?}]}], "stochastic"?}</c>; with
    /// <paramref name="detail"/> every year lists the population by age, sex, origin and education.</summary>
    public static void Write(Utf8JsonWriter j, PopulationProjection[] results, StochasticProjection[]? fans, string note, int from, int to, bool detail)
    {
        j.WriteStartObject();
        j.WriteString("note", note);
        j.WriteStartArray("scenarios");
        foreach (var p in results)
        {
            j.WriteStartObject();
            j.WriteString("name", p.Scenario.Name);
            j.WriteNumber("edition", p.Scenario.Edition);
            WriteCalibration(j, p);
            j.WriteStartArray("years");
            for (int y = from; y <= to; y++)
            {
                var pop = p.PopulationAt(y);
                var f = p.FlowsOf(y)!;
                j.WriteStartObject();
                j.WriteNumber("year", y);
                j.Number("total", YearFlows.Sum(pop));
                j.Number("births", f.TotalBirths);
                j.Number("deaths", f.TotalDeaths);
                j.Number("immigration", f.TotalImmigration);
                j.Number("emigration", f.TotalEmigration);
                j.WriteStartObject("by_origin");
                var bo = PopulationProjection.ByOrigin(pop);
                for (int o = 0; o < PopulationIndex.Origins; o++) j.Number(PopulationIndex.OriginNames[o], bo[o]);
                j.WriteEndObject();
                j.WriteStartObject("by_education");
                var be = PopulationProjection.ByEducation(pop);
                for (int e = 0; e < PopulationIndex.Educations; e++) j.Number(PopulationIndex.EducationNames[e], be[e]);
                j.WriteEndObject();
                j.Number("share_65plus", PopulationProjection.Share65Plus(pop));
                if (detail)
                {
                    j.WriteStartArray("ages");
                    for (int i = 0; i < pop.Length; i++)
                    {
                        var (s, a, o, e) = PopulationIndex.Decompose(i);
                        j.WriteStartObject();
                        j.WriteNumber(PAge, a);
                        j.WriteString(PSex, SexValues[s]);
                        j.WriteString(POrigin, OriginValues[o]);
                        j.WriteString(PEducation, EducationValues[e]);
                        j.WriteNumber(PCount, pop[i]);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                }
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        j.WriteEndArray();
        if (fans is not null) WriteStochastic(j, fans);
        j.WriteEndObject();
    }

    /// <summary><c>"calibration": {"migration_factor": x}</c> (1 when nothing is scaled); calibrated scenarios add the target
    /// year and total the factor was solved for.</summary>
    private static void WriteCalibration(Utf8JsonWriter j, PopulationProjection p)
    {
        j.WriteStartObject("calibration");
        j.Number("migration_factor", p.MigrationScale);
        if (p.Scenario.CalibrationYear is int cy && p.Scenario.CalibrationTotal is double ct)
        {
            j.WriteNumber("target_year", cy);
            j.Number("target_total", ct);
            j.WriteString("parameter", "long-run first-generation net migration levels");
        }
        j.WriteEndObject();
    }
}
