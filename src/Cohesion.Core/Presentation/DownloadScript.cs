namespace Cohesion.Presentation;

/// <summary>The one script that downloads figures (SVG, PNG) and tables (CSV, xlsx): <c>downloads.js</c>, embedded
/// in the assembly, inline in the report and served as <c>/downloads.js</c> by the dashboard.</summary>
public static class DownloadScript
{
    private static readonly Lazy<string> Lazy = new(() =>
    {
        using var s = typeof(DownloadScript).Assembly.GetManifestResourceStream("cohesion/downloads.js")
                      ?? throw new InvalidOperationException("the embedded downloads.js is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    public static string Text => Lazy.Value;
}
