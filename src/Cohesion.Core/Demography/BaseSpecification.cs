using System.Globalization;
using System.Text.Json;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>A national base population specification (<c>data/demography/base/NAME.json</c>): year, CBS total, origin
/// totals and the relative age profiles used to spread them (see <see cref="BasePopulation"/>).</summary>
public sealed class BaseSpecification
{
    public required string Name { get; init; }
    public required int Year { get; init; }
    public required double Total { get; init; }
    public required double[] OriginTotals { get; init; }
    /// <summary>Relative prevalence of each origin by age (piecewise linear anchors), 7 series.</summary>
    public required TimeSeries[] OriginAgeProfiles { get; init; }
    public string Description { get; init; } = "";

    public static string PathOf(string name) => DefaultData.PathOf("demography", "base", name + ".json");

    public static BaseSpecification Load(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) throw new CohesionException($"unknown base population '{name}' (no file {path})");
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var r = doc.RootElement;
        CohesionException Err(string f, string m) => new($"field '{f}': {m}", path);
        double Num(JsonElement o, string f) => o.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Err(f, "required number");
        var totals = new double[7];
        var profiles = new TimeSeries[7];
        if (!r.TryGetProperty("origin_totals", out var ot)) throw Err("origin_totals", "required");
        if (!r.TryGetProperty("origin_age_profiles", out var op)) throw Err("origin_age_profiles", "required");
        for (int o = 0; o < 7; o++)
        {
            string on = PopulationIndex.OriginNames[o];
            totals[o] = Num(ot, on);
            if (totals[o] < 0) throw Err("origin_totals." + on, "negative count");
            if (!op.TryGetProperty(on, out var prof) || prof.ValueKind != JsonValueKind.Object) throw Err("origin_age_profiles." + on, "required object age → weight");
            var anchors = new List<KeyValuePair<int, double>>();
            foreach (var p in prof.EnumerateObject())
            {
                if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int age) || age > 100) throw Err($"origin_age_profiles.{on}.{p.Name}", "keys must be ages 0–100");
                double v = p.Value.GetDouble();
                if (v < 0) throw Err($"origin_age_profiles.{on}.{p.Name}", "negative weight");
                anchors.Add(new(age, v));
            }
            profiles[o] = new TimeSeries(anchors);
        }
        double total = Num(r, "total");
        double sum = totals.Sum();
        if (Math.Abs(sum - total) > 0.5) throw Err("origin_totals", $"sum {sum} differs from total {total}");
        return new BaseSpecification
        {
            Name = name, Year = (int)Num(r, "year"), Total = total, OriginTotals = totals, OriginAgeProfiles = profiles,
            Description = r.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "",
        };
    }
}

