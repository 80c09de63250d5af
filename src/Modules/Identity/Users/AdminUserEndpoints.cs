using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Passwords;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Identity.Users;

internal static class AdminUserEndpoints
{
    public static RouteGroupBuilder MapAdminUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").WithTags("Admin: users").RequireAuthorization(IdentityPolicies.UsersManage);
        users.MapGet("/", ListUsers).WithName("ListUsers");
        users.MapPost("/", CreateUser).WithName("CreateUser");
        users.MapPost("/{userEcosystemId}/disable", DisableUser).WithName("DisableUser");
        users.MapPost("/{userEcosystemId}/password", ResetUserPassword).WithName("ResetUserPassword");
        users.MapPost("/{userEcosystemId}/enable", EnableUser).WithName("EnableUser");
        return users;
    }

    private static async Task<Results<Ok<Page<UserDto>>, ProblemHttpResult>> ListUsers(string? q, int? limit, string? cursor, UserService users, CancellationToken ct) =>
        (await users.ListAsync(q, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<UserDto>, ProblemHttpResult>> CreateUser(CreateUserRequest request, HttpContext http, UserService users, CancellationToken ct)
    {
        var roles = request.Roles is { Length: > 0 } given ? given : [Roles.User];
        // Granting the highest role is reserved to those who hold it: an admin cannot mint a super admin.
        if (roles.Contains(Roles.SuperAdmin, StringComparer.Ordinal) && !http.User.IsInRole(Roles.SuperAdmin))
        {
            return Problems.For(Error.Forbidden("ROLE_NOT_GRANTABLE", "Only a super admin can create a super admin."));
        }

        var created = await users.CreateAsync(request.Username, request.Email, request.DisplayName, request.Password, roles, ct).ConfigureAwait(false);
        return created.IsSuccess ? TypedResults.Created($"/api/admin/users/{created.Value!.UserEcosystemId}", created.Value) : Problems.For(created.Error!);
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> DisableUser(string userEcosystemId, UserService users, CancellationToken ct) =>
        (await users.SetStatusAsync(userEcosystemId, enable: false, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetUserPassword(string userEcosystemId, ResetPasswordRequest request, PasswordService passwords, CancellationToken ct) =>
        await passwords.ResetPasswordAsync(userEcosystemId, request.NewPassword, ct).ConfigureAwait(false) is { IsSuccess: false } failed
            ? Problems.For(failed.Error!)
            : TypedResults.NoContent();

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> EnableUser(string userEcosystemId, UserService users, CancellationToken ct) =>
        (await users.SetStatusAsync(userEcosystemId, enable: true, ct).ConfigureAwait(false)).ToOk();
}
