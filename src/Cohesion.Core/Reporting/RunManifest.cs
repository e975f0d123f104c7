using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cohesion.Reporting;

/// <summary>What a run was: tool version, seed, parameters, and a SHA-256 of every input file, so every number
/// in a report can be traced and reproduced.</summary>
public sealed class RunManifest
{
    public string Tool { get; init; } = "cohesion";
    public string Version { get; init; } = CurrentVersion;
    /// <summary>This build's version (informational: with the git commit).</summary>
    public static string CurrentVersion => typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
    public required int Seed { get; init; }
    public required string Language { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
    public SortedDictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);
    /// <summary>Input file (relative to the data folder where possible) → SHA-256 hex.</summary>
    public SortedDictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal);
    /// <summary>Output file → SHA-256 hex (filled when written).</summary>
    public SortedDictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> TimingsSeconds { get; } = new(StringComparer.Ordinal);

    public void AddInput(string path)
    {
        var full = Path.GetFullPath(path);
        var dataDir = Path.GetFullPath(DefaultData.Directory);
        var key = full.StartsWith(dataDir, StringComparison.Ordinal) ? "data/" + Path.GetRelativePath(dataDir, full).Replace('\\', '/') : full;
        if (Directory.Exists(full))
        {
            foreach (var f in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) AddInput(f);
            return;
        }
        Inputs[key] = HashFile(full);
    }

    public static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        tool = Tool, version = Version, seed = Seed, language = Language, created_utc = CreatedUtc.ToString("O"),
        parameters = Parameters, inputs = Inputs, outputs = Outputs, timings_seconds = TimingsSeconds
    }, new JsonSerializerOptions { WriteIndented = true });
}
