using System.Text.Json;
using Cohesion.Statistics;

namespace Cohesion.Maps;

/// <summary>
/// A TopoJSON file rewritten for a browser that draws it: the same quantised, delta-encoded arcs and transform (so
/// every shape is exactly the one <see cref="Topology"/> reads), minified, with each geometry's properties reduced to
/// its name (<c>n</c>) and, through <paramref name="parentOf"/>, its parent area's code (<c>p</c>, e.g. the gemeente of a
/// buurt). The one geometry collection is named <paramref name="objectName"/>; <c>parents</c> maps parent codes to names.
/// </summary>
public static class TopologyExport
{
    public static byte[] Compact(string path, string objectName, Func<string, string?>? parentOf = null,
        IReadOnlyDictionary<string, string>? parentNames = null, string codeProperty = "statcode", string nameProperty = "statnaam")
    {
        if (!File.Exists(path)) throw new CohesionException("file not found", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("type", out var type) || type.GetString() != "Topology")
            throw new CohesionException("not a TopoJSON topology (\"type\": \"Topology\" expected)", path);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "Topology");
            if (root.TryGetProperty("transform", out var transform)) { w.WritePropertyName("transform"); transform.WriteTo(w); }
            w.WritePropertyName("arcs");
            root.GetProperty("arcs").WriteTo(w);
            w.WriteStartObject("objects");
            w.WriteStartObject(objectName);
            w.WriteString("type", "GeometryCollection");
            w.WriteStartArray("geometries");
            var usedParents = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var o in root.GetProperty("objects").EnumerateObject())
            {
                foreach (var g in o.Value.GetProperty("geometries").EnumerateArray())
                {
                    if (!g.TryGetProperty("arcs", out var arcs)) continue;
                    var props = g.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                    string? code = props.ValueKind == JsonValueKind.Object && props.TryGetProperty(codeProperty, out var c) ? c.GetString()
                        : g.TryGetProperty("id", out var id) ? id.GetString() : null;
                    if (code is null) continue;
                    w.WriteStartObject();
                    w.WriteString("type", g.GetProperty("type").GetString());
                    w.WritePropertyName("arcs");
                    arcs.WriteTo(w);
                    w.WriteString("id", code);
                    w.WriteStartObject("properties");
                    if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(nameProperty, out var n) && n.GetString() is { } name) w.WriteString("n", name);
                    if (parentOf?.Invoke(code) is { } parent) { w.WriteString("p", parent); usedParents.Add(parent); }
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                break; // the first geometry collection, as Topology.Load reads it
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            if (parentNames is not null)
            {
                w.WriteStartObject("parents");
                foreach (var p in usedParents) if (parentNames.TryGetValue(p, out var pn)) w.WriteString(p, pn);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }
}
