using System.Net;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cohesion.Web;

/// <summary>Builds the dashboard: an ASP.NET Core app serving one page and a JSON API under <c>/api/</c>.</summary>
public static class DashboardHost
{
    public static WebApplication Build(DashboardOptions options)
    {
        var urls = ValidateUrls(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Cohesion.Web" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestLineSize = options.MaxUrlLength + 64;
        });
        builder.Services.AddSingleton(options);
        // gzip/brotli for text responses (the map's TopoJSON and values, charts, JSON): the national buurt map stays
        // well under 1.5 MB transferred (measured in the browser tests)
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml", "application/json"]);
        });
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.AddSingleton<DashboardService>();
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.OnRejected = async (ctx, ct) =>
            {
                // tell the client when to come back (the bucket refills every second)
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                ctx.HttpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                ctx.HttpContext.Response.ContentType = "application/json";
                await ctx.HttpContext.Response.WriteAsync("{\"error\":\"too many requests\"}", ct);
            };
            if (options.RequestsPerSecondPerClient <= 0) return; // explicitly switched off (e.g. for a capacity test)
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                    new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, options.RequestsPerSecondPerClient * 2),
                        TokensPerPeriod = Math.Max(1, options.RequestsPerSecondPerClient),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true
                    }));
        });

        var app = builder.Build();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";
            var url = ctx.Request.Path.Value?.Length + ctx.Request.QueryString.Value?.Length ?? 0;
            if (url > options.MaxUrlLength)
            {
                ctx.Response.StatusCode = StatusCodes.Status414RequestUriTooLong;
                await ctx.Response.WriteAsJsonAsync(new { error = "request URL too long" });
                return;
            }
            if (ctx.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await ctx.Response.WriteAsJsonAsync(new { error = $"request body larger than {options.MaxRequestBodyBytes} bytes" });
                return;
            }
            await next();
        });
        app.UseRateLimiter();
        app.UseResponseCompression();
        MapStatic(app);
        DashboardApi.Map(app);
        return app;
    }

    /// <summary>Refuses non-loopback addresses unless explicitly allowed.</summary>
    internal static string[] ValidateUrls(DashboardOptions options)
    {
        var urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var u in urls)
        {
            if (!Uri.TryCreate(u.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new Cohesion.Statistics.CohesionException($"'{u}' is not a valid http(s) URL", column: "--urls");
            bool loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback && !options.AllowRemote)
                throw new Cohesion.Statistics.CohesionException(
                    $"refusing to listen on non-loopback address '{u}'; pass --allow-remote to expose the dashboard deliberately", column: "--urls");
        }
        return urls;
    }

    /// <summary>Fails with a clear message when an address to listen on is already taken (checked by binding it
    /// briefly; Kestrel's own error at start-up remains the final word).</summary>
    public static void CheckPortsFree(DashboardOptions options)
    {
        foreach (var u in ValidateUrls(options))
        {
            if (!Uri.TryCreate(u.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Port == 0) continue;
            var host = uri.Host.Trim('[', ']');
            var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : null;
            if (address is null) continue;
            var probe = new System.Net.Sockets.TcpListener(address, uri.Port);
            try { probe.Start(); }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                throw new Cohesion.Statistics.CohesionException($"cannot listen on {u}: the address is already in use (is another dashboard running?); choose another port with --urls");
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new Cohesion.Statistics.CohesionException($"cannot listen on {u}: {e.Message}");
            }
            finally { probe.Stop(); }
        }
    }

    private static void MapStatic(WebApplication app)
    {
        var asm = typeof(DashboardHost).Assembly;
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var path = name["wwwroot".Length..];
            var bytes = ReadResource(asm, name);
            var type = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8", ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8", ".svg" => "image/svg+xml", _ => "application/octet-stream"
            };
            app.MapGet(path, () => Results.Bytes(bytes, type));
            if (path == "/index.html") app.MapGet("/", () => Results.Bytes(bytes, type));
        }
    }

    private static byte[] ReadResource(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
