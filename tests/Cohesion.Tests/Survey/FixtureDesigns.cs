using System.Text.Json;
using Cohesion.Data;
using Cohesion.SurveyAnalysis;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;

namespace Cohesion.Tests.Survey;

/// <summary>Builds the design a fixture of tools/reference/survey_glm.R (and survey_depth.R) describes in its
/// <c>spec</c>: data file, weights, strata, cluster stages, fpc, nest, lonely-PSU rule, replicates made from the design
/// or supplied as columns, raking or post-stratification, and the subset expression.</summary>
internal static class FixtureDesigns
{
    private static readonly Dictionary<string, DataFrame> Frames = new();

    public static DataFrame Frame(string file)
    {
        lock (Frames)
        {
            if (!Frames.TryGetValue(file, out var f))
                Frames[file] = f = DatasetLoader.Load(Paths.Fixture("survey_depth", file));
            return f;
        }
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).ToArray()
        : e.TryGetProperty(name, out v) && v.ValueKind == JsonValueKind.String ? [v.GetString()!] : [];

    public static double[] Doubles(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.NaN : x.GetDouble()).ToArray() : [e.GetDouble()];

    public static (DataFrame Frame, SurveyDesign Design, bool[]? Domain) Build(JsonElement spec)
    {
        var frame = Frame(Str(spec, "data")!);
        var weight = Str(spec, "weights")!;
        var lonely = Enum.Parse<LonelyPsu>(Str(spec, "lonely") ?? "fail", ignoreCase: true);
        SurveyDesign design;
        if (spec.TryGetProperty("repweights", out var rw) && rw.ValueKind == JsonValueKind.Object)
        {
            design = ReplicateFrame.CreateDesign(frame, weight, new ReplicateColumns
            {
                Pattern = Str(rw, "regex")!, Type = ParseType(Str(rw, "type")!),
                Rho = rw.TryGetProperty("rho", out var rho) ? rho.GetDouble() : null,
                Scale = rw.TryGetProperty("scale", out var sc) ? sc.GetDouble() : null,
                Rscales = rw.TryGetProperty("rscales", out var rs) ? Doubles(rs) : null,
                Mse = rw.TryGetProperty("mse", out var mse) && mse.GetBoolean(),
            });
        }
        else
        {
            design = SurveyFrame.CreateDesign(frame, new SurveyColumns
            {
                Weight = weight, Strata = Str(spec, "strata"), Clusters = Strings(spec, "clusters"), Fpc = Strings(spec, "fpc"),
                Nest = spec.TryGetProperty("nest", out var nest) && nest.GetBoolean(), LonelyPsu = lonely,
            });
            if (spec.TryGetProperty("replicates", out var reps) && reps.ValueKind == JsonValueKind.Object)
                design = design.WithReplicates(ParseType(Str(reps, "type")!), mse: reps.TryGetProperty("mse", out var m) && m.GetBoolean());
        }
        if (spec.TryGetProperty("rake", out var rake) && rake.ValueKind == JsonValueKind.Array)
            design = design.Rake(rake.EnumerateArray().Select(r => Margin(frame, r)).ToArray());
        if (spec.TryGetProperty("poststratify", out var ps) && ps.ValueKind == JsonValueKind.Array)
            design = design.PostStratify(Margin(frame, ps[0]));
        if (Calibration(spec) is { } cal) design = cal.Apply(frame, design);
        var subset = Str(spec, "subset");
        return (frame, design, subset is null ? null : RowFilter.Evaluate(frame, subset));
    }

    /// <summary>The spec as the Core design request the verbs build designs from.</summary>
    public static SurveyDesignRequest Request(JsonElement spec)
    {
        ReplicateColumns? supplied = null;
        if (spec.TryGetProperty("repweights", out var rw) && rw.ValueKind == JsonValueKind.Object)
            supplied = new ReplicateColumns
            {
                Pattern = Str(rw, "regex")!, Type = ParseType(Str(rw, "type")!),
                Rho = rw.TryGetProperty("rho", out var rho) ? rho.GetDouble() : null,
                Scale = rw.TryGetProperty("scale", out var sc) ? sc.GetDouble() : null,
                Rscales = rw.TryGetProperty("rscales", out var rs) ? Doubles(rs) : null,
                Mse = rw.TryGetProperty("mse", out var mse) && mse.GetBoolean(),
            };
        ReplicateType? made = null;
        bool madeMse = false;
        if (spec.TryGetProperty("replicates", out var reps) && reps.ValueKind == JsonValueKind.Object)
        {
            made = ParseType(Str(reps, "type")!);
            madeMse = reps.TryGetProperty("mse", out var m) && m.GetBoolean();
        }
        var rake = spec.TryGetProperty("rake", out var rk) && rk.ValueKind == JsonValueKind.Array
            ? rk.EnumerateArray().Select(r => Str(r, "column") + "=" + string.Join(",", Strings(r, "levels").Zip(Doubles(r.GetProperty("totals")))
                .Select(t => t.First + ":" + t.Second.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).ToArray()
            : [];
        return new SurveyDesignRequest
        {
            Weight = Str(spec, "weights"), Strata = Str(spec, "strata"), Clusters = Strings(spec, "clusters"), Fpc = Strings(spec, "fpc"),
            LonelyPsu = Enum.Parse<LonelyPsu>(Str(spec, "lonely") ?? "fail", ignoreCase: true),
            Replicates = made, Mse = madeMse, SuppliedReplicates = supplied, Rake = rake, Calibration = Calibration(spec),
        };
    }

    /// <summary>The spec's <c>calibrate</c> entry as the Core request the verbs use (totals given inline).</summary>
    public static CalibrationRequest? Calibration(JsonElement spec)
    {
        if (!spec.TryGetProperty("calibrate", out var c) || c.ValueKind != JsonValueKind.Object) return null;
        var t = c.GetProperty("totals");
        var terms = Strings(t, "terms");
        var totals = Doubles(t.GetProperty("totals"));
        var bounds = c.TryGetProperty("bounds", out var b) && b.ValueKind == JsonValueKind.Array ? Doubles(b) : [double.NegativeInfinity, double.PositiveInfinity];
        return new CalibrationRequest
        {
            Formula = Str(c, "formula")!, Totals = terms.Zip(totals).ToList(), Function = CalibrationRequest.ParseFunction(Str(c, "calfun") ?? "linear"),
            Lower = bounds[0], Upper = bounds[1],
        };
    }

    private static CalibrationMargin Margin(DataFrame frame, JsonElement m)
    {
        var levels = Strings(m, "levels");
        var totals = Doubles(m.GetProperty("totals"));
        return SurveyFrame.Margin(frame, Str(m, "column")!, levels.Zip(totals).ToList());
    }

    public static ReplicateType ParseType(string t) => t.ToLowerInvariant() switch
    {
        "jk1" => ReplicateType.JK1, "jkn" => ReplicateType.JKn, "brr" => ReplicateType.BRR, "fay" => ReplicateType.Fay,
        "bootstrap" => ReplicateType.Bootstrap, _ => ReplicateType.Other,
    };
}
