using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Statistics;

namespace Cohesion.Scenarios;

/// <summary>
/// Reads societal-change and policy scenario files (JSON) and resolves them against a framework. Every mistake —
/// malformed JSON, an unknown or misspelt field, a wrong type, an unknown indicator, dimension or group level, an
/// implausible value — ends in a <see cref="CohesionException"/> naming the file and the field
/// (e.g. <c>rules[2].logit_per_year</c>). The format is documented in <c>data/scenarios/README.md</c>.
/// </summary>
public static class CohesionScenarioLoader
{
    private static readonly HashSet<string> TopFields = ["kind", "name", "label_nl", "label_en", "description", "provenance", "assumptions", "sources", "rules"];
    private static readonly HashSet<string> RuleFields =
        ["type", "label", "indicators", "dimension", "dimensions", "groups", "logit", "logit_per_year", "logit_per_year_se", "from", "until", "by", "factor", "reference", "fraction", "source", "note"];
    private static readonly HashSet<string> GroupFields = ["sex", "education", "origin", "age_from", "age_to", "born_from", "born_to"];

    public static CohesionScenario Load(string path, CohesionFramework framework, ScenarioKind? expected = null)
    {
        if (!File.Exists(path)) throw new CohesionException("scenario file not found", path);
        return Parse(File.ReadAllText(path), path, framework, expected);
    }

    public static CohesionScenario Parse(string json, string source, CohesionFramework framework, ScenarioKind? expected = null)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException ex) { throw new CohesionException($"not valid JSON: {Cohesion.IO.JsonErrors.Describe(ex)}", source, inner: ex); }
        if (root is not JsonObject obj) throw Error(source, "(root)", "the file must hold a JSON object");
        CheckFields(obj, TopFields, source, "");

        var kindText = RequiredString(obj, "kind", source, "kind");
        var kind = kindText switch
        {
            "societal" => ScenarioKind.Societal,
            "policy" => ScenarioKind.Policy,
            _ => throw Error(source, "kind", $"must be \"societal\" or \"policy\", not \"{kindText}\"")
        };
        if (expected is { } k && k != kind)
            throw Error(source, "kind", $"is \"{kindText}\", but a {(k == ScenarioKind.Policy ? "policy" : "societal")} scenario is expected here");
        var name = RequiredString(obj, "name", source, "name");
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw Error(source, "name", "must be a non-empty identifier of letters, digits, '-' and '_'");
        var labelNl = OptionalString(obj, "label_nl", source, "label_nl") ?? name;
        var labelEn = OptionalString(obj, "label_en", source, "label_en") ?? name;
        var description = OptionalString(obj, "description", source, "description") ?? "";
        var assumptions = StringList(obj["assumptions"], source, "assumptions");
        var sources = StringList(obj["sources"], source, "sources");
        var provenance = OptionalString(obj, "provenance", source, "provenance") ?? "assumption";
        if (provenance is not ("assumption" or "derived"))
            throw Error(source, "provenance", $"must be \"assumption\" (typed in) or \"derived\" (estimated from data), not \"{provenance}\"");
        if (obj["rules"] is not JsonArray rules) throw Error(source, "rules", "is required and must be an array of rules");

        var result = new List<ScenarioRule>();
        for (int i = 0; i < rules.Count; i++)
            result.Add(ParseRule(rules[i], source, $"rules[{i}]", framework));
        return new CohesionScenario(kind, name, labelNl, labelEn, description, assumptions, result, source) { Provenance = provenance, Sources = sources };
    }

    private static ScenarioRule ParseRule(JsonNode? node, string source, string at, CohesionFramework framework)
    {
        if (node is not JsonObject r) throw Error(source, at, "must be an object");
        CheckFields(r, RuleFields, source, at + ".");
        var typeText = RequiredString(r, "type", source, at + ".type");
        var type = typeText switch
        {
            "trend" => RuleType.Trend,
            "shift" => RuleType.Shift,
            "close_gap" => RuleType.CloseGap,
            _ => throw Error(source, at + ".type", $"must be \"trend\", \"shift\" or \"close_gap\", not \"{typeText}\"")
        };
        var label = OptionalString(r, "label", source, at + ".label") ?? typeText;
        if (r["source"] is not null) OptionalString(r, "source", source, at + ".source");
        if (r["note"] is not null) OptionalString(r, "note", source, at + ".note");

        // indicators: listed, or all indicators of the given dimension(s)
        var ids = framework.Indicators.Select(x => x.Id).ToList();
        var dims = framework.Dimensions.Select(d => d.Id).ToList();
        var chosen = new SortedSet<int>();
        if (r["indicators"] is not null)
        {
            var list = StringList(r["indicators"], source, at + ".indicators");
            for (int j = 0; j < list.Count; j++)
            {
                int idx = ids.IndexOf(list[j]);
                if (idx < 0) throw Error(source, $"{at}.indicators[{j}]", $"unknown indicator '{list[j]}'; the framework has {string.Join(", ", ids)}");
                chosen.Add(idx);
            }
        }
        var dimList = new List<(string Name, string Field)>();
        if (r["dimension"] is not null) dimList.Add((RequiredString(r, "dimension", source, at + ".dimension"), at + ".dimension"));
        if (r["dimensions"] is not null)
        {
            var l = StringList(r["dimensions"], source, at + ".dimensions");
            for (int j = 0; j < l.Count; j++) dimList.Add((l[j], $"{at}.dimensions[{j}]"));
        }
        foreach (var (d, field) in dimList)
        {
            if (!dims.Contains(d)) throw Error(source, field, $"unknown dimension '{d}'; the framework has {string.Join(", ", dims)}");
            for (int j = 0; j < framework.Indicators.Count; j++) if (framework.Indicators[j].Dimension == d) chosen.Add(j);
        }
        if (chosen.Count == 0) throw Error(source, at, "names no indicators: give \"indicators\", \"dimension\" or \"dimensions\"");

        var filter = r["groups"] is null ? GroupFilter.Everyone : ParseGroups(r["groups"], source, at + ".groups");
        int from = RequiredYear(r, "from", source, at);
        int? until = OptionalYear(r, "until", source, at);
        int? by = OptionalYear(r, "by", source, at);
        if (until is { } u && u < from) throw Error(source, at + ".until", $"({u}) is before 'from' ({from})");
        if (by is { } b && b < from) throw Error(source, at + ".by", $"({b}) is before 'from' ({from})");

        switch (type)
        {
            case RuleType.Trend:
            {
                NotAllowed(r, ["logit", "factor", "reference", "fraction", "by"], source, at, "a trend");
                double perYear = RequiredNumber(r, "logit_per_year", source, at + ".logit_per_year");
                if (Math.Abs(perYear) > 0.5)
                    throw Error(source, at + ".logit_per_year", $"{Num(perYear)} per year is implausible (the logit scale: 0.05 per year is already a large trend)");
                double se = r["logit_per_year_se"] is null ? 0 : RequiredNumber(r, "logit_per_year_se", source, at + ".logit_per_year_se");
                if (!(se >= 0 && se <= 0.5))
                    throw Error(source, at + ".logit_per_year_se", $"must be a standard error between 0 and 0.5 logit per year, not {Num(se)}");
                return new ScenarioRule(label, type, chosen.ToArray(), filter, perYear, from, until, null, StandardError: se);
            }
            case RuleType.Shift:
            {
                NotAllowed(r, ["logit_per_year", "logit_per_year_se", "factor", "reference", "fraction", "until"], source, at, "a shift");
                double logit = RequiredNumber(r, "logit", source, at + ".logit");
                if (Math.Abs(logit) > 5) throw Error(source, at + ".logit", $"{Num(logit)} is implausible on the logit scale (|shift| ≤ 5)");
                return new ScenarioRule(label, type, chosen.ToArray(), filter, logit, from, null, by);
            }
            default:
            {
                NotAllowed(r, ["logit", "logit_per_year", "logit_per_year_se", "until"], source, at, "a close_gap rule");
                var factorText = RequiredString(r, "factor", source, at + ".factor");
                var (factor, levels) = factorText switch
                {
                    "sex" => (GapFactor.Sex, GroupCoding.Sexes),
                    "education" => (GapFactor.Education, GroupCoding.Educations),
                    "origin" => (GapFactor.Origin, GroupCoding.Origins),
                    _ => throw Error(source, at + ".factor", $"must be sex, education or origin, not '{factorText}'")
                };
                var refText = RequiredString(r, "reference", source, at + ".reference");
                int reference = Array.IndexOf(levels, refText);
                if (reference < 0) throw Error(source, at + ".reference", $"'{refText}' is not a level of {factorText} ({string.Join(", ", levels)})");
                double fraction = RequiredNumber(r, "fraction", source, at + ".fraction");
                if (!(fraction >= 0 && fraction <= 1)) throw Error(source, at + ".fraction", $"must be between 0 and 1 (the share of the gap closed), not {Num(fraction)}");
                return new ScenarioRule(label, type, chosen.ToArray(), filter, 0, from, null, by, factor, reference, fraction);
            }
        }
    }

    private static GroupFilter ParseGroups(JsonNode? node, string source, string at)
    {
        if (node is not JsonObject g) throw Error(source, at, "must be an object");
        CheckFields(g, GroupFields, source, at + ".");
        IReadOnlySet<int> Levels(string key, string[] levels)
        {
            var set = new HashSet<int>();
            if (g[key] is null) return set;
            var list = StringList(g[key], source, $"{at}.{key}");
            for (int j = 0; j < list.Count; j++)
            {
                int i = Array.IndexOf(levels, list[j]);
                if (i < 0) throw Error(source, $"{at}.{key}[{j}]", $"'{list[j]}' is not one of {string.Join(", ", levels)}");
                set.Add(i);
            }
            return set;
        }
        int Int(string key, int dflt, int min, int max)
        {
            if (g[key] is null) return dflt;
            double v = RequiredNumber(g, key, source, $"{at}.{key}");
            if (v != Math.Floor(v) || v < min || v > max) throw Error(source, $"{at}.{key}", $"must be a whole number between {min} and {max}, not {Num(v)}");
            return (int)v;
        }
        var f = new GroupFilter(Levels("sex", GroupCoding.Sexes), Levels("education", GroupCoding.Educations), Levels("origin", GroupCoding.Origins),
            Int("age_from", 0, 0, 100), Int("age_to", 1000, 0, 1000), Int("born_from", int.MinValue, 1800, 2200), Int("born_to", int.MaxValue, 1800, 2200));
        if (f.AgeTo < f.AgeFrom) throw Error(source, at + ".age_to", "is below age_from");
        if (f.BornTo < f.BornFrom) throw Error(source, at + ".born_to", "is before born_from");
        return f;
    }

    private static void CheckFields(JsonObject obj, HashSet<string> allowed, string source, string prefix)
    {
        foreach (var kv in obj)
            if (!allowed.Contains(kv.Key))
                throw Error(source, prefix + kv.Key, $"is not a known field (allowed: {string.Join(", ", allowed)})");
    }

    private static void NotAllowed(JsonObject r, string[] keys, string source, string at, string what)
    {
        foreach (var k in keys)
            if (r[k] is not null) throw Error(source, $"{at}.{k}", $"does not apply to {what}");
    }

    private static string RequiredString(JsonObject o, string key, string source, string field) =>
        OptionalString(o, key, source, field) ?? throw Error(source, field, "is required");

    private static string? OptionalString(JsonObject o, string key, string source, string field)
    {
        var n = o[key];
        if (n is null) return null;
        if (n is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw Error(source, field, "must be a string");
    }

    private static double RequiredNumber(JsonObject o, string key, string source, string field)
    {
        var n = o[key];
        if (n is null) throw Error(source, field, "is required");
        if (n is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)) return d;
        throw Error(source, field, "must be a number");
    }

    private static int RequiredYear(JsonObject o, string key, string source, string at) =>
        OptionalYear(o, key, source, at) ?? throw Error(source, $"{at}.{key}", "is required (a year)");

    private static int? OptionalYear(JsonObject o, string key, string source, string at)
    {
        if (o[key] is null) return null;
        double v = RequiredNumber(o, key, source, $"{at}.{key}");
        if (v != Math.Floor(v) || v < 1900 || v > 2200) throw Error(source, $"{at}.{key}", $"must be a year between 1900 and 2200, not {Num(v)}");
        return (int)v;
    }

    private static List<string> StringList(JsonNode? node, string source, string field)
    {
        if (node is null) return [];
        if (node is JsonValue single && single.TryGetValue<string>(out var one)) return [one];
        if (node is not JsonArray arr) throw Error(source, field, "must be a list of strings");
        var list = new List<string>();
        for (int i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
            else throw Error(source, $"{field}[{i}]", "must be a string");
        }
        return list;
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static CohesionException Error(string source, string field, string message) =>
        new($"field '{field}' {message}", source);
}
