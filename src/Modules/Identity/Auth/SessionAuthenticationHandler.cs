using System.Text.Encodings.Web;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecosystem.Identity.Auth;

/// <summary>
/// One scheme for pages and API: an <c>Authorization: Bearer</c> token, or the <c>eco_session</c> cookie (HttpOnly,
/// SameSite=Strict). API requests that are not signed in get 401/403 problems; pages redirect to the login page.
/// </summary>
internal sealed class SessionAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string CookieName = "eco_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        else if (Request.Cookies.TryGetValue(CookieName, out var cookie)) token = cookie;
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

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
}
