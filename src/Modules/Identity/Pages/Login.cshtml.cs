using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Identity.Pages;

internal sealed class LoginModel(AuthService auth, EcosystemOptions options) : PageModel
{
    public bool Demo => options.Demo;
    public string? ErrorMessage { get; private set; }
    public string? Username { get; private set; }
    public string? ReturnUrl { get; private set; }

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (User.Identity?.IsAuthenticated == true) return Redirect(SafeReturn(returnUrl));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl, CancellationToken ct)
    {
        Username = username;
        ReturnUrl = returnUrl;
        // The browser's current session cookie, if any, is revoked by the login: the new session gets a new id.
        var result = await auth.LoginAsync(username, password, RateLimits.ClientIp(HttpContext), SessionKind.Cookie, Request.Cookies[JourneyMiddleware.AnonymousCookie], ct,
            previousToken: Request.Cookies[SessionAuthenticationHandler.CookieName]);
        if (!result.IsSuccess)
        {
            Response.StatusCode = result.Error!.Status is 429 ? 429 : 200;
            Problems.AddRetryAfter(HttpContext, result.Error);
            ErrorMessage = result.Error.Code == "VALIDATION_FAILED" ? "Enter your username and password." : result.Error.Message;
            return Page();
        }

        Response.Cookies.Append(SessionAuthenticationHandler.CookieName, result.Value!.AccessToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            Expires = result.Value.ExpiresAt,
            IsEssential = true,
            Path = "/",
        });
        var isAdmin = HttpContext.RequestServices.GetRequiredService<Capabilities>().Allows(Policies.AdminConsole, result.Value.User.Roles);
        return Redirect(returnUrl is { Length: > 0 } ? SafeReturn(returnUrl) : isAdmin ? "/admin" : "/app");
    }

    public async Task<IActionResult> OnPostLogoutAsync(CancellationToken ct)
    {
        if (User.FindFirst(EcosystemClaims.SessionId)?.Value is { } sid) await auth.LogoutAsync(sid, everywhere: false, ct);
        Response.Cookies.Delete(SessionAuthenticationHandler.CookieName);
        return Redirect("/login");
    }

    /// <summary>Only local paths are followed after login: no open redirect.</summary>
    private string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] != '/' && returnUrl[1] != '\\' && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
