using Cohesion.Web;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>Starts the dashboard once per test class on a free loopback port.</summary>
public class DashboardFixture : IAsyncLifetime
{
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string DataDirectory { get; } = DefaultData.Directory;

    /// <summary>Every test dashboard reads its own catalogue (never the user's ~/.cohesion): <see cref="TestCatalogue"/>.</summary>
    public virtual DashboardOptions Options => new() { Urls = "http://127.0.0.1:0", DataDirectory = DataDirectory, CatalogueDatabase = TestCatalogue.DatabasePath };

    public async Task InitializeAsync()
    {
        App = DashboardHost.Build(Options);
        await App.StartAsync();
        BaseUrl = App.Urls.First().TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A catalogue made once per test run, as <c>cohesion data import</c> makes one: the first
/// <see cref="SampleRows"/> rows of the built-in synthetic survey (with its metadata, so it stays labelled synthetic)
/// imported as <see cref="SampleName"/>.</summary>
public static class TestCatalogue
{
    public const string SampleName = "survey_sample";
    public const int SampleRows = 3000;
    private static readonly Lazy<(string Database, string File)> Made = new(() =>
    {
        var dir = Cohesion.Tests.Infrastructure.Paths.TempDir();
        var source = Cohesion.Synthetic.SurveyDefaultFile.DefaultPath;
        var file = Path.Combine(dir, "survey_sample.csv");
        File.WriteAllLines(file, File.ReadLines(source).Take(SampleRows + 1));
        File.Copy(Path.ChangeExtension(source, ".meta.json"), Path.ChangeExtension(file, ".meta.json"));
        var db = Path.Combine(dir, "cohesion.duckdb");
        new Cohesion.Data.Catalogue(db).Import(file, SampleName);
        return (db, file);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string DatabasePath => Made.Value.Database;
    /// <summary>The imported file (for checks against <c>cohesion measure --data FILE</c>).</summary>
    public static string SampleFile => Made.Value.File;
}
