using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Domain;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity;

public sealed record LoginResult(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, MeResponse User);

public sealed record MeResponse(string UserEcosystemId, string Username, string DisplayName, string Email, IReadOnlyList<string> Roles, string Status);

/// <summary>Login, logout, and the admin operations on users. Used by the API and the pages alike.</summary>
internal sealed class IdentityService(IdentityDbContext db, Transactions transactions, LoginThrottle throttle, OperationContext op, TimeProvider time) : IUserDirectory
{
    public static readonly Error InvalidCredentials = new("INVALID_CREDENTIALS", 401, "Username or password is wrong.");
    public static readonly Error Disabled = Error.Forbidden("ACCOUNT_DISABLED", "This account is disabled. Contact an administrator.");

    /// <param name="anonymousId">The visitor's anonymous analytics id, if any: the login event carries it so Analytics links the pre-login journey to the person.</param>
    public async Task<Result<LoginResult>> LoginAsync(string? username, string? password, string ip, SessionKind kind, string? anonymousId, CancellationToken ct)
    {
        var v = new Validator().Text(username, "username", 64).Text(password, "password", 256);
        if (!v.IsValid) return v.ToError();
        var name = User.Normalize(username!);
        if (throttle.RetryAfter(name, ip) is { } wait)
        {
            return new Error("TOO_MANY_ATTEMPTS", 429, $"Too many failed attempts. Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s).");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == name, ct).ConfigureAwait(false);
        bool needsRehash;
        if (user is null)
        {
            PasswordHasher.VerifyDummy(password!);
            throttle.RecordFailure(name, ip);
            return InvalidCredentials;
        }

        if (!PasswordHasher.Verify(password!, user.PasswordHash, out needsRehash))
        {
            throttle.RecordFailure(name, ip);
            return InvalidCredentials;
        }

        if (user.Status == UserStatus.Disabled) return Disabled;
        throttle.RecordSuccess(name);

        op.ActorId = user.UserEcosystemId;
        op.ActorRole = user.Roles.Contains("admin") ? "admin" : user.Roles.FirstOrDefault() ?? "user";
        var token = SessionTokens.NewToken();
        var now = time.UtcNowStored();
        var session = new Session
        {
            Id = Ids.New("ses", time),
            TokenHash = SessionTokens.Hash(token),
            UserEcosystemId = user.UserEcosystemId,
            Kind = kind,
            CreatedAt = now,
            ExpiresAt = now + (kind == SessionKind.Cookie ? SessionTokens.CookieLifetime : SessionTokens.BearerLifetime),
        };
        return await transactions.RunAsync<LoginResult>(db, async c =>
        {
            if (needsRehash) user.UpgradePasswordHash(PasswordHasher.Hash(password!));
            db.Sessions.Add(session);
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.logged_in", "user", user.UserEcosystemId, null, new { sessionId = session.Id, kind = session.Kind }));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.session.logged_in", user.UserEcosystemId, new { sessionKind = session.Kind, anonymousId = anonymousId is { Length: > 0 and <= 100 } && !anonymousId.Any(char.IsControl) ? anonymousId : null }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new LoginResult(token, "Bearer", session.ExpiresAt, ToMe(user));
        }, ct).ConfigureAwait(false);
    }

    public async Task LogoutAsync(string sessionId, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        await transactions.RunAsync<bool>(db, async c =>
            await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), c).ConfigureAwait(false) > 0, ct).ConfigureAwait(false);
    }

    public async Task<MeResponse?> MeAsync(string userEcosystemId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        return user is null ? null : ToMe(user);
    }

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

        return await transactions.RunAsync<UserDto>(db, async c =>
        {
            var user = await db.Users.ForUpdate().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (user is null) return Error.NotFound("USER_NOT_FOUND", "No such user.");
            var before = user.Snapshot();
            var action = enable ? "enable" : "disable";
            if (!user.TryTransition(action, time.UtcNowStored()))
            {
                return Error.Conflict(enable ? "ALREADY_ENABLED" : "ALREADY_DISABLED", $"The user is already {user.Status.ToString().ToLowerInvariant()}.");
            }

            if (!enable)
            {
                var now = time.UtcNowStored();
                await db.Sessions.Where(s => s.UserEcosystemId == userEcosystemId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), c).ConfigureAwait(false);
            }

            db.AuditLog.Add(AuditEntry.Create(op, time, enable ? "user.enabled" : "user.disabled", "user", user.UserEcosystemId, before, user.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, enable ? "com.ecosystem.user.account.enabled" : "com.ecosystem.user.account.disabled", user.UserEcosystemId, null));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToDto(user);
        }, ct).ConfigureAwait(false);
    }

    public async Task<Result<UserDto>> CreateAsync(string? username, string? email, string? displayName, string? password, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var v = new Validator().Text(username, "username", 64).Text(email, "email", 254).Text(password, "password", 256);
        v.Require(username is null || System.Text.RegularExpressions.Regex.IsMatch(username.Trim(), "^[A-Za-z0-9._-]{3,64}$"), "username", "username must be 3-64 letters, digits, '.', '_' or '-'.");
        v.Require(email is null || (email.Contains('@', StringComparison.Ordinal) && email.Trim().Length >= 3), "email", "email is not a valid address.");
        v.Require(password is null || password.Length >= 8, "password", "password must be at least 8 characters.");
        v.Require(roles.Count > 0 && roles.All(Ecosystem.Platform.Security.Roles.All.Contains), "roles", "roles must be known roles.");
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

    /// <summary>Demo users bypass the password-length rule: their password is their username, as the seed requires.</summary>
    public async Task<Result<UserDto>> CreateDemoAsync(string username, string displayName, string role, CancellationToken ct) =>
        await transactions.RunAsync<UserDto>(db, async c =>
        {
            var user = User.Create(Ids.New("usr", time), username, username + "@demo.ecosystem.local", displayName, [role], PasswordHasher.Hash(username), time.UtcNowStored());
            db.Users.Add(user);
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.created", "user", user.UserEcosystemId, null, user.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.account.created", user.UserEcosystemId, new { roles = new[] { role }, demo = true }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToDto(user);
        }, ct).ConfigureAwait(false);

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

    private static MeResponse ToMe(User u) => new(u.UserEcosystemId, u.Username, u.DisplayName, u.Email, u.Roles, u.Status.ToString().ToLowerInvariant());

    private static UserDto ToDto(User u) => new(u.UserEcosystemId, u.Username, u.Email, u.DisplayName, u.Roles, u.Status.ToString().ToLowerInvariant(), u.CreatedAt);
}
