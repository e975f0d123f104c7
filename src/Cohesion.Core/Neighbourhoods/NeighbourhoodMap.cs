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

    /// <summary>The map as an SVG string (for the report and the dashboard). With <paramref name="gemeenteNames"/>
    /// (gemeente code → name, e.g. <see cref="GemeenteNames"/>) every buurt's hover text names its gemeente.</summary>
    public static string Render(MapLayer layer, int classes = 5, IReadOnlyList<double>? breaks = null, Topology? topology = null,
        Presentation.Charts.ChartFormat? format = null, IReadOnlyDictionary<string, string>? gemeenteNames = null)
    {
        topology ??= Topology.Load(BoundaryFile(layer.Level));
        var w = new StringWriter();
        ChoroplethSvg.Write(w, topology, layer.Values, Options(layer, classes, breaks) with
        {
            Format = format,
            AreaContext = gemeenteNames is null || layer.Level != "buurt" ? null : f => GemeenteLabel(f.Code, gemeenteNames),
        });
        return w.ToString();
    }

    /// <summary>Gemeente code → name from the built-in gemeente boundaries (CBS 2015).</summary>
    public static IReadOnlyDictionary<string, string> GemeenteNames(Topology? gemeenten = null)
    {
        gemeenten ??= Topology.Load(BoundaryFile("gemeente"));
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in gemeenten.Features) if (f.Name is not null) d[f.Code] = f.Name;
        return d;
    }

    /// <summary>"gemeente Name (GMxxxx)" for an area code; the code alone when the gemeente has no name in the
    /// boundaries (merged since), null when the code names no gemeente.</summary>
    public static string? GemeenteLabel(string areaCode, IReadOnlyDictionary<string, string> names) =>
        KwbKeyFigures.GemeenteOf(areaCode) is not { } gm ? null
        : names.TryGetValue(gm, out var n) ? $"gemeente {n} ({gm})" : $"gemeente {gm}";

    /// <summary>The classes <see cref="Render"/> colours the layer by (5 quantiles unless <paramref name="breaks"/>).</summary>
    public static Classification Classes(MapLayer layer, Topology topology, int classes = 5, IReadOnlyList<double>? breaks = null) =>
        ChoroplethSvg.Classes(topology, layer.Values, Options(layer, classes, breaks));

    private static ChoroplethOptions Options(MapLayer layer, int classes, IReadOnlyList<double>? breaks) => new()
    {
        TitleNl = layer.TitleNl, TitleEn = layer.TitleEn, MeasureLabel = layer.Measure, Classes = classes, Breaks = breaks,
        SourceNote = layer.SourceNote, Provenance = layer.Provenance, Unit = layer.Unit,
        Include = layer.Gemeenten is null ? null : f => KwbKeyFigures.GemeenteOf(f.Code) is { } g && layer.Gemeenten.Contains(g),
    };
}
