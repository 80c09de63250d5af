using Ecosystem.Identity.Passwords;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Identity.Auth;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(RateLimits.Login).WithName("Login")
            .Answers(AuthService.InvalidCredentials, AuthService.Disabled, AuthService.TooManyAttempts(TimeSpan.FromMinutes(15)));

        // ?everywhere=true ends every session of the person (all devices, cookies and tokens), not only this one.
        auth.MapPost("/logout", Logout).RequireAuthorization(Policies.SignedIn).WithName("Logout");

        api.MapPost("/me/password", ChangePassword).RequireAuthorization(Policies.SignedIn).WithTags("Auth").WithName("ChangePassword")
            .Answers(Passwords.PasswordService.CurrentPasswordWrong, AuthService.TooManyAttempts(TimeSpan.FromMinutes(15)));

        api.MapGet("/me", Me).RequireAuthorization(Policies.SignedIn).WithTags("Auth").WithName("Me");
        return auth;
    }

    private static async Task<Results<Ok<LoginResult>, ProblemHttpResult>> Login(LoginRequest request, HttpContext http, AuthService auth, CancellationToken ct)
    {
        var result = await auth.LoginAsync(request.Username, request.Password, RateLimits.ClientIp(http), SessionKind.Bearer, http.Request.Headers["X-Anonymous-Id"].ToString() is { Length: > 0 } a ? a : null, ct).ConfigureAwait(false);
        Problems.AddRetryAfter(http, result.Error);
        return result.ToOk();
    }

    private static async Task<NoContent> Logout(bool? everywhere, HttpContext http, AuthService auth, CancellationToken ct)
    {
        await auth.LogoutAsync(http.User.FindFirst(EcosystemClaims.SessionId)!.Value, everywhere == true, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(ChangePasswordRequest request, HttpContext http, OperationContext op, PasswordService passwords, CancellationToken ct)
    {
        var result = await passwords.ChangePasswordAsync(op.ActorId, http.User.FindFirst(EcosystemClaims.SessionId)!.Value, request.CurrentPassword, request.NewPassword, RateLimits.ClientIp(http), ct).ConfigureAwait(false);
        Problems.AddRetryAfter(http, result.Error);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(OperationContext op, AuthService auth, CancellationToken ct) =>
        await auth.MeAsync(op.ActorId, ct).ConfigureAwait(false) is { } me
            ? TypedResults.Ok(me)
            : Problems.For(Error.NotFound("USER_NOT_FOUND", "No such user."));
}
