using Cohesion.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cohesion.Web;

/// <summary>The JSON API under <c>/api/</c>. Bad parameters get a 4xx with <c>{"error": "..."}</c>.</summary>
public static class DashboardApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", () => Results.Json(new { status = "ok", version = typeof(DashboardApi).Assembly.GetName().Version?.ToString() }));

        api.MapGet("/files", (DashboardService svc, string? name) =>
        {
            if (!SafePath.TryResolve(svc.Options.DataDirectory, name, out var full, out var problem))
                return Error(StatusCodes.Status400BadRequest, problem);
            if (!File.Exists(full)) return Error(StatusCodes.Status404NotFound, $"no data file '{name}'");
            return Guard(() => svc.Cached("file:" + full, () => svc.DescribeFile(full)));
        });

        api.MapFallback(() => Error(StatusCodes.Status404NotFound, "unknown API endpoint"));
    }

    internal static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>Runs a computation; a user-facing <see cref="CohesionException"/> becomes a 400.</summary>
    internal static IResult Guard(Func<object> compute)
    {
        try { return Results.Json(compute()); }
        catch (CohesionException ex) { return Error(StatusCodes.Status400BadRequest, ex.Describe()); }
    }
}
