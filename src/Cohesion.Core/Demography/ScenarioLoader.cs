using System.Globalization;
using System.Text.Json;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// Reads scenario files (JSON). The shared assumptions in <c>data/demography/assumptions.json</c> are read
/// first; a scenario file gives the variant's levels and may override any shared block key by key. Every
/// mistake — an unknown field, a negative rate, a series without a value for the base year ("missing year"), a
/// TFR or life expectancy out of range — raises a <see cref="CohesionException"/> naming the file and the field.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopFields =
    [
        "name", "edition", "label_nl", "label_en", "description", "base", "base_year", "end_year", "tfr", "e0_female", "e0_male",
        "net_migration", "migration_start", "fertility_differentials", "emigration_rates", "immigrant_education", "immigrant_male_share",
        "immigrant_peak_age", "education", "calibration", "published", "comment", "source"
    ];

    public const double MinTfr = 0.5, MaxTfr = 5.0, MinE0 = 40, MaxE0 = 110;

    /// <summary>The shared assumptions file.</summary>
    public static string AssumptionsPath => DefaultData.PathOf("demography", "assumptions.json");

    public static Scenario Load(string path)
    {
        if (!File.Exists(path)) throw new CohesionException("scenario file not found", path);
        string text = File.ReadAllText(path);
        return Parse(text, path);
    }

    /// <summary>Parses scenario JSON; <paramref name="sourceName"/> names the file in messages.</summary>
    public static Scenario Parse(string json, string sourceName)
    {
        var defaults = ParseObject(File.ReadAllText(AssumptionsPath), AssumptionsPath);
        var root = ParseObject(json, sourceName);
        var ctx = new Ctx(sourceName);
        foreach (var p in root.EnumerateObject())
            if (!TopFields.Contains(p.Name)) throw ctx.Error(p.Name, "unknown field (known: " + string.Join(", ", TopFields) + ")");

        string name = ctx.String(root, "name", required: true)!;
        int edition = ctx.Int(root, "edition", required: true)!.Value;
        if (edition is not (2020 or 2024)) throw ctx.Error("edition", $"must be 2020 or 2024, not {edition}");
        string baseName = ctx.String(root, "base", required: true)!;
        int baseYear = ctx.Int(root, "base_year", required: true)!.Value;
        int endYear = ctx.Int(root, "end_year") ?? 2070;
        if (baseYear < 1950 || baseYear > 2100) throw ctx.Error("base_year", $"{baseYear} is out of range 1950–2100");
        if (endYear <= baseYear || endYear > 2200) throw ctx.Error("end_year", $"{endYear} must be after base_year {baseYear} and at most 2200");

        var tfr = ctx.Series(root, "tfr", baseYear, MinTfr, MaxTfr, "TFR out of range");
        var e0f = ctx.Series(root, "e0_female", baseYear, MinE0, MaxE0, "life expectancy out of range");
        var e0m = ctx.Series(root, "e0_male", baseYear, MinE0, MaxE0, "life expectancy out of range");

        if (!root.TryGetProperty("net_migration", out var nm) || nm.ValueKind != JsonValueKind.Object)
            throw ctx.Error("net_migration", "required object with " + string.Join(", ", Scenario.MigrationGroups));
        foreach (var p in nm.EnumerateObject())
            if (!Scenario.MigrationGroups.Contains(p.Name)) throw ctx.Error("net_migration." + p.Name, "unknown migration group (known: " + string.Join(", ", Scenario.MigrationGroups) + ")");
        var nets = Scenario.MigrationGroups.Select(g => ctx.Series(nm, g, baseYear, -1e7, 1e7, "net migration out of range", "net_migration.")).ToArray();

        var start = ParseMigrationStart(root, ctx, baseYear, endYear, nets);

        var dctx = new Ctx(AssumptionsPath);
        double[] ByOrigin(string field, double max)
        {
            var v = dctx.OriginMap(defaults, field, null, max);
            return root.TryGetProperty(field, out _) ? ctx.OriginMap(root, field, v, max) : v;
        }
        var fert = ByOrigin("fertility_differentials", 5);
        var emig = ByOrigin("emigration_rates", 1);
        var male = ByOrigin("immigrant_male_share", 1);
        var peak = ByOrigin("immigrant_peak_age", 60);
        for (int o = 0; o < 7; o++) if (peak[o] < 15) throw ctx.Error("immigrant_peak_age." + PopulationIndex.OriginNames[o], "must be between 15 and 60");
        var immEdu = dctx.EducationMix(defaults, "immigrant_education", null);
        if (root.TryGetProperty("immigrant_education", out _)) immEdu = ctx.EducationMix(root, "immigrant_education", immEdu);

        var (hi, lo, hiF, loF, ratio) = dctx.Education(defaults, null);
        if (root.TryGetProperty("education", out _)) (hi, lo, hiF, loF, ratio) = ctx.Education(root, (hi, lo, hiF, loF, ratio));

        int? calYear = null; double? calTotal = null;
        if (root.TryGetProperty("calibration", out var cal))
        {
            if (cal.ValueKind != JsonValueKind.Object) throw ctx.Error("calibration", "must be an object {\"year\", \"total\"}");
            foreach (var p in cal.EnumerateObject())
                if (p.Name is not ("year" or "total" or "parameter" or "comment")) throw ctx.Error("calibration." + p.Name, "unknown field (known: year, total, parameter, comment)");
            calYear = ctx.Int(cal, "year", required: true, prefix: "calibration.");
            calTotal = ctx.Number(cal, "total", required: true, prefix: "calibration.");
            if (calTotal <= 0) throw ctx.Error("calibration.total", "must be positive");
            if (calYear <= baseYear || calYear > endYear) throw ctx.Error("calibration.year", $"must lie in {baseYear + 1}–{endYear}");
            if (cal.TryGetProperty("parameter", out var par) && par.GetString() != "first_generation_migration")
                throw ctx.Error("calibration.parameter", "only 'first_generation_migration' can be calibrated");
        }

        var published = new Dictionary<string, double>();
        if (root.TryGetProperty("published", out var pub))
        {
            if (pub.ValueKind != JsonValueKind.Object) throw ctx.Error("published", "must be an object of numbers");
            foreach (var p in pub.EnumerateObject())
            {
                if (p.Name == "comment" || p.Name == "source") continue;
                if (p.Value.ValueKind != JsonValueKind.Number) throw ctx.Error("published." + p.Name, "must be a number");
                published[p.Name] = p.Value.GetDouble();
            }
        }

        return new Scenario
        {
            Name = name, Edition = edition, LabelNl = ctx.String(root, "label_nl") ?? name, LabelEn = ctx.String(root, "label_en") ?? name,
            Description = ctx.String(root, "description") ?? "", SourceFile = sourceName, Base = baseName, BaseYear = baseYear, EndYear = endYear,
            Tfr = tfr, E0Female = e0f, E0Male = e0m, NetMigration = nets, MigrationStart = start, FertilityDifferentials = fert, EmigrationRates = emig,
            ImmigrantEducation = immEdu, ImmigrantMaleShare = male, ImmigrantPeakAge = peak, CohortHighShare = hi, CohortLowShare = lo, FemaleHighRatio = ratio,
            EducationHighFactor = hiF, EducationLowFactor = loF, CalibrationYear = calYear, CalibrationTotal = calTotal, Published = published,
        };
    }

    /// <summary>
    /// <c>migration_start</c>: <c>{"year": base_year, "total": observed net migration, "relaxation_years": τ}</c>, optionally with
    /// <c>"mean_from"</c>/<c>"mean_to"</c>: then the first-generation values of <c>net_migration</c> are the published means
    /// over that period (constants), and their long-run levels are solved so that the path's means equal them exactly
    /// (<paramref name="nets"/> is rewritten with the levels). See <see cref="MigrationStart"/>.
    /// </summary>
    private static MigrationStart? ParseMigrationStart(JsonElement root, Ctx ctx, int baseYear, int endYear, TimeSeries[] nets)
    {
        if (!root.TryGetProperty("migration_start", out var ms)) return null;
        if (ms.ValueKind != JsonValueKind.Object) throw ctx.Error("migration_start", "must be an object {\"year\", \"total\", \"relaxation_years\"}");
        string[] known = ["year", "total", "relaxation_years", "mean_from", "mean_to", "source", "comment"];
        foreach (var p in ms.EnumerateObject())
            if (!known.Contains(p.Name)) throw ctx.Error("migration_start." + p.Name, "unknown field (known: " + string.Join(", ", known) + ")");
        int year = ctx.Int(ms, "year", required: true, prefix: "migration_start.")!.Value;
        if (year != baseYear) throw ctx.Error("migration_start.year", $"must equal base_year {baseYear}, not {year}");
        double total = ctx.Number(ms, "total", required: true, prefix: "migration_start.")!.Value;
        if (Math.Abs(total) > 1e7) throw ctx.Error("migration_start.total", "net migration out of range");
        double tau = ctx.Number(ms, "relaxation_years", required: true, prefix: "migration_start.")!.Value;
        if (!(tau > 0 && tau <= 100)) throw ctx.Error("migration_start.relaxation_years", "must be positive and at most 100");
        var start = new MigrationStart(year, total, tau);
        double firstGen = nets[1].ValueAt(year) + nets[2].ValueAt(year) + nets[3].ValueAt(year);
        if (!(firstGen > 0)) throw ctx.Error("net_migration", "with migration_start the first-generation groups need a positive total (it splits the observed start)");

        int? from = ctx.Int(ms, "mean_from", prefix: "migration_start."), to = ctx.Int(ms, "mean_to", prefix: "migration_start.");
        if (from is null != to is null) throw ctx.Error(from is null ? "migration_start.mean_from" : "migration_start.mean_to", "mean_from and mean_to go together");
        if (from is int f && to is int t)
        {
            if (f != baseYear || t <= f || t > endYear) throw ctx.Error("migration_start.mean_to", $"the mean period must run from base_year {baseYear} to a later year at most {endYear}");
            for (int g = 1; g <= 3; g++)
                if (nets[g].Years.Count != 1)
                    throw ctx.Error("net_migration." + Scenario.MigrationGroups[g], "must be one number when migration_start gives a mean period");
            // means m_g = L_g (1 − w̄) + S_g w̄ with S_g = S·L_g/ΣL  ⇒  ΣL = (M − S w̄)/(1 − w̄) and L_g = m_g ΣL / M
            double w = start.MeanWeight(f, t);
            double observed = total - nets[0].ValueAt(year);
            double levels = (firstGen - observed * w) / (1 - w);
            if (!(levels > 0))
                throw ctx.Error("migration_start.total", $"an observed start of {total:0} leaves no positive long-run first-generation level for the means over {f}–{t}");
            for (int g = 1; g <= 3; g++) nets[g] = TimeSeries.Constant(year, nets[g].ValueAt(year) * levels / firstGen);
        }
        return start;
    }

    private static JsonElement ParseObject(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CohesionException("a scenario file must hold one JSON object", source);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CohesionException($"invalid JSON: {Cohesion.IO.JsonErrors.Describe(ex)}", source, inner: ex);
        }
    }

    private sealed class Ctx(string file)
    {
        public CohesionException Error(string field, string message) => new($"field '{field}': {message}", file);

        public string? String(JsonElement o, string f, bool required = false)
        {
            if (!o.TryGetProperty(f, out var v)) return required ? throw Error(f, "required field is missing") : null;
            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) throw Error(f, "must be a non-empty string");
            return v.GetString();
        }

        public double? Number(JsonElement o, string f, bool required = false, string prefix = "")
        {
            if (!o.TryGetProperty(f, out var v)) return required ? throw Error(prefix + f, "required field is missing") : null;
            if (v.ValueKind != JsonValueKind.Number) throw Error(prefix + f, "must be a number");
            double d = v.GetDouble();
            if (!double.IsFinite(d)) throw Error(prefix + f, "must be finite");
            return d;
        }

        public int? Int(JsonElement o, string f, bool required = false, string prefix = "")
        {
            var d = Number(o, f, required, prefix);
            if (d is null) return null;
            if (d != Math.Floor(d.Value)) throw Error(prefix + f, "must be a whole number");
            return (int)d.Value;
        }

        /// <summary>A series: a number (constant) or an object {"YEAR": value, ...}; must cover the base year.</summary>
        public TimeSeries Series(JsonElement o, string f, int? baseYear, double min, double max, string rangeMessage, string prefix = "")
        {
            string path = prefix + f;
            if (!o.TryGetProperty(f, out var v)) throw Error(path, "required field is missing");
            var anchors = new List<KeyValuePair<int, double>>();
            bool constant = v.ValueKind == JsonValueKind.Number;
            if (constant) anchors.Add(new(baseYear ?? 0, v.GetDouble()));
            else if (v.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in v.EnumerateObject())
                {
                    if (p.Name == "comment") continue;
                    if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year < 1800 || year > 2300)
                        throw Error($"{path}.{p.Name}", "keys must be years (e.g. \"2019\")");
                    if (p.Value.ValueKind != JsonValueKind.Number) throw Error($"{path}.{p.Name}", "must be a number");
                    anchors.Add(new(year, p.Value.GetDouble()));
                }
                if (anchors.Count == 0) throw Error(path, "missing year: the series has no years");
            }
            else throw Error(path, "must be a number or an object of year → value");
            foreach (var (year, val) in anchors)
            {
                if (!double.IsFinite(val) || val < min || val > max)
                    throw Error(constant ? path : $"{path}.{year}", $"{rangeMessage}: {val.ToString(CultureInfo.InvariantCulture)} (allowed {min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)})");
            }
            var ts = new TimeSeries(anchors);
            if (baseYear is not null && ts.FirstYear > baseYear)
                throw Error(path, $"missing year: no value for the base year {baseYear} (first year given is {ts.FirstYear})");
            return ts;
        }

        /// <summary>An object with one non-negative number per origin; keys override <paramref name="start"/>.</summary>
        public double[] OriginMap(JsonElement o, string f, double[]? start, double max)
        {
            if (!o.TryGetProperty(f, out var v)) return start ?? throw Error(f, "required field is missing");
            if (v.ValueKind != JsonValueKind.Object) throw Error(f, "must be an object with one value per origin group");
            var r = start is null ? Enumerable.Repeat(double.NaN, 7).ToArray() : (double[])start.Clone();
            foreach (var p in v.EnumerateObject())
            {
                if (p.Name == "comment") continue;
                int i = Array.IndexOf(PopulationIndex.OriginNames, p.Name);
                if (i < 0) throw Error($"{f}.{p.Name}", "unknown origin group (known: " + string.Join(", ", PopulationIndex.OriginNames) + ")");
                if (p.Value.ValueKind != JsonValueKind.Number) throw Error($"{f}.{p.Name}", "must be a number");
                double d = p.Value.GetDouble();
                if (!double.IsFinite(d) || d < 0) throw Error($"{f}.{p.Name}", $"negative rate {d.ToString(CultureInfo.InvariantCulture)}: must be ≥ 0");
                if (d > max) throw Error($"{f}.{p.Name}", $"{d.ToString(CultureInfo.InvariantCulture)} is above the maximum {max.ToString(CultureInfo.InvariantCulture)}");
                r[i] = d;
            }
            for (int i = 0; i < 7; i++) if (double.IsNaN(r[i])) throw Error($"{f}.{PopulationIndex.OriginNames[i]}", "missing value for this origin group");
            return r;
        }

        public double[][] EducationMix(JsonElement o, string f, double[][]? start)
        {
            if (!o.TryGetProperty(f, out var v)) return start ?? throw Error(f, "required field is missing");
            if (v.ValueKind != JsonValueKind.Object) throw Error(f, "must be an object: origin → {low, middle, high}");
            var r = start is null ? new double[7][] : start.Select(a => (double[])a.Clone()).ToArray();
            foreach (var p in v.EnumerateObject())
            {
                if (p.Name == "comment") continue;
                int i = Array.IndexOf(PopulationIndex.OriginNames, p.Name);
                if (i < 0) throw Error($"{f}.{p.Name}", "unknown origin group");
                var mix = new double[3];
                for (int e = 0; e < 3; e++)
                {
                    var d = Number(p.Value, PopulationIndex.EducationNames[e], required: true, prefix: $"{f}.{p.Name}.")!.Value;
                    if (d < 0) throw Error($"{f}.{p.Name}.{PopulationIndex.EducationNames[e]}", $"negative rate {d.ToString(CultureInfo.InvariantCulture)}: must be ≥ 0");
                    mix[e] = d;
                }
                foreach (var q in p.Value.EnumerateObject())
                    if (!PopulationIndex.EducationNames.Contains(q.Name)) throw Error($"{f}.{p.Name}.{q.Name}", "unknown field (known: low, middle, high)");
                double sum = mix.Sum();
                if (Math.Abs(sum - 1) > 1e-6) throw Error($"{f}.{p.Name}", $"shares must sum to 1, not {sum.ToString(CultureInfo.InvariantCulture)}");
                r[i] = mix;
            }
            for (int i = 0; i < 7; i++) if (r[i] is null) throw Error($"{f}.{PopulationIndex.OriginNames[i]}", "missing value for this origin group");
            return r;
        }

        public (TimeSeries Hi, TimeSeries Lo, double[] HiF, double[] LoF, TimeSeries Ratio) Education(JsonElement o, (TimeSeries, TimeSeries, double[], double[], TimeSeries)? start)
        {
            if (!o.TryGetProperty("education", out var v) || v.ValueKind != JsonValueKind.Object)
                return start ?? throw Error("education", "required object is missing");
            foreach (var p in v.EnumerateObject())
                if (p.Name is not ("cohort_high_share" or "cohort_low_share" or "high_factor" or "low_factor" or "female_high_ratio" or "comment"))
                    throw Error("education." + p.Name, "unknown field (known: cohort_high_share, cohort_low_share, high_factor, low_factor, female_high_ratio)");
            TimeSeries Cohort(string f, TimeSeries? s) =>
                v.TryGetProperty(f, out _) ? Series(v, f, null, 0, 1, "share out of range", "education.") : s ?? throw Error("education." + f, "required field is missing");
            var hi = Cohort("cohort_high_share", start?.Item1);
            var lo = Cohort("cohort_low_share", start?.Item2);
            foreach (var y in hi.Years.Concat(lo.Years).Distinct())
                if (hi.ValueAt(y) + lo.ValueAt(y) > 1) throw Error("education", $"cohort {y}: high + low shares exceed 1");
            var hf = OriginMap(v, "high_factor", start?.Item3, 5);
            var lf = OriginMap(v, "low_factor", start?.Item4, 5);
            var ratio = v.TryGetProperty("female_high_ratio", out _)
                ? Series(v, "female_high_ratio", null, 0.2, 5, "ratio out of range", "education.")
                : start?.Item5 ?? throw Error("education.female_high_ratio", "required field is missing");
            return (hi, lo, hf, lf, ratio);
        }
    }
}
