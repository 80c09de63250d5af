using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Domain;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Identity.Auth;

public sealed record LoginRequest(string? Username, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record ResetPasswordRequest(string? NewPassword);

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", async Task<Results<Ok<LoginResult>, ProblemHttpResult>> (LoginRequest request, HttpContext http, IdentityService identity, CancellationToken ct) =>
        {
            var result = await identity.LoginAsync(request.Username, request.Password, RateLimits.ClientIp(http), SessionKind.Bearer, http.Request.Headers["X-Anonymous-Id"].ToString() is { Length: > 0 } a ? a : null, ct).ConfigureAwait(false);
            Problems.AddRetryAfter(http, result.Error);
            return result.ToOk();
        }).AllowAnonymous().RequireRateLimiting(RateLimits.Login).WithName("Login");

        // ?everywhere=true ends every session of the person (all devices, cookies and tokens), not only this one.
        auth.MapPost("/logout", async Task<NoContent> (bool? everywhere, HttpContext http, IdentityService identity, CancellationToken ct) =>
        {
            await identity.LogoutAsync(http.User.FindFirst(EcosystemClaims.SessionId)!.Value, everywhere == true, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.SignedIn).WithName("Logout");

        api.MapPost("/me/password", async Task<Results<NoContent, ProblemHttpResult>> (ChangePasswordRequest request, HttpContext http, OperationContext op, IdentityService identity, CancellationToken ct) =>
        {
            var result = await identity.ChangePasswordAsync(op.ActorId, http.User.FindFirst(EcosystemClaims.SessionId)!.Value, request.CurrentPassword, request.NewPassword, RateLimits.ClientIp(http), ct).ConfigureAwait(false);
            Problems.AddRetryAfter(http, result.Error);
            return result.IsSuccess ? TypedResults.NoContent() : Problems.For(result.Error!);
        }).RequireAuthorization(Policies.SignedIn).WithTags("Auth").WithName("ChangePassword");

        api.MapGet("/me", async Task<Results<Ok<MeResponse>, ProblemHttpResult>> (OperationContext op, IdentityService identity, CancellationToken ct) =>
            await identity.MeAsync(op.ActorId, ct).ConfigureAwait(false) is { } me
                ? TypedResults.Ok(me)
                : Problems.For(Error.NotFound("USER_NOT_FOUND", "No such user.")))
            .RequireAuthorization(Policies.SignedIn).WithTags("Auth").WithName("Me");
        return auth;
    }
}

/// <summary>An admin creates an account with a first password (same rules as <c>ecosystem users add</c>).</summary>
public sealed record CreateUserRequest(string? Username, string? Email, string? DisplayName, string? Password, string[]? Roles);

internal static class AdminUserEndpoints
{
    public static RouteGroupBuilder MapAdminUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").WithTags("Admin: users").RequireAuthorization(IdentityPolicies.UsersManage);
        users.MapGet("/", async Task<Results<Ok<Page<UserDto>>, ProblemHttpResult>> (string? q, int? limit, string? cursor, IdentityService identity, CancellationToken ct) =>
            (await identity.ListAsync(q, limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListUsers");
        users.MapPost("/", async Task<Results<Created<UserDto>, ProblemHttpResult>> (CreateUserRequest request, HttpContext http, IdentityService identity, CancellationToken ct) =>
        {
            var roles = request.Roles is { Length: > 0 } given ? given : [Roles.User];
            // Granting the highest role is reserved to those who hold it: an admin cannot mint a super admin.
            if (roles.Contains(Roles.SuperAdmin, StringComparer.Ordinal) && !http.User.IsInRole(Roles.SuperAdmin))
            {
                return Problems.For(Error.Forbidden("ROLE_NOT_GRANTABLE", "Only a super admin can create a super admin."));
            }

            var created = await identity.CreateAsync(request.Username, request.Email, request.DisplayName, request.Password, roles, ct).ConfigureAwait(false);
            return created.IsSuccess ? TypedResults.Created($"/api/admin/users/{created.Value!.UserEcosystemId}", created.Value) : Problems.For(created.Error!);
        }).WithName("CreateUser");
        users.MapPost("/{userEcosystemId}/disable", async Task<Results<Ok<UserDto>, ProblemHttpResult>> (string userEcosystemId, IdentityService identity, CancellationToken ct) =>
            (await identity.SetStatusAsync(userEcosystemId, enable: false, ct).ConfigureAwait(false)).ToOk()).WithName("DisableUser");
        users.MapPost("/{userEcosystemId}/password", async Task<Results<NoContent, ProblemHttpResult>> (string userEcosystemId, ResetPasswordRequest request, IdentityService identity, CancellationToken ct) =>
            await identity.ResetPasswordAsync(userEcosystemId, request.NewPassword, ct).ConfigureAwait(false) is { IsSuccess: false } failed
                ? Problems.For(failed.Error!)
                : TypedResults.NoContent()).WithName("ResetUserPassword");
        users.MapPost("/{userEcosystemId}/enable", async Task<Results<Ok<UserDto>, ProblemHttpResult>> (string userEcosystemId, IdentityService identity, CancellationToken ct) =>
            (await identity.SetStatusAsync(userEcosystemId, enable: true, ct).ConfigureAwait(false)).ToOk()).WithName("EnableUser");
        return users;
    }
}
