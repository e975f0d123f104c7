using System.Net;
using System.Text;
using Cohesion.Statistics;
using Cohesion.Web;
using Xunit;

namespace Cohesion.Tests.Web;

public class DashboardSecurityTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("../README.md")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/etc/passwd")]
    [InlineData("real/../../README.md")]
    [InlineData("real/./kwb-amsterdam-2019")]
    [InlineData("..\\..\\etc\\passwd")]
    [InlineData("~/.bashrc")]
    public async Task PathTraversalIsRefused(string name)
    {
        var r = await fx.Client.GetAsync("/api/files?name=" + Uri.EscapeDataString(name));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("\"error\"", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFileInsideTheDataDirectoryIsDescribed()
    {
        var r = await fx.Client.GetAsync("/api/files?name=" + Uri.EscapeDataString("real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("\"rows\":580", body);
    }

    [Fact]
    public async Task MissingFileIs404AndUnknownEndpointIs404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/api/files?name=nope.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/api/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task OversizedRequestsAreRefused()
    {
        var big = new StringContent(new string('x', 100_000), Encoding.UTF8, "application/json");
        var r = await fx.Client.PostAsync("/api/health", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        var longUrl = "/api/files?name=" + new string('a', 5000);
        var r2 = await fx.Client.GetAsync(longUrl);
        Assert.True((int)r2.StatusCode is 414 or 400 or 431, $"status {(int)r2.StatusCode}");
    }

    [Fact]
    public void NonLoopbackBindingIsRefusedUnlessAllowed()
    {
        var ex = Assert.Throws<CohesionException>(() => DashboardHost.Build(new DashboardOptions { Urls = "http://0.0.0.0:5999" }));
        Assert.Contains("loopback", ex.Message);
        Assert.Throws<CohesionException>(() => DashboardHost.Build(new DashboardOptions { Urls = "http://*:5999" }));
    }

    [Fact]
    public async Task SecurityHeadersAreSet()
    {
        var r = await fx.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single());
    }
}

public sealed class RateLimitedDashboardFixture : DashboardFixture
{
    public override DashboardOptions Options => base.Options with { RequestsPerSecondPerClient = 2 };
}

public class DashboardRateLimitTests(RateLimitedDashboardFixture fx) : IClassFixture<RateLimitedDashboardFixture>
{
    [Fact]
    public async Task BurstBeyondTheLimitGets429()
    {
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 12; i++) codes.Add((await fx.Client.GetAsync("/api/health")).StatusCode);
        Assert.Contains(HttpStatusCode.OK, codes);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        // a 429 says when to come back
        HttpResponseMessage r;
        do r = await fx.Client.GetAsync("/api/health"); while (r.StatusCode != HttpStatusCode.TooManyRequests);
        Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After missing");
    }
}

/// <summary>A data folder with a symlinked folder and file pointing outside it, and a broken file inside.</summary>
public sealed class LinkedDataDashboardFixture : DashboardFixture
{
    public static readonly string Root = Cohesion.Tests.Infrastructure.Paths.TempDir();
    public static readonly string Outside = Cohesion.Tests.Infrastructure.Paths.TempDir();

    static LinkedDataDashboardFixture()
    {
        File.WriteAllText(Path.Combine(Outside, "secret.csv"), "a,b\n1,2\n");
        Directory.CreateSymbolicLink(Path.Combine(Root, "link_dir"), Outside);
        File.CreateSymbolicLink(Path.Combine(Root, "link_file.csv"), Path.Combine(Outside, "secret.csv"));
        File.CreateSymbolicLink(Path.Combine(Root, "dangling.csv"), Path.Combine(Outside, "no-such.csv"));
        Directory.CreateDirectory(Path.Combine(Root, "inner"));
        File.WriteAllText(Path.Combine(Root, "inner", "ok.csv"), "a,b\n1,2\n3,4\n");
        Directory.CreateSymbolicLink(Path.Combine(Root, "alias"), Path.Combine(Root, "inner"));
        File.WriteAllText(Path.Combine(Root, "broken.csv"), "a,b\n1,2\n3,4,5,6\n");
    }

    public override DashboardOptions Options => base.Options with { DataDirectory = Root };
}

public class DashboardPathTests(LinkedDataDashboardFixture fx) : IClassFixture<LinkedDataDashboardFixture>
{
    [Theory]
    [InlineData("link_dir/secret.csv")]
    [InlineData("link_dir/no-such.csv")]
    [InlineData("link_dir/secret.exe")]
    [InlineData("link_file.csv")]
    [InlineData("dangling.csv")]
    public async Task LinksLeadingOutsideAreRefusedWhateverExistsThere(string name)
    {
        var r = await fx.Client.GetAsync("/api/files?name=" + Uri.EscapeDataString(name));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("leaves the data directory", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LinksInsideTheFolderWork()
    {
        var r = await fx.Client.GetAsync("/api/files?name=alias/ok.csv");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("\"rows\":2", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TypeIsJudgedByNameAndMessagesHoldNoServerPath()
    {
        var t = await fx.Client.GetAsync("/api/files?name=nothing.exe");
        Assert.Equal(HttpStatusCode.BadRequest, t.StatusCode);
        var b = await fx.Client.GetAsync("/api/files?name=broken.csv");
        Assert.Equal(HttpStatusCode.BadRequest, b.StatusCode);
        var body = await b.Content.ReadAsStringAsync();
        Assert.Contains("broken.csv", body);
        Assert.DoesNotContain(LinkedDataDashboardFixture.Root, body);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethodsAre405WithAllow(string method)
    {
        var r = await fx.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/options"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        Assert.Contains("GET", r.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/no-such"))).StatusCode);
    }

    [Fact]
    public async Task ParameterErrorsNameTheParameter()
    {
        var r = await fx.Client.GetAsync("/api/groups?by=nosuch");
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("query parameter 'by'", body);
        Assert.DoesNotContain("column", body);
    }
}
