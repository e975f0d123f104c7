using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cohesion.Statistics;
using YamlDotNet.RepresentationModel;

namespace Cohesion.Framework;

/// <summary>
/// Reads a framework file (JSON, or YAML with the same structure) and validates it. Every error is a
/// <see cref="CohesionException"/> naming the file and the field, e.g.
/// <c>cbs-ssw.json: indicators[3] ("trust_police").recode: unknown rule 'between 1 2'</c>.
/// Unknown fields are rejected so that a typo does not silently drop a setting.
/// </summary>
public static partial class FrameworkLoader
{
    /// <summary>The built-in CBS/SCP framework (<c>data/framework/cbs-ssw.json</c>).</summary>
    public static string DefaultPath => DefaultData.PathOf("framework", "cbs-ssw.json");

    public static CohesionFramework LoadDefault() => Load(DefaultPath);

    /// <summary>A framework by file path or by the name of a built-in one in <c>data/framework</c>
    /// (e.g. <c>cbs-ssw</c>, <c>vu-election-panel-2021</c>); null = the default. An existing file wins over a name.</summary>
    public static CohesionFramework Resolve(string? nameOrPath)
    {
        if (nameOrPath is null) return LoadDefault();
        if (!File.Exists(nameOrPath) && !nameOrPath.Contains('/') && !nameOrPath.Contains('\\') && !Path.HasExtension(nameOrPath))
        {
            var builtIn = DefaultData.PathOf("framework", nameOrPath + ".json");
            if (File.Exists(builtIn)) return Load(builtIn);
        }
        return Load(nameOrPath);
    }

    public static CohesionFramework Load(string path)
    {
        if (!File.Exists(path)) throw new CohesionException("framework file not found", path);
        var text = File.ReadAllText(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return Parse(text, path, yaml: ext is ".yaml" or ".yml");
    }

    /// <summary>Parses framework text; <paramref name="source"/> names it in messages.</summary>
    public static CohesionFramework Parse(string text, string source, bool yaml = false)
    {
        JsonNode? root;
        if (yaml) root = YamlToJson(text, source);
        else
        {
            try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (JsonException ex)
            {
                throw new CohesionException($"not valid JSON: {Cohesion.IO.JsonErrors.Describe(ex)}", source, inner: ex);
            }
        }
        return new Reader(source).Framework(root);
    }


    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    private sealed class Reader(string source)
    {
        private CohesionException Error(string field, string message) => new($"{field}: {message}", source);

        public CohesionFramework Framework(JsonNode? root)
        {
            if (root is not JsonObject o) throw new CohesionException("the framework must be an object with 'dimensions' and 'indicators'", source);
            Allow(o, "", "id", "label_nl", "label_en", "description", "data_note", "score_rule", "design", "missing", "groups", "dimensions", "indicators");
            var id = OptString(o, "", "id") ?? Path.GetFileNameWithoutExtension(source);
            var labelNl = OptString(o, "", "label_nl") ?? id;
            var labelEn = OptString(o, "", "label_en") ?? id;
            var dataNote = OptString(o, "", "data_note");
            var (defaultMissing, defaultMissingTexts) = MissingCodes(o["missing"], "missing");

            var scoreRule = ScoreRule.Default;
            if (o["score_rule"] is { } sr)
            {
                if (sr is not JsonObject so) throw Error("score_rule", "must be an object like {\"method\": \"mean\", \"min_share\": 0.5}");
                Allow(so, "score_rule", "method", "min_share", "description");
                var method = OptString(so, "score_rule", "method") ?? "mean";
                if (method != "mean") throw Error("score_rule.method", $"'{method}' is not supported (only 'mean': the mean of the non-missing indicator values)");
                if (so["min_share"] is { } ms)
                {
                    var v = Number(ms, "score_rule.min_share");
                    if (!(v > 0 && v <= 1)) throw Error("score_rule.min_share", $"must be in (0, 1], not {RecodeRule.Num(v)}");
                    scoreRule = new ScoreRule(v);
                }
            }

            var design = DesignSpec.None;
            if (o["design"] is { } dn)
            {
                if (dn is not JsonObject d) throw Error("design", "must be an object like {\"weight\": \"w\", \"strata\": \"s\", \"cluster\": [\"psu\"]}");
                Allow(d, "design", "weight", "strata", "cluster", "fpc", "description");
                // weight: a column, a product of columns ("pspwght*pweight"), or a list of alternatives (the first
                // whose columns the data has is used)
                var weights = StringList(d["weight"], "design.weight");
                design = new DesignSpec(weights.Count > 0 ? weights[0] : null, OptString(d, "design", "strata"),
                    StringList(d["cluster"], "design.cluster"), StringList(d["fpc"], "design.fpc"))
                {
                    WeightAlternatives = weights, Description = OptString(d, "design", "description"),
                };
            }

            if (o["dimensions"] is not JsonArray dims || dims.Count == 0) throw Error("dimensions", "required: a non-empty list of dimensions");
            var dimensions = new List<DimensionDefinition>();
            for (int i = 0; i < dims.Count; i++)
            {
                var f = $"dimensions[{i}]";
                if (dims[i] is not JsonObject dObj) throw Error(f, "must be an object");
                Allow(dObj, f, "id", "label_nl", "label_en", "axis", "kind", "description");
                var did = ReqString(dObj, f, "id");
                if (did != null && !SnakeCase().IsMatch(did)) throw Error(f + ".id", $"'{did}' is not a snake_case id (lower-case letters, digits and underscores)");
                f = $"dimensions[{i}] (\"{did}\")";
                if (dimensions.Any(x => x.Id == did)) throw Error(f + ".id", "duplicate dimension id");
                var axis = ReqString(dObj, f, "axis") switch
                {
                    "horizontal" => CohesionAxis.Horizontal,
                    "vertical" => CohesionAxis.Vertical,
                    var a => throw Error(f + ".axis", $"must be 'horizontal' or 'vertical', not '{a}'")
                };
                var kind = ReqString(dObj, f, "kind") switch
                {
                    "attitude" => CohesionKind.Attitude,
                    "behaviour" or "behavior" => CohesionKind.Behaviour,
                    var k => throw Error(f + ".kind", $"must be 'attitude' or 'behaviour', not '{k}'")
                };
                dimensions.Add(new DimensionDefinition(did!, ReqString(dObj, f, "label_nl"), ReqString(dObj, f, "label_en"), axis, kind));
            }

            if (o["indicators"] is not JsonArray inds || inds.Count == 0) throw Error("indicators", "required: a non-empty list of indicators");
            var indicators = new List<IndicatorDefinition>();
            for (int i = 0; i < inds.Count; i++)
            {
                var f = $"indicators[{i}]";
                if (inds[i] is not JsonObject iObj) throw Error(f, "must be an object");
                Allow(iObj, f, "id", "column", "dimension", "label_nl", "label_en", "recode", "missing", "valid", "description", "question_nl");
                var iid = ReqString(iObj, f, "id");
                if (!SnakeCase().IsMatch(iid)) throw Error(f + ".id", $"'{iid}' is not a snake_case id (lower-case letters, digits and underscores)");
                f = $"indicators[{i}] (\"{iid}\")";
                if (indicators.Any(x => x.Id == iid)) throw Error(f + ".id", "duplicate indicator id");
                if (dimensions.Any(x => x.Id == iid)) throw Error(f + ".id", "an indicator cannot have the id of a dimension");
                var column = ReqString(iObj, f, "column");
                var dim = ReqString(iObj, f, "dimension");
                if (dimensions.All(x => x.Id != dim))
                    throw Error(f + ".dimension", $"'{dim}' is not a declared dimension ({string.Join(", ", dimensions.Select(x => x.Id))})");
                RecodeRule rule;
                var ruleText = ReqString(iObj, f, "recode");
                try { rule = RecodeRule.Parse(ruleText); }
                catch (FormatException ex) { throw Error(f + ".recode", ex.Message); }
                var (miss, missTexts) = iObj.ContainsKey("missing") ? MissingCodes(iObj["missing"], f + ".missing") : (defaultMissing, defaultMissingTexts);
                if (rule is CategorySetRule cs && cs.Numbers.Any(n => miss.Contains(n)))
                    throw Error(f + ".recode", $"code {RecodeRule.Num(cs.Numbers.First(n => miss.Contains(n)))} is both in the category set and a missing code");
                if (rule is ScaleRule sc && miss.Any(m => sc.InRange(m)))
                    throw Error(f + ".missing", $"missing code {RecodeRule.Num(miss.First(m => sc.InRange(m)))} lies inside the scale range [{RecodeRule.Num(sc.Min)}, {RecodeRule.Num(sc.Max)}]");
                (double Min, double Max)? valid = null;
                if (iObj["valid"] is { } vn)
                {
                    if (vn is not JsonArray va || va.Count != 2) throw Error(f + ".valid", "must be a range [min, max] of valid answer codes, e.g. [0, 10]");
                    double lo = Number(va[0]!, f + ".valid[0]"), hi = Number(va[1]!, f + ".valid[1]");
                    if (!(lo <= hi)) throw Error(f + ".valid", $"min {RecodeRule.Num(lo)} is above max {RecodeRule.Num(hi)}");
                    valid = (lo, hi);
                }
                indicators.Add(new IndicatorDefinition(iid, column, dim, ReqString(iObj, f, "label_nl"), ReqString(iObj, f, "label_en"), rule, miss, missTexts)
                {
                    Valid = valid,
                });
            }
            foreach (var d in dimensions)
                if (indicators.All(x => x.Dimension != d.Id))
                    throw Error($"dimensions (\"{d.Id}\")", "has no indicators");

            var groups = new Dictionary<string, GroupDisplay>(StringComparer.Ordinal);
            if (o["groups"] is { } gn)
            {
                if (gn is not JsonObject go) throw Error("groups", "must be an object: column → {\"order\": [..], \"labels\": {level: label}}");
                foreach (var (col, spec) in go)
                {
                    var f = $"groups.{col}";
                    if (spec is not JsonObject so) throw Error(f, "must be an object with 'order' and/or 'labels'");
                    Allow(so, f, "order", "labels");
                    var order = StringList(so["order"], f + ".order");
                    var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (so["labels"] is { } ln)
                    {
                        if (ln is not JsonObject lo) throw Error(f + ".labels", "must be an object: level → label");
                        foreach (var (level, label) in lo)
                        {
                            if (label is JsonValue lv && lv.TryGetValue<string>(out var text)) labels[level] = text;
                            else throw Error($"{f}.labels.{level}", "must be a text value");
                        }
                    }
                    groups[col] = new GroupDisplay(order, labels);
                }
            }
            return new CohesionFramework(id, labelNl, labelEn, dimensions, indicators, scoreRule, design, dataNote, source, groups);
        }

        private void Allow(JsonObject o, string field, params string[] names)
        {
            foreach (var kv in o)
                if (Array.IndexOf(names, kv.Key) < 0)
                    throw Error(Join(field, kv.Key), $"unknown field (allowed: {string.Join(", ", names)})");
        }

        private static string Join(string field, string name) => field.Length == 0 ? name : field + "." + name;

        private string ReqString(JsonObject o, string field, string name) =>
            OptString(o, field, name) ?? throw Error(Join(field, name), "required");

        private string? OptString(JsonObject o, string field, string name)
        {
            var n = o[name];
            if (n is null) return null;
            if (n is JsonValue v && v.TryGetValue<string>(out var s))
            {
                if (string.IsNullOrWhiteSpace(s)) throw Error(Join(field, name), "must not be empty");
                return s.Trim();
            }
            throw Error(Join(field, name), "must be a text value");
        }

        private double Number(JsonNode n, string field)
        {
            if (n is JsonValue v)
            {
                if (v.TryGetValue<double>(out var d)) return d;
                if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
            }
            throw Error(field, "must be a number");
        }

        private IReadOnlyList<string> StringList(JsonNode? n, string field)
        {
            if (n is null) return [];
            if (n is JsonValue v && v.TryGetValue<string>(out var one)) return [one];
            if (n is not JsonArray a) throw Error(field, "must be a column name or a list of column names");
            var list = new List<string>();
            for (int i = 0; i < a.Count; i++)
            {
                if (a[i] is JsonValue e && e.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) list.Add(s);
                else if (a[i] is JsonValue nv && nv.TryGetValue<double>(out var d)) list.Add(RecodeRule.Num(d));
                else throw Error($"{field}[{i}]", "must be a text value");
            }
            return list;
        }

        private (IReadOnlyList<double>, IReadOnlyList<string>) MissingCodes(JsonNode? n, string field)
        {
            if (n is null) return ([], []);
            if (n is not JsonArray a) throw Error(field, "must be a list of codes, e.g. [998, 999]");
            var nums = new List<double>();
            var texts = new List<string>();
            for (int i = 0; i < a.Count; i++)
            {
                if (a[i] is JsonValue e && e.TryGetValue<double>(out var d)) nums.Add(d);
                else if (a[i] is JsonValue t && t.TryGetValue<string>(out var s))
                {
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) nums.Add(d);
                    else texts.Add(s);
                }
                else throw Error($"{field}[{i}]", "must be a number or a text code");
            }
            return (nums, texts);
        }
    }

    /// <summary>Converts YAML to the JSON tree the reader validates. Plain scalars that look like numbers,
    /// booleans or null become those; quoted scalars stay text.</summary>
    private static JsonNode? YamlToJson(string text, string source)
    {
        var stream = new YamlStream();
        var parser = new PositionTrackingParser(new YamlDotNet.Core.Parser(new StringReader(text)));
        try { stream.Load(parser); }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new CohesionException($"not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", source, inner: ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // the parser gave up without a position of its own: say where the last well-formed part ended
            var at = parser.LastEnd;
            throw new CohesionException(
                $"not valid YAML (after line {at.Line}, column {at.Column}): the structure cannot be read from there on (check indentation, brackets and quotes)",
                source, inner: ex);
        }
        if (stream.Documents.Count == 0) throw new CohesionException("the YAML file is empty", source);
        var onPath = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        try { return Convert(stream.Documents[0].RootNode); }
        catch (ArgumentException ex) { throw new CohesionException($"not valid YAML: {ex.Message}", source, inner: ex); }

        JsonNode? Convert(YamlNode node)
        {
            // an alias that refers to a node containing itself (&a [*a]) would recurse without end
            if (node is YamlMappingNode or YamlSequenceNode && !onPath.Add(node))
                throw new CohesionException($"not valid here (line {node.Start.Line}, column {node.Start.Column}): an alias refers to a node that contains it", source);
            try
            {
                return ConvertNode(node);
            }
            finally { onPath.Remove(node); }
        }

        JsonNode? ConvertNode(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode m:
                    var o = new JsonObject();
                    foreach (var (k, v) in m.Children) o[(k as YamlScalarNode)?.Value ?? k.ToString()] = Convert(v);
                    return o;
                case YamlSequenceNode s:
                    var a = new JsonArray();
                    foreach (var c in s.Children) a.Add(Convert(c));
                    return a;
                case YamlScalarNode sc:
                    var val = sc.Value ?? "";
                    if (sc.Style == YamlDotNet.Core.ScalarStyle.Plain)
                    {
                        if (val is "" or "~" or "null") return null;
                        if (val is "true" or "false") return JsonValue.Create(val == "true");
                        if (double.TryParse(val, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                    }
                    return JsonValue.Create(val);
                default:
                    return null;
            }
        }
    }

    /// <summary>A YAML parser that remembers where the last event it produced ended, for messages about input that
    /// YamlDotNet rejects without a position.</summary>
    private sealed class PositionTrackingParser(YamlDotNet.Core.IParser inner) : YamlDotNet.Core.IParser
    {
        public YamlDotNet.Core.Mark LastEnd { get; private set; } = YamlDotNet.Core.Mark.Empty;
        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more = inner.MoveNext();
            if (inner.Current is { } e) LastEnd = e.End;
            return more;
        }
    }
}
