using System.Collections.Concurrent;

namespace Cohesion.Web;

/// <summary>Computes (once) and caches what the dashboard shows. All numbers come from the same library
/// calls as the CLI verbs, with the configured seed, so the page equals the verbs' output.</summary>
public sealed class DashboardService(DashboardOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _cache = new();

    public DashboardOptions Options => options;

    /// <summary>Returns the cached value for <paramref name="key"/>, computing it once (thread-safe).</summary>
    public T Cached<T>(string key, Func<T> compute) where T : notnull =>
        (T)_cache.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Describes a data file inside the data directory (rows, columns); the name is resolved safely.</summary>
    public object DescribeFile(string fullPath)
    {
        var df = Cohesion.Data.DatasetLoader.Load(fullPath);
        return new
        {
            file = Path.GetRelativePath(options.DataDirectory, fullPath).Replace('\\', '/'),
            rows = df.RowCount,
            columns = df.Columns.Select(c => new { name = c.Name, type = c is Cohesion.Statistics.Data.NumericColumn ? "numeric" : "categorical" })
        };
    }
}
