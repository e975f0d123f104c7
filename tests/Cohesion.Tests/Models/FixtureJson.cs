using System.Text.Json;

namespace Cohesion.Tests.Models;

/// <summary>Reads R reference fixtures (jsonlite output) for the model tests.</summary>
internal static class FixtureJson
{
    public static JsonElement Load(params string[] path)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Cohesion.Tests.Infrastructure.Paths.Fixture(path)));
        return doc.RootElement;
    }

    public static double[] Doubles(this JsonElement e) =>
        e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.NaN : x.GetDouble()).ToArray()
            : [e.GetDouble()];

    public static string[] Strings(this JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()!).ToArray() : [e.GetString()!];

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
