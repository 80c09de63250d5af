using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Http;

/// <summary>
/// Request-rate limits for endpoints that anyone can call (ASP.NET Core's rate limiter, fixed one-minute windows,
/// per instance). An endpoint opts in with <c>RequireRateLimiting(RateLimits.X)</c> (pages: an
/// <see cref="EnableRateLimitingAttribute"/> convention); an architecture test requires it on every anonymous
/// endpoint that accepts a POST. Authenticated hot paths (card purchases, <c>/api/events</c>) and health are not
/// limited. Over the limit: 429 <c>RATE_LIMITED</c> problem with <c>Retry-After</c>. Each limit is per minute and
/// configurable under <c>Ecosystem:RateLimits:*</c>; 0 turns it off.
/// </summary>
public static class RateLimits
{
    /// <summary>Login attempts (API and page POSTs), per client IP. Default 120 a minute.</summary>
    public const string Login = "login";

    /// <summary>Other anonymous endpoints (e.g. a public chat or token endpoint), per client IP. Default 300 a minute.</summary>
    public const string Public = "public";

    /// <summary>The Segment-compatible <c>/v1/*</c> ingestion API, per write key. Default 60,000 requests a minute.</summary>
    public const string Ingestion = "ingestion";

    public static IServiceCollection AddEcosystemRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        int PerMinute(string name, int fallback) => configuration.GetValue($"Ecosystem:RateLimits:{name}PerMinute", fallback);
        var login = PerMinute("Login", 120);
        var open = PerMinute("Public", 300);
        var ingestion = PerMinute("Ingestion", 60_000);
        services.AddRateLimiter(o =>
        {
            // GETs of the login page are not attempts; only the POSTs count.
            o.AddPolicy(Login, new PerMinutePolicy(login, http => HttpMethods.IsPost(http.Request.Method) ? "ip:" + ClientIp(http) : null));
            o.AddPolicy(Public, new PerMinutePolicy(open, http => "ip:" + ClientIp(http)));
            o.AddPolicy(Ingestion, new PerMinutePolicy(ingestion, http => WriteKeyPartition(http) ?? "ip:" + ClientIp(http)));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                return new ValueTask(Problems.WriteAsync(context.HttpContext, new Error("RATE_LIMITED", 429,
                    $"Too many requests. Try again in {Problems.RetryAfterSeconds(wait)} second(s).") { RetryAfter = wait }));
            };
        });
        return services;
    }

    /// <summary>The client address as the server sees it. No forwarded-headers middleware is configured (ADR 0004).</summary>
    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The write key (HTTP Basic user or <c>X-Write-Key</c>), hashed: read before authentication, so a flood is refused before any lookup.</summary>
    private static string? WriteKeyPartition(HttpContext http)
    {
        var key = http.Request.Headers["X-Write-Key"].ToString();
        if (key.Length == 0)
        {
            var header = http.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
            try
            {
                key = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())).Split(':', 2)[0];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return key.Length is 0 or > 400 ? null : "wk:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 12);
    }

    private sealed class PerMinutePolicy(int perMinute, Func<HttpContext, string?> partition) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var key = perMinute > 0 ? partition(httpContext) : null;
            if (key is null) return RateLimitPartition.GetNoLimiter("");
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }
    }
}
