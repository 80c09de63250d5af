using System.Text.Encodings.Web;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecosystem.Identity.Auth;

/// <summary>
/// One scheme for pages and API: an <c>Authorization: Bearer</c> token, or the <c>eco_session</c> cookie (HttpOnly,
/// SameSite=Lax). Sessions end when revoked, after the idle timeout, or at the absolute timeout (<see cref="SessionPolicy"/>);
/// an ended session is 401 for the API and a redirect to the login page for pages. A cookie-authenticated API write must come from this origin (Origin header check), so a foreign page
/// cannot ride the cookie; browsers never send bearer tokens on their own. API requests that are not signed in get
/// 401/403 problems; pages redirect to the login page.
/// </summary>
internal sealed class SessionAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string CookieName = "eco_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (Request.Cookies.TryGetValue(CookieName, out var cookie))
        {
            if (IsApi(Request) && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && !IsSameOrigin(Request))
            {
                return AuthenticateResult.Fail("Cross-origin API write with a session cookie.");
            }

            token = cookie;
        }
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        var principal = await Context.RequestServices.GetRequiredService<SessionValidator>().ValidateAsync(token, Context.RequestAborted).ConfigureAwait(false);
        return principal is null
            ? AuthenticateResult.Fail("Session is invalid, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, EcosystemClaims.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsApi(Request))
        {
            Response.StatusCode = 401;
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        else
        {
            // An expired or revoked cookie is dropped, so the browser stops sending it.
            if (Request.Cookies.ContainsKey(CookieName)) Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
            Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString));
        }

        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (IsApi(Request)) Response.StatusCode = 403;
        else Response.Redirect("/error/403");
        return Task.CompletedTask;
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsApi(HttpRequest request) => Ecosystem.Platform.Http.ApiPaths.IsApi(request.Path);
}
