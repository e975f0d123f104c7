using Cohesion.Tests.Web;
using Xunit;

namespace Cohesion.Tests.Golden;

/// <summary>The dashboard API's responses (status, content type, body) for its default views and a few choices.</summary>
public class DashboardGoldenTests(DashboardFixture fx) : IClassFixture<DashboardFixture>
{
    public static readonly string[] Requests =
    [
        "/api/health",
        "/api/options",
        "/api/projection",
        "/api/projection?scenario=utopia",
        "/api/groups",
        "/api/groups?by=origin7",
        "/api/groups?by=sex",
        "/api/population",
        "/api/population?scenario=krimp&year=2030",
        "/api/population?year=soon",
        "/api/map",
        "/api/map?measure=diversity",
        "/api/map?measure=nope",
        "/api/forest",
        "/api/europe",
        "/api/europe?measure=trust_most_people_evs",
        "/api/files?name=real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv",
        "/api/nothing",
    ];

    public static IEnumerable<object[]> RequestData => Requests.Select(r => new object[] { r });

    [Theory]
    [MemberData(nameof(RequestData))]
    public async Task ApiResponseIsUnchanged(string request)
    {
        var resp = await fx.Client.GetAsync(request);
        var bytes = await resp.Content.ReadAsByteArrayAsync();
        var type = resp.Content.Headers.ContentType?.ToString() ?? "";
        var name = request.TrimStart('/').Replace("api/", "").Replace('?', '_').Replace('&', '_').Replace('=', '-').Replace('/', '-');
        var ext = type.StartsWith("image/svg", StringComparison.Ordinal) ? ".svg" : ".json";
        var (stored, content) = GoldenStore.Stored("body" + ext, bytes, GoldenStore.Root);
        GoldenStore.Check("dashboard/" + name, new Dictionary<string, string>
        {
            ["response.txt"] = $"GET {request}\nstatus {(int)resp.StatusCode}\ncontent-type {type}\n",
            [stored] = content,
        });
    }
}
