using System.Text.Json;
using System.Text.Json.Nodes;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// What a plain table (DuckDB, Parquet) cannot hold by itself: variable labels, value labels of numeric
/// columns and the level order and labels of categorical columns, as one JSON document. The catalogue keeps it
/// beside each data set and our Parquet files carry it as key-value metadata (key <c>cohesion</c>), so a
/// round trip returns the same frame.
/// </summary>
public static class FrameMetadata
{
    public const string ParquetKey = "cohesion";

    public static string ToJson(DataFrame frame)
    {
        var cols = new JsonArray();
        foreach (var c in frame.Columns)
        {
            var o = new JsonObject { ["name"] = c.Name };
            switch (c)
            {
                case NumericColumn n:
                    o["kind"] = "numeric";
                    if (n.Label is not null) o["label"] = n.Label;
                    if (n.ValueLabels is { Count: > 0 })
                    {
                        var vl = new JsonArray();
                        foreach (var (value, label) in n.ValueLabels.OrderBy(kv => kv.Key))
                            vl.Add(new JsonObject { ["value"] = value, ["label"] = label });
                        o["value_labels"] = vl;
                    }
                    break;
                case CategoricalColumn k:
                    o["kind"] = "categorical";
                    o["levels"] = new JsonArray(k.Levels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
                    if (k.Labels is not null) o["level_labels"] = new JsonArray(k.Labels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
                    break;
                default:
                    o["kind"] = "other";
                    break;
            }
            cols.Add(o);
        }
        return new JsonObject { ["columns"] = cols }.ToJsonString();
    }

    /// <summary>Returns a frame with the labels and level orders of <paramref name="json"/> applied to the
    /// columns of the same name (columns the metadata does not know are kept as they are).</summary>
    public static DataFrame Apply(DataFrame frame, string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return frame;
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException) { return frame; }
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (root?["columns"] is JsonArray arr)
            foreach (var n in arr)
                if (n is JsonObject o && o["name"]?.GetValue<string>() is { } name) byName[name] = o;
        var result = new DataFrame(frame.RowCount, frame.Source);
        foreach (var c in frame.Columns)
        {
            if (!byName.TryGetValue(c.Name, out var meta)) { result.Add(c); continue; }
            result.Add(c switch
            {
                NumericColumn n => ApplyNumeric(n, meta),
                CategoricalColumn k => ApplyCategorical(k, meta),
                _ => c
            });
        }
        return result;
    }

    private static NumericColumn ApplyNumeric(NumericColumn n, JsonObject meta)
    {
        var label = meta["label"]?.GetValue<string>();
        Dictionary<double, string>? labels = null;
        if (meta["value_labels"] is JsonArray vl)
        {
            labels = new Dictionary<double, string>();
            foreach (var e in vl)
                if (e?["value"] is { } v && e["label"]?.GetValue<string>() is { } l) labels[v.GetValue<double>()] = l;
        }
        return new NumericColumn(n.Name, n.Values, labels, label);
    }

    private static CategoricalColumn ApplyCategorical(CategoricalColumn k, JsonObject meta)
    {
        if (meta["levels"] is not JsonArray lv) return k;
        var levels = lv.Select(x => x?.GetValue<string>() ?? "").ToList();
        var labels = meta["level_labels"] is JsonArray ll ? ll.Select(x => x?.GetValue<string>() ?? "").ToList() : null;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < levels.Count; i++) index[levels[i]] = i;
        var remap = new int[k.Levels.Length];
        for (int i = 0; i < remap.Length; i++)
        {
            if (!index.TryGetValue(k.Levels[i], out var to))
            {
                to = levels.Count;
                levels.Add(k.Levels[i]);
                labels?.Add(k.Levels[i]);
                index[k.Levels[i]] = to;
            }
            remap[i] = to;
        }
        var codes = new int[k.Codes.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = k.Codes[i] < 0 ? -1 : remap[k.Codes[i]];
        return new CategoricalColumn(k.Name, codes, levels.ToArray(), labels?.ToArray());
    }
}
