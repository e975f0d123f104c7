using System.Text.Json;
using Cohesion.Statistics;

namespace Cohesion.Maps;

/// <summary>One area of a TopoJSON object: its code, name, other properties, and its polygons as rings of arc
/// references (TopoJSON convention: index i, or ~i for arc i reversed).</summary>
public sealed record TopoFeature(string Code, string? Name, IReadOnlyDictionary<string, string> Properties, int[][][] Polygons);

/// <summary>
/// A decoded TopoJSON topology: the arcs (delta-decoded and transformed from the quantised grid to longitude /
/// latitude) stored column-wise, and the features of one geometry collection. Coordinates are not simplified
/// further.
/// </summary>
public sealed class Topology
{
    private Topology(double[] x, double[] y, int[] arcStart, IReadOnlyList<TopoFeature> features, string source)
    {
        X = x; Y = y; ArcStart = arcStart; Features = features; Source = source;
    }

    /// <summary>Longitudes of all arc points; arc a is <c>[ArcStart[a], ArcStart[a+1])</c>.</summary>
    public double[] X { get; }
    /// <summary>Latitudes of all arc points.</summary>
    public double[] Y { get; }
    public int[] ArcStart { get; }
    public int ArcCount => ArcStart.Length - 1;
    public IReadOnlyList<TopoFeature> Features { get; }
    public string Source { get; }

    /// <summary>Reads a TopoJSON file. <paramref name="objectName"/> picks the geometry collection (default: the
    /// first); an area's code is the property <paramref name="codeProperty"/> (default <c>statcode</c>), else its id.</summary>
    public static Topology Load(string path, string? objectName = null, string codeProperty = "statcode", string nameProperty = "statnaam")
    {
        if (!File.Exists(path)) throw new CohesionException("file not found", path);
        using var stream = File.OpenRead(path);
        try
        {
            using var doc = JsonDocument.Parse(stream);
            return Parse(doc.RootElement, path, objectName, codeProperty, nameProperty);
        }
        catch (JsonException ex)
        {
            throw new CohesionException($"not valid JSON: {ex.Message}", path, inner: ex);
        }
    }

    public static Topology Parse(JsonElement root, string source, string? objectName = null, string codeProperty = "statcode", string nameProperty = "statnaam")
    {
        if (!root.TryGetProperty("type", out var type) || type.GetString() != "Topology")
            throw new CohesionException("not a TopoJSON topology (\"type\": \"Topology\" expected)", source);
        double sx = 1, sy = 1, tx = 0, ty = 0;
        bool quantised = root.TryGetProperty("transform", out var transform);
        if (quantised)
        {
            var scale = transform.GetProperty("scale");
            var translate = transform.GetProperty("translate");
            sx = scale[0].GetDouble(); sy = scale[1].GetDouble();
            tx = translate[0].GetDouble(); ty = translate[1].GetDouble();
        }
        var arcs = root.GetProperty("arcs");
        int nArcs = arcs.GetArrayLength();
        var arcStart = new int[nArcs + 1];
        int total = 0, a = 0;
        foreach (var arc in arcs.EnumerateArray()) { total += arc.GetArrayLength(); arcStart[++a] = total; }
        var xs = new double[total];
        var ys = new double[total];
        int k = 0;
        foreach (var arc in arcs.EnumerateArray())
        {
            double qx = 0, qy = 0;
            foreach (var pt in arc.EnumerateArray())
            {
                if (quantised) { qx += pt[0].GetDouble(); qy += pt[1].GetDouble(); xs[k] = qx * sx + tx; ys[k] = qy * sy + ty; }
                else { xs[k] = pt[0].GetDouble(); ys[k] = pt[1].GetDouble(); }
                k++;
            }
        }
        var objects = root.GetProperty("objects");
        JsonElement collection = default;
        bool found = false;
        foreach (var o in objects.EnumerateObject())
            if (objectName is null || o.Name == objectName) { collection = o.Value; found = true; break; }
        if (!found) throw new CohesionException($"no object '{objectName}' in the topology", source);
        var features = new List<TopoFeature>();
        int index = 0;
        foreach (var g in collection.GetProperty("geometries").EnumerateArray())
        {
            index++;
            var props = new Dictionary<string, string>(StringComparer.Ordinal);
            if (g.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
                foreach (var prop in p.EnumerateObject())
                    props[prop.Name] = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString()! : prop.Value.GetRawText();
            string code = props.TryGetValue(codeProperty, out var c) ? c
                : g.TryGetProperty("id", out var id) ? (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())
                : $"#{index}";
            var polygons = g.TryGetProperty("type", out var gt) ? gt.GetString() switch
            {
                "Polygon" => [Rings(g.GetProperty("arcs"), nArcs, source)],
                "MultiPolygon" => g.GetProperty("arcs").EnumerateArray().Select(pa => Rings(pa, nArcs, source)).ToArray(),
                _ => Array.Empty<int[][]>()
            } : Array.Empty<int[][]>();
            features.Add(new TopoFeature(code, props.GetValueOrDefault(nameProperty), props, polygons));
        }
        return new Topology(xs, ys, arcStart, features, source);
    }

    private static int[][] Rings(JsonElement polygon, int nArcs, string source) =>
        polygon.EnumerateArray().Select(ring => ring.EnumerateArray().Select(e =>
        {
            int i = e.GetInt32();
            int arc = i < 0 ? ~i : i;
            if (arc >= nArcs) throw new CohesionException($"arc index {i} out of range (the topology has {nArcs} arcs)", source);
            return i;
        }).ToArray()).ToArray();

    /// <summary>Appends the points of a ring (its arcs stitched; the shared first point of each following arc
    /// dropped) to <paramref name="x"/>/<paramref name="y"/>.</summary>
    public void RingPoints(int[] ring, List<double> x, List<double> y)
    {
        bool first = true;
        foreach (var r in ring)
        {
            int arc = r < 0 ? ~r : r;
            int s = ArcStart[arc], e = ArcStart[arc + 1];
            if (r >= 0)
                for (int i = first ? s : s + 1; i < e; i++) { x.Add(X[i]); y.Add(Y[i]); }
            else
                for (int i = first ? e - 1 : e - 2; i >= s; i--) { x.Add(X[i]); y.Add(Y[i]); }
            first = false;
        }
    }

    /// <summary>The area-weighted centroid (longitude, latitude) of a feature's outer rings, in the local
    /// equirectangular plane; the mean of its points when the area is zero.</summary>
    public (double Lon, double Lat) Centroid(TopoFeature f)
    {
        double ax = 0, ay = 0, area = 0, mx = 0, my = 0;
        int n = 0;
        var x = new List<double>();
        var y = new List<double>();
        foreach (var poly in f.Polygons)
        {
            if (poly.Length == 0) continue;
            x.Clear(); y.Clear();
            RingPoints(poly[0], x, y);
            for (int i = 0; i < x.Count; i++)
            {
                int j = (i + 1) % x.Count;
                double cross = x[i] * y[j] - x[j] * y[i];
                area += cross;
                ax += (x[i] + x[j]) * cross;
                ay += (y[i] + y[j]) * cross;
                mx += x[i]; my += y[i]; n++;
            }
        }
        if (n == 0) return (double.NaN, double.NaN);
        if (Math.Abs(area) < 1e-15) return (mx / n, my / n);
        return (ax / (3 * area), ay / (3 * area));
    }
}
