using Cohesion.Data;
using Cohesion.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
            // name, then type (from the name alone), then location, then existence: no answer depends on what exists
            // outside --data-dir, and no message names a server path
            if (!SafePath.TryResolve(svc.Options.DataDirectory, name, out var full, out var problem))
                return Error(StatusCodes.Status400BadRequest, problem);
            if (!DatasetLoader.IsSupportedFileName(name!))
                return Error(StatusCodes.Status400BadRequest, $"'{name}' is not a supported data file type ({string.Join(", ", DatasetLoader.Extensions)})");
            if (!File.Exists(full)) return Error(StatusCodes.Status404NotFound, $"no data file '{name}'");
            return Guard(() => svc.Cached("file:" + name + "\0" + full, () => svc.DescribeFile(full, name!)), hidePath: (full, name!));
        });

        api.MapGet("/options", (DashboardService svc) => Guard(svc.Options_));
        // JSON by default; format=svg gives the view's chart drawn by the one chart layer (lang=nl|en)
        api.MapGet("/projection", (DashboardService svc, string? scenario, string? societal, string? policy, string? format, string? dimension, string? lang) =>
            format == "svg"
                ? GuardText(() => dimension == "decomposition"
                    ? svc.DecompositionChart(scenario ?? "midden", societal ?? "estimated", policy ?? "none", Lang(lang))
                    : svc.ProjectionChart(scenario ?? "midden", societal ?? "estimated", policy ?? "none", dimension ?? "social_trust", Lang(lang)), "image/svg+xml")
                : Guard(() => svc.Projection(scenario ?? "midden", societal ?? "estimated", policy ?? "none")));
        api.MapGet("/sensitivity", (DashboardService svc, string? scenario, string? societal, string? policy, string? format, string? lang) =>
            format == "svg"
                ? GuardText(() => svc.SensitivityChart(scenario ?? "midden", societal ?? "estimated", policy ?? "none", Lang(lang)), "image/svg+xml")
                : GuardText(() => svc.Sensitivity(scenario ?? "midden", societal ?? "estimated", policy ?? "none"), "application/json; charset=utf-8"));
        // ensemble results that 'cohesion simulate --catalogue NAME' stored in the catalogue, with their manifests
        api.MapGet("/ensembles", (DashboardService svc) => Guard(svc.Ensembles));
        // format=svg&dimension=D: that dimension's bands over the years, drawn by the one chart layer (lang=nl|en)
        api.MapGet("/ensembles/{name}", (HttpContext ctx, DashboardService svc, string name, string? format, string? dimension, string? lang) =>
        {
            try { Catalogue.ValidateName(name); }
            catch (CohesionException ex) { return Error(StatusCodes.Status400BadRequest, ex.Message); }
            if (!svc.HasEnsemble(name)) return Error(StatusCodes.Status404NotFound, $"no ensemble named '{name}' in the catalogue");
            return (format ?? "json") switch
            {
                "json" => Guard(() => svc.Ensemble(name)),
                "svg" => GuardText(() => { var (svg, p) = svc.EnsembleChart(name, dimension ?? "social_trust", Lang(lang)); SetProvenance(ctx, p); return svg; }, "image/svg+xml"),
                _ => Error(StatusCodes.Status400BadRequest, $"query parameter 'format': '{format}' is not json or svg"),
            };
        });
        // dataset= a catalogue data set (cohesion data import); default the built-in survey
        api.MapGet("/groups", (HttpContext ctx, DashboardService svc, string? by, string? format, string? lang, string? dataset) =>
            format == "svg"
                ? GuardText(() => svc.GroupsChart(by ?? "education3", Lang(lang), dataset), "image/svg+xml")
                : Guard(() => svc.Groups(by ?? "education3", dataset), HideCatalogue(svc)));
        api.MapGet("/datasets", (DashboardService svc, string? name) => Guard(() => svc.Datasets(name), HideCatalogue(svc)));
        api.MapGet("/population", (DashboardService svc, string? scenario, string? year, string? format, string? chart, string? lang) =>
        {
            int y = DashboardService.LastYear;
            if (year is not null && !int.TryParse(year, out y)) return Error(StatusCodes.Status400BadRequest, "year must be a whole number");
            return format == "svg"
                ? GuardText(() => svc.PopulationChart(scenario ?? "midden", y, chart ?? "pyramid", Lang(lang)), "image/svg+xml")
                : Guard(() => svc.Population(scenario ?? "midden", y));
        });
        // the map: SVG by default (provenance in the X-Cohesion-Provenance header, the root's data-provenance and the
        // legend), or its values as JSON with format=json
        api.MapGet("/map", (HttpContext ctx, DashboardService svc, string? measure, string? format) =>
        {
            var m = measure ?? DashboardService.DefaultMapMeasure;
            return (format ?? "svg") switch
            {
                "json" => Guard(() => svc.MapJson(m)),
                "svg" => GuardText(() => { var svg = svc.Map(m); SetProvenance(ctx, svc.MapLayerOf(m).Provenance); return svg; }, "image/svg+xml"),
                _ => Error(StatusCodes.Status400BadRequest, $"query parameter 'format': '{format}' is not svg or json"),
            };
        });
        // the map's geometry, sent once: compact TopoJSON, cacheable (it does not change while the dashboard runs)
        api.MapGet("/topology", (HttpContext ctx, DashboardService svc, string? level) =>
        {
            try
            {
                var bytes = svc.TopologyJson(level ?? "buurt");
                var etag = svc.Cached("etag:topology:" + level, () => $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"");
                ctx.Response.Headers.CacheControl = "public, max-age=86400";
                ctx.Response.Headers.ETag = etag;
                SetProvenance(ctx, Provenance.Real);
                if (ctx.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.Bytes(bytes, "application/json; charset=utf-8");
            }
            catch (CohesionException ex) { return Error(StatusCodes.Status400BadRequest, Describe(ex)); }
        });
        api.MapGet("/trends", (HttpContext ctx, DashboardService svc, string? format) => (format ?? "json") switch
        {
            "json" => Guard(svc.Trends),
            "svg" => GuardText(() => { var svg = svc.TrendsChart(); SetProvenance(ctx, Provenance.Real); return svg; }, "image/svg+xml"),
            _ => Error(StatusCodes.Status400BadRequest, $"query parameter 'format': '{format}' is not json or svg"),
        });
        // the Netherlands in Europe (issue 11): JSON with provenance per row, or a chart of the one chart layer with format=svg
        api.MapGet("/europe", (HttpContext ctx, DashboardService svc, string? format, string? measure, string? chart, string? lang) => (format ?? "json") switch
        {
            "json" => Guard(() => { var o = svc.Europe(measure); SetProvenance(ctx, svc.EuropeResult.ValueProvenance); return o; }),
            "svg" => GuardText(() => { var (svg, p) = svc.EuropeChart(measure, chart, Lang(lang)); SetProvenance(ctx, p); return svg; }, "image/svg+xml"),
            _ => Error(StatusCodes.Status400BadRequest, $"query parameter 'format': '{format}' is not json or svg"),
        });
        api.MapGet("/forest", (HttpContext ctx, DashboardService svc) =>
            GuardText(() => { var svg = svc.Forest(); SetProvenance(ctx, DashboardService.ForestProvenance); return svg; }, "image/svg+xml"));

        // every endpoint is read-only: another method on a known endpoint is 405 with Allow, as HTTP asks
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var ep in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
            if (ep.RoutePattern.RawText is { } raw && !raw.Contains('{')) known.Add("/" + raw.Trim('/'));
        api.MapFallback((HttpContext ctx) =>
        {
            var path = "/" + (ctx.Request.Path.Value ?? "").Trim('/');
            if (known.Contains(path) && !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
            {
                ctx.Response.Headers.Allow = "GET, HEAD";
                return Error(StatusCodes.Status405MethodNotAllowed, $"{ctx.Request.Method} is not allowed here; this endpoint answers GET");
            }
            return Error(StatusCodes.Status404NotFound, "unknown API endpoint");
        });
    }

    /// <summary>A service error: one that names no file or row is about a query parameter, and says so.</summary>
    private static string Describe(CohesionException ex) =>
        ex is { File: null, Row: null, Column: { } parameter } ? $"query parameter '{parameter}': {ex.Message}" : ex.Describe();

    /// <summary>The header that carries an image response's provenance (JSON responses have a <c>provenance</c> field).</summary>
    public const string ProvenanceHeader = "X-Cohesion-Provenance";

    private static void SetProvenance(HttpContext ctx, Provenance p) => ctx.Response.Headers[ProvenanceHeader] = p.Code();

    internal static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    // Serialized JSON per cached result object: the service caches computations, this caches their bytes,
    // so a repeated request costs one lookup (keys are the objects themselves, so invalid parameters add nothing).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, byte[]> JsonBytes = new();

    /// <summary>Runs a computation; a user-facing <see cref="CohesionException"/> becomes a 400.</summary>
    internal static IResult Guard(Func<object> compute, (string Full, string Shown)? hidePath = null)
    {
        try
        {
            var value = compute();
            var bytes = JsonBytes.GetValue(value, v => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(v, v.GetType()));
            return Results.Bytes(bytes, "application/json; charset=utf-8");
        }
        catch (CohesionException ex)
        {
            var message = Describe(ex);
            if (hidePath is { } h) message = message.Replace(h.Full, h.Shown, StringComparison.Ordinal);
            return Error(StatusCodes.Status400BadRequest, message);
        }
    }

    /// <summary>A catalogue error names the catalogue by its file name, never by its server path.</summary>
    private static (string, string) HideCatalogue(DashboardService svc) => (svc.Catalogue.DatabasePath, Path.GetFileName(svc.Catalogue.DatabasePath));

    private static string Lang(string? lang) => lang == "en" ? "en" : "nl";

    internal static IResult GuardText(Func<string> compute, string contentType)
    {
        try { return Results.Text(compute(), contentType); }
        catch (CohesionException ex) { return Error(StatusCodes.Status400BadRequest, Describe(ex)); }
    }
}
