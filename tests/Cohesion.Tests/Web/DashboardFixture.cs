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

    public virtual DashboardOptions Options => new() { Urls = "http://127.0.0.1:0", DataDirectory = DataDirectory };

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
