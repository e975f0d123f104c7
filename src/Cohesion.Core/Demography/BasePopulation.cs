using System.Globalization;
using System.Text.Json;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// Builds a national base population (1 January) by sex × single age × origin × education from a base
/// specification file (<c>data/demography/base/NAME.json</c>):
/// <list type="number">
/// <item>age × sex: the real WPP 2024 5-year tables at the two surrounding mid-years, interpolated linearly in time to
/// 1 January, graduated to single years (<see cref="Graduation"/>) and scaled to the published CBS total;</item>
/// <item>origin: <b>a documented approximation</b> — the national split by origin and age is not public here, so
/// the published origin totals are spread over age × sex by iterative proportional fitting of relative age
/// profiles (seeds) to the WPP age-sex margins and the origin totals (both margins hit exactly);</item>
/// <item>education: cohort final attainment from the scenario's education assumptions, reached along the same
/// attainment-by-age curves the projection uses (<see cref="EducationModel"/>); first-generation adults get the
/// education mix of immigrants of their group.</item>
/// </list>
/// </summary>
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

public static class BasePopulation
{
    /// <summary>WPP single-year population by sex on 1 January of <paramref name="year"/>: linear in time between the
    /// WPP mid-year tables (≈1 July of 1950, 1955, …, 2020 estimates; 2025, … median projection).</summary>
    public static double[][] WppAgeSex(WppNetherlands wpp, int year)
    {
        double t = year - 0.5; // 1 Jan of year = mid-year (year − 1) + 0.5
        int y0 = (int)Math.Floor(t / 5) * 5;
        int y1 = y0 + 5;
        double w = (t - y0) / 5.0;
        var r = new double[2][];
        for (int s = 0; s < 2; s++)
        {
            var a = wpp.PopulationSingle(y0, s);
            var b = wpp.PopulationSingle(y1, s);
            r[s] = new double[PopulationIndex.Ages];
            for (int x = 0; x < PopulationIndex.Ages; x++) r[s][x] = (1 - w) * a[x] + w * b[x];
        }
        return r;
    }

    /// <summary>Builds the base population for a scenario (flat array, <see cref="PopulationIndex"/>).</summary>
    public static double[] Build(BaseSpecification spec, Scenario education, WppNetherlands wpp)
    {
        var ageSex = WppAgeSex(wpp, spec.Year);
        double wppTotal = ageSex[0].Sum() + ageSex[1].Sum();
        double scale = spec.Total / wppTotal;
        int rows = 2 * PopulationIndex.Ages;
        var rowTotals = new double[rows];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++) rowTotals[PopulationIndex.SexAge(s, a)] = ageSex[s][a] * scale;

        // seed: relative prevalence by age; IPF to row (age-sex) and column (origin) totals
        var m = new double[rows * 7];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
                for (int o = 0; o < 7; o++) m[PopulationIndex.SexAge(s, a) * 7 + o] = Math.Max(spec.OriginAgeProfiles[o].ValueAt(a), 1e-9);
        Ipf(m, rowTotals, spec.OriginTotals, 7);

        var pop = new double[PopulationIndex.CellCount];
        var edu = new EducationModel(education);
        Span<double> mix = stackalloc double[3];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
                for (int o = 0; o < 7; o++)
                {
                    double n = m[PopulationIndex.SexAge(s, a) * 7 + o];
                    edu.AttainmentAt(spec.Year, a, o, firstGenerationAdultMix: true, mix);
                    for (int e = 0; e < 3; e++) pop[PopulationIndex.Index(s, a, o, e)] = n * mix[e];
                }
        return pop;
    }

    /// <summary>Iterative proportional fitting of a rows × cols matrix to row and column totals (row totals are
    /// met exactly at exit; column totals to relative 1e-12).</summary>
    public static void Ipf(double[] m, double[] rowTotals, double[] colTotals, int cols)
    {
        int rows = rowTotals.Length;
        double grandR = rowTotals.Sum(), grandC = colTotals.Sum();
        if (Math.Abs(grandR - grandC) > 1e-9 * grandR) throw new CohesionException($"IPF margins differ: rows {grandR}, columns {grandC}");
        var cs = new double[cols];
        for (int it = 0; it < 10000; it++)
        {
            Array.Clear(cs);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) cs[j] += m[i * cols + j];
            double maxDev = 0;
            for (int j = 0; j < cols; j++)
            {
                double f = cs[j] > 0 ? colTotals[j] / cs[j] : 0;
                maxDev = Math.Max(maxDev, Math.Abs(cs[j] - colTotals[j]) / Math.Max(colTotals[j], 1));
                for (int i = 0; i < rows; i++) m[i * cols + j] *= f;
            }
            for (int i = 0; i < rows; i++)
            {
                double r = 0;
                for (int j = 0; j < cols; j++) r += m[i * cols + j];
                double f = r > 0 ? rowTotals[i] / r : 0;
                for (int j = 0; j < cols; j++) m[i * cols + j] *= f;
            }
            if (maxDev < 1e-13) return;
        }
        throw new ModelException("iterative proportional fitting of the base population did not converge");
    }
}

/// <summary>A base population from a StatLine 84910NED table (e.g. a municipality), for running a scenario on it.</summary>
public static class StatLineBase
{
    /// <summary>
    /// Builds sex × single age × origin × education from the table: each of the four separable origin groups
    /// (<see cref="StatLine84910Table.OriginGroups"/>) is graduated to single years 0–94 (<see cref="Graduation"/>) and
    /// the 95+ group is spread over 95–100+ like the national base; the first/second generation split by sex and age
    /// and the education split follow the national base population of the same year (<paramref name="national"/>).
    /// These splits are documented approximations: the export holds generation totals only.
    /// </summary>
    public static double[] Build(StatLine84910Table table, double[] national)
    {
        var groups = table.OriginGroups();
        int[] first = [PopulationIndex.Dutch, PopulationIndex.G1Classic, PopulationIndex.G1Asylum, PopulationIndex.G1Labour];
        int[] second = [-1, PopulationIndex.G2Classic, PopulationIndex.G2Asylum, PopulationIndex.G2Labour];
        var pop = new double[PopulationIndex.CellCount];
        for (int s = 0; s < 2; s++)
        {
            var nsa = PopulationProjection.BySexAge(national);
            for (int g = 0; g < 4; g++)
            {
                var c = groups[g].AsSpan(s * StatLine84910Table.AgeGroups, StatLine84910Table.AgeGroups);
                var single = new double[PopulationIndex.Ages];
                Graduation.ToSingleYears(StatLine84910Table.AgeGroupStarts.AsSpan(0, 19), c[..19], 95).CopyTo(single, 0);
                double old = 0;
                for (int a = 95; a <= 100; a++) old += nsa[PopulationIndex.SexAge(s, a)];
                for (int a = 95; a <= 100; a++) single[a] = old > 0 ? c[19] * nsa[PopulationIndex.SexAge(s, a)] / old : c[19] / 6;
                for (int a = 0; a < PopulationIndex.Ages; a++)
                {
                    // split into generations and education as in the national base at this sex and age
                    int[] origins = second[g] < 0 ? [first[g]] : [first[g], second[g]];
                    double denom = 0;
                    foreach (int o in origins) for (int e = 0; e < 3; e++) denom += national[PopulationIndex.Index(s, a, o, e)];
                    foreach (int o in origins)
                        for (int e = 0; e < 3; e++)
                        {
                            double w = denom > 0 ? national[PopulationIndex.Index(s, a, o, e)] / denom : (o == first[g] && e == 0 ? 1 : 0);
                            pop[PopulationIndex.Index(s, a, o, e)] = single[a] * w;
                        }
                }
            }
        }
        return pop;
    }
}
