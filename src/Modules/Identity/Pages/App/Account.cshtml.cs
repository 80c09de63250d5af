using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Passwords;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Identity.Pages.App;

internal sealed class AccountModel(AuthService auth, PasswordService passwords, OperationContext op, SessionPolicy sessions) : PageModel
{
    public string? ErrorMessage { get; private set; }

    public string Idle => Describe(sessions.Idle);

    public string Absolute => Describe(sessions.Absolute);

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? "" : "s")}" : $"{span.TotalMinutes:0} minutes";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken ct)
    {
        if (newPassword != confirmPassword)
        {
            ErrorMessage = "The two new passwords differ.";
            return Page();
        }

        var result = await passwords.ChangePasswordAsync(op.ActorId, User.FindFirst(EcosystemClaims.SessionId)!.Value, currentPassword, newPassword, RateLimits.ClientIp(HttpContext), ct);
        if (!result.IsSuccess)
        {
            if (result.Error!.Status == 429) Response.StatusCode = 429;
            Problems.AddRetryAfter(HttpContext, result.Error);
            ErrorMessage = result.Error.Fields is { } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : result.Error.Message;
            return Page();
        }

        TempData["Flash"] = "Your password is changed. Your other sessions have ended.";
        TempData["FlashKind"] = "ok";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLogoutEverywhereAsync(CancellationToken ct)
    {
        await auth.LogoutAsync(User.FindFirst(EcosystemClaims.SessionId)!.Value, everywhere: true, ct);
        Response.Cookies.Delete(SessionAuthenticationHandler.CookieName);
        return Redirect("/login");
    }
}
