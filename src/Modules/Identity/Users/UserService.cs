using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Passwords;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Users;

/// <summary>The admin operations on users, the demo and CLI accounts, and what other modules may ask about people (<see cref="IUserDirectory"/>).</summary>
internal sealed class UserService(IdentityDbContext db, Transactions transactions, SessionCache sessionCache, OperationContext op, TimeProvider time, Capabilities capabilities) : IUserDirectory
{
    public async Task<Result<Page<UserDto>>> ListAsync(string? q, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            query = query.Where(u => u.Username.Contains(term) || u.Email.ToLower().Contains(term) || u.DisplayName.ToLower().Contains(term));
        }

        if (after is not null) query = query.Where(u => string.Compare(u.UserEcosystemId, after) > 0);
        var rows = await query.OrderBy(u => u.UserEcosystemId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, u => u.UserEcosystemId, ToDto);
    }

    /// <summary>Disables or enables a user. Disabling revokes every session in the same transaction.</summary>
    public async Task<Result<UserDto>> SetStatusAsync(string userEcosystemId, bool enable, CancellationToken ct)
    {
        if (!enable && userEcosystemId == op.ActorId)
        {
            return Error.Conflict("CANNOT_DISABLE_SELF", "You cannot disable your own account.");
        }

        var result = await transactions.RunAsync<UserDto>(db, async c =>
        {
            var user = await db.Users.ForUpdate().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (user is null) return Error.NotFound("USER_NOT_FOUND", "No such user.");
            var before = user.Snapshot();
            var action = enable ? "enable" : "disable";
            if (!user.TryTransition(action, time.UtcNowStored()))
            {
                return Error.Conflict(enable ? "ALREADY_ENABLED" : "ALREADY_DISABLED", $"The user is already {user.Status.ToString().ToLowerInvariant()}.");
            }

            if (!enable) await db.RevokeSessionsAsync(userEcosystemId, null, time.UtcNowStored(), c).ConfigureAwait(false);

            db.AuditLog.Add(AuditEntry.Create(op, time, enable ? "user.enabled" : "user.disabled", "user", user.UserEcosystemId, before, user.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, enable ? "com.ecosystem.user.account.enabled" : "com.ecosystem.user.account.disabled", user.UserEcosystemId, null));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToDto(user);
        }, ct).ConfigureAwait(false);
        sessionCache.Invalidate();
        return result;
    }

    public async Task<Result<UserDto>> CreateAsync(string? username, string? email, string? displayName, string? password, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var v = new Validator().Text(username, "username", 64).Text(email, "email", 254);
        v.Require(username is null || System.Text.RegularExpressions.Regex.IsMatch(username.Trim(), "^[A-Za-z0-9._-]{3,64}$"), "username", "username must be 3-64 letters, digits, '.', '_' or '-'.");
        v.Require(email is null || (email.Contains('@', StringComparison.Ordinal) && email.Trim().Length >= 3), "email", "email is not a valid address.");
        PasswordPolicy.Check(v, "password", password, username);
        v.Require(roles.Count > 0 && roles.All(capabilities.KnownRoles.Contains), "roles", "roles must be known roles.");
        if (!v.IsValid) return v.ToError();
        var name = User.Normalize(username!);
        return await transactions.RunAsync<UserDto>(db, async c =>
        {
            if (await db.Users.AnyAsync(u => u.Username == name, c).ConfigureAwait(false)) return Error.Conflict("USERNAME_TAKEN", "That username is taken.");
            var user = User.Create(Ids.New("usr", time), name, email!, string.IsNullOrWhiteSpace(displayName) ? name : displayName, roles, PasswordHasher.Hash(password!), time.UtcNowStored());
            db.Users.Add(user);
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.created", "user", user.UserEcosystemId, null, user.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.account.created", user.UserEcosystemId, new { roles }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToDto(user);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Demo users bypass the password-length rule: their password is their username, as the seed requires; the seed passes its precomputed hash.</summary>
    public async Task<Result<UserDto>> CreateDemoAsync(string username, string displayName, string role, string passwordHash, CancellationToken ct) =>
        await transactions.RunAsync<UserDto>(db, async c =>
        {
            var user = User.Create(Ids.New("usr", time), username, username + "@demo.ecosystem.local", displayName, [role], passwordHash, time.UtcNowStored());
            db.Users.Add(user);
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.created", "user", user.UserEcosystemId, null, user.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.account.created", user.UserEcosystemId, new { roles = new[] { role }, demo = true }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToDto(user);
        }, ct).ConfigureAwait(false);

    /// <summary>
    /// Gives the person a role (e.g. <c>client</c> at their first shop checkout), audited; a role they have is left as it
    /// is. Joins the caller's unit when there is one. Takes effect at their next sign-in.
    /// </summary>
    public async Task<Result<bool>> GrantRoleAsync(string userEcosystemId, string role, CancellationToken ct)
    {
        if (!capabilities.KnownRoles.Contains(role)) return Error.Unprocessable("ROLE_UNKNOWN", "There is no such role.");
        return await transactions.RunAsync<bool>(db, async c =>
        {
            var user = await db.Users.ForUpdate().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (user is null) return Error.NotFound("USER_NOT_FOUND", "There is no such person.");
            var before = user.Snapshot();
            if (!user.Grant(role, time.UtcNowStored())) return false;
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.role.granted", "user", user.UserEcosystemId, before, user.Snapshot()));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    public async Task<UserDto?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        var name = User.Normalize(username);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == name, ct).ConfigureAwait(false);
        return user is null ? null : ToDto(user);
    }

    public async Task<IReadOnlyDictionary<string, UserDto>> GetManyAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct)
    {
        var ids = userEcosystemIds.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.UserEcosystemId)).ToListAsync(ct).ConfigureAwait(false);
        return users.ToDictionary(u => u.UserEcosystemId, ToDto);
    }

    private static UserDto ToDto(User u) => new(u.UserEcosystemId, u.Username, u.Email, u.DisplayName, u.Roles, u.Status.ToString().ToLowerInvariant(), u.CreatedAt);
}
