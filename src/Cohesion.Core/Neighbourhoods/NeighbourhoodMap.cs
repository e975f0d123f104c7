using Cohesion.IO;
using Cohesion.Maps;

namespace Cohesion.Neighbourhoods;

/// <summary>Draws a <see cref="MapLayer"/> on the built-in CBS boundaries (buurten 2014, gemeenten 2015).</summary>
public static class NeighbourhoodMap
{
    public static string BoundaryFile(string level) => DefaultData.PathOf("real", "cbs-boundaries-topojson",
        level == "gemeente" ? "Gemeente_2015_layer_q1e3.json" : "Buurt_2014_layer_q1e3.json");

    /// <summary>Writes the SVG atomically and returns what it holds.</summary>
    public static ChoroplethSummary Write(string path, MapLayer layer, int classes = 5, IReadOnlyList<double>? breaks = null, Topology? topology = null)
    {
        topology ??= Topology.Load(BoundaryFile(layer.Level));
        ChoroplethSummary? summary = null;
        AtomicFile.WriteText(path, w => summary = ChoroplethSvg.Write(w, topology, layer.Values, Options(layer, classes, breaks)));
        return summary!;
    }

    /// <summary>The map as an SVG string (for the report and the dashboard).</summary>
    public static string Render(MapLayer layer, int classes = 5, IReadOnlyList<double>? breaks = null, Topology? topology = null, Presentation.Charts.ChartFormat? format = null)
    {
        topology ??= Topology.Load(BoundaryFile(layer.Level));
        var w = new StringWriter();
        ChoroplethSvg.Write(w, topology, layer.Values, Options(layer, classes, breaks) with { Format = format });
        return w.ToString();
    }

    private static ChoroplethOptions Options(MapLayer layer, int classes, IReadOnlyList<double>? breaks) => new()
    {
        TitleNl = layer.TitleNl, TitleEn = layer.TitleEn, MeasureLabel = layer.Measure, Classes = classes, Breaks = breaks,
        SourceNote = layer.SourceNote, Provenance = layer.Provenance,
        Include = layer.Gemeenten is null ? null : f => KwbKeyFigures.GemeenteOf(f.Code) is { } g && layer.Gemeenten.Contains(g),
    };
}
