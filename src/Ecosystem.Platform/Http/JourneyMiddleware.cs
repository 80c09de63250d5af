using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Http;

/// <summary>
/// The journey: created at the first page of a visit, carried by the <c>eco_journey</c> cookie and the
/// <c>X-Journey-Id</c> header (the header wins), echoed in the response, put in the log scope and every event.
/// </summary>
public sealed partial class JourneyMiddleware(RequestDelegate next, TimeProvider time, ILogger<JourneyMiddleware> logger)
{
    public const string Header = "X-Journey-Id";
    public const string Cookie = "eco_journey";

    /// <summary>The browser's anonymous analytics id (a year long), linked to the person when they log in.</summary>
    public const string AnonymousCookie = "eco_anon";

    public async Task InvokeAsync(HttpContext http, OperationContext op)
    {
        var fromHeader = http.Request.Headers[Header].ToString();
        var fromCookie = http.Request.Cookies[Cookie];
        var journey = IsValid(fromHeader) ? fromHeader : IsValid(fromCookie) ? fromCookie! : Ids.New("jny", time);
        op.JourneyId = journey;
        http.Response.Headers[Header] = journey;
        if (fromCookie != journey && !ApiPaths.IsApi(http.Request.Path))
        {
            http.Response.Cookies.Append(Cookie, journey, new CookieOptions
            {
                HttpOnly = false, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/",
            });
        }

        if (!http.Request.Cookies.ContainsKey(AnonymousCookie) && !ApiPaths.IsApi(http.Request.Path))
        {
            http.Response.Cookies.Append(AnonymousCookie, Ids.New("anon", time), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/", MaxAge = TimeSpan.FromDays(365),
            });
        }

        // Idempotent endpoints hash the body after model binding has read it.
        if (http.Request.Headers.ContainsKey("Idempotency-Key")) http.Request.EnableBuffering();

        using (logger.BeginScope(new Dictionary<string, object> { ["JourneyId"] = journey }))
        {
            await next(http).ConfigureAwait(false);
        }
    }

    public static bool IsValid(string? id) => id is { Length: >= 8 and <= 64 } && Shape().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>Fills the <see cref="OperationContext"/> actor from the authenticated principal.</summary>
public sealed class ActorMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, OperationContext op)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            op.ActorId = http.User.FindFirst(Security.EcosystemClaims.UserEcosystemId)?.Value ?? "unknown";
            var roles = http.User.FindAll(Security.EcosystemClaims.Role).Select(c => c.Value).ToList();
            op.ActorRole = roles.Contains(Security.Roles.Admin) ? Security.Roles.Admin : roles.FirstOrDefault() ?? "user";
        }

        return next(http);
    }
}
