namespace Cohesion.Web;

/// <summary>Settings of the dashboard host. Defaults are safe: loopback only, small requests, rate limited.</summary>
public sealed record DashboardOptions
{
    /// <summary>Addresses to listen on. Only loopback addresses unless <see cref="AllowRemote"/> is set.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";
    /// <summary>Allow binding to non-loopback addresses (an explicit, deliberate choice).</summary>
    public bool AllowRemote { get; init; }
    /// <summary>The only folder the API reads data files from.</summary>
    public string DataDirectory { get; init; } = DefaultData.Directory;
    /// <summary>The catalogue of imported data sets the groups view offers (<c>cohesion data import</c>); null = the
    /// default catalogue (<c>$COHESION_HOME/cohesion.duckdb</c>, else <c>~/.cohesion/cohesion.duckdb</c>).</summary>
    public string? CatalogueDatabase { get; init; }
    /// <summary>Largest accepted request body in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024;
    /// <summary>Largest accepted URL (path + query) in characters.</summary>
    public int MaxUrlLength { get; init; } = 2048;
    /// <summary>Requests per second allowed per client address (token bucket; burst = 2 s worth); 0 = no limit.</summary>
    public int RequestsPerSecondPerClient { get; init; } = 2000;
    /// <summary>Random seed for every computation behind the dashboard (same seed → same numbers as the CLI).</summary>
    public int Seed { get; init; } = 20241203;
}
