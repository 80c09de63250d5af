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
internal sealed class IdentityService(IdentityDbContext db, Transactions transactions, LoginThrottle throttle, SessionPolicy sessions, SessionCache sessionCache, OperationContext op, TimeProvider time) : IUserDirectory
{
    public static readonly Error InvalidCredentials = new("INVALID_CREDENTIALS", 401, "Username or password is wrong.");
    public static readonly Error Disabled = Error.Forbidden("ACCOUNT_DISABLED", "This account is disabled. Contact an administrator.");
    public static readonly Error CurrentPasswordWrong = Error.Forbidden("CURRENT_PASSWORD_WRONG", "The current password is wrong.");

    private static Error TooManyAttempts(TimeSpan wait) =>
        new("TOO_MANY_ATTEMPTS", 429, $"Too many failed attempts. Try again in {Math.Max(1, Math.Ceiling(wait.TotalMinutes))} minute(s).") { RetryAfter = wait };

    /// <param name="anonymousId">The visitor's anonymous analytics id, if any: the login event carries it so Analytics links the pre-login journey to the person.</param>
    /// <param name="previousToken">The session token the browser presented when it logged in, if any: it is revoked, so a session id from before the login is never carried over (no session fixation).</param>
    public async Task<Result<LoginResult>> LoginAsync(string? username, string? password, string ip, SessionKind kind, string? anonymousId, CancellationToken ct, string? previousToken = null)
    {
        var v = new Validator().Text(username, "username", 64).Text(password, "password", 256);
        if (!v.IsValid) return v.ToError();
        var name = User.Normalize(username!);
        if (throttle.RetryAfter(name, ip) is { } wait) return TooManyAttempts(wait);

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
            LastSeenAt = now,
            ExpiresAt = now + sessions.Absolute,
        };
        var previousHash = previousToken is { Length: >= 10 and <= 200 } ? SessionTokens.Hash(previousToken) : null;
        var newHash = needsRehash ? PasswordHasher.Hash(password!) : null;
        var result = await transactions.RunAsync<LoginResult>(db, async c =>
        {
            if (newHash is not null) user.UpgradePasswordHash(newHash);
            if (previousHash is not null)
            {
                await db.Sessions.Where(s => s.TokenHash == previousHash && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), c).ConfigureAwait(false);
            }

            db.Sessions.Add(session);
            db.AuditLog.Add(AuditEntry.Create(op, time, "user.logged_in", "user", user.UserEcosystemId, null, new { sessionId = session.Id, kind = session.Kind }));
            db.Outbox.Add(OutboxMessage.Create(op, time, IdentityEvents.LoggedIn, user.UserEcosystemId, new LoggedInPayload(session.Kind == SessionKind.Cookie ? "cookie" : "bearer", anonymousId is { Length: > 0 and <= 100 } && !anonymousId.Any(char.IsControl) ? anonymousId : null)));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new LoginResult(token, "Bearer", session.ExpiresAt, ToMe(user));
        }, ct).ConfigureAwait(false);
        if (previousHash is not null) sessionCache.Invalidate();
        return result;
    }

    /// <summary>Ends the caller's session (cookie or token) at once; with <paramref name="everywhere"/>, every session of that person.</summary>
    public async Task LogoutAsync(string sessionId, bool everywhere, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        await transactions.RunAsync<bool>(db, async c =>
        {
            if (!everywhere)
            {
                return await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), c).ConfigureAwait(false) > 0;
            }

            var owner = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.UserEcosystemId).SingleOrDefaultAsync(c).ConfigureAwait(false);
            return owner is not null && await RevokeSessionsAsync(owner, null, now, c).ConfigureAwait(false) > 0;
        }, ct).ConfigureAwait(false);
        sessionCache.Invalidate(); // after the commit: a revoked session is refused at once on this instance
    }

    /// <summary>Revokes every live session (cookies and bearer tokens) of a person, except <paramref name="keep"/>. Call inside a transaction.</summary>
    private Task<int> RevokeSessionsAsync(string userEcosystemId, string? keep, DateTimeOffset now, CancellationToken ct) =>
        db.Sessions.Where(s => s.UserEcosystemId == userEcosystemId && s.RevokedAt == null && (keep == null || s.Id != keep))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);

    /// <summary>
    /// The signed-in person changes their password. The current password must be right (a wrong one counts as a failed
    /// login for the throttle); the new one follows <see cref="PasswordPolicy"/>. Every other session of the person ends
    /// in the same transaction; the one that made the change stays signed in.
    /// </summary>
    public async Task<Result<bool>> ChangePasswordAsync(string userEcosystemId, string currentSessionId, string? currentPassword, string? newPassword, string ip, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        if (user is null) return Error.NotFound("USER_NOT_FOUND", "No such user.");
        var v = new Validator().Text(currentPassword, "currentPassword", PasswordPolicy.MaxLength);
        PasswordPolicy.Check(v, "newPassword", newPassword, user.Username);
        v.Require(newPassword is null || currentPassword is null || newPassword != currentPassword, "newPassword", "newPassword must differ from the current password.");
        if (!v.IsValid) return v.ToError();
        if (throttle.RetryAfter(user.Username, ip) is { } wait) return TooManyAttempts(wait);
        if (!PasswordHasher.Verify(currentPassword!, user.PasswordHash, out _))
        {
            throttle.RecordFailure(user.Username, ip);
            return CurrentPasswordWrong;
        }

        return await SetPasswordAsync(user.UserEcosystemId, user.Version, PasswordHasher.Hash(newPassword!), keepSession: currentSessionId, byAdmin: false, ct).ConfigureAwait(false);
    }

    /// <summary>An administrator sets a new password for someone else; all of that person's sessions end.</summary>
    public async Task<Result<bool>> ResetPasswordAsync(string userEcosystemId, string? newPassword, CancellationToken ct)
    {
        if (userEcosystemId == op.ActorId) return Error.Conflict("CANNOT_RESET_OWN_PASSWORD", "Change your own password with your current one (POST /api/me/password).");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        var v = new Validator();
        PasswordPolicy.Check(v, "newPassword", newPassword, user?.Username);
        if (!v.IsValid) return v.ToError();
        if (user is null) return Error.NotFound("USER_NOT_FOUND", "No such user.");
        return await SetPasswordAsync(user.UserEcosystemId, user.Version, PasswordHasher.Hash(newPassword!), keepSession: null, byAdmin: true, ct).ConfigureAwait(false);
    }

    /// <summary>The hash is computed before the transaction (PBKDF2 takes a while); the row changes only if its version is still the one read.</summary>
    private async Task<Result<bool>> SetPasswordAsync(string userEcosystemId, int expectedVersion, string hash, string? keepSession, bool byAdmin, CancellationToken ct)
    {
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var user = await db.Users.ForUpdate().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (user is null) return Error.NotFound("USER_NOT_FOUND", "No such user.");
            if (user.Version != expectedVersion) return Error.Conflict("CONCURRENT_UPDATE", "The account changed at the same moment. Try again.");
            var now = time.UtcNowStored();
            var before = new { user.Version };
            user.SetPassword(hash, now);
            var revoked = await RevokeSessionsAsync(user.UserEcosystemId, keepSession, now, c).ConfigureAwait(false);
            db.AuditLog.Add(AuditEntry.Create(op, time, byAdmin ? "user.password_reset" : "user.password_changed", "user", user.UserEcosystemId,
                before, new { user.Version, sessionsRevoked = revoked }));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.account.password_changed", user.UserEcosystemId, new { byAdmin }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        sessionCache.Invalidate();
        return result;
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

            if (!enable) await RevokeSessionsAsync(userEcosystemId, null, time.UtcNowStored(), c).ConfigureAwait(false);

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
