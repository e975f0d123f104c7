namespace Cohesion;

/// <summary>Locates the built-in Dutch default (the <c>data/</c> folder shipped next to the binaries).</summary>
public static class DefaultData
{
    /// <summary>The folder holding the built-in data: <c>$COHESION_DATA</c> if set, else <c>data/</c> beside the
    /// assembly, else the repository's <c>data/</c> found by walking up from the working directory.</summary>
    public static string Directory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("COHESION_DATA");
            if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env)) return env;
            var beside = Path.Combine(AppContext.BaseDirectory, "data");
            if (System.IO.Directory.Exists(beside)) return beside;
            var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory());
            while (dir is not null)
            {
                var candidate = Path.Combine(dir.FullName, "data");
                if (File.Exists(Path.Combine(candidate, "SOURCES.md"))) return candidate;
                dir = dir.Parent;
            }
            return beside;
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);
}
