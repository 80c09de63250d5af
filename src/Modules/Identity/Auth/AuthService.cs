using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Passwords;
using Ecosystem.Identity.Sessions;
using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Auth;

/// <summary>Login, logout and who is signed in. Used by the API and the pages alike.</summary>
internal sealed class AuthService(IdentityDbContext db, Transactions transactions, LoginThrottle throttle, SessionPolicy sessions, SessionCache sessionCache, OperationContext op, TimeProvider time)
{
    public static readonly Error InvalidCredentials = new("INVALID_CREDENTIALS", 401, "Username or password is wrong.");
    public static readonly Error Disabled = Error.Forbidden("ACCOUNT_DISABLED", "This account is disabled. Contact an administrator.");

    internal static Error TooManyAttempts(TimeSpan wait) =>
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
            return owner is not null && await db.RevokeSessionsAsync(owner, null, now, c).ConfigureAwait(false) > 0;
        }, ct).ConfigureAwait(false);
        sessionCache.Invalidate(); // after the commit: a revoked session is refused at once on this instance
    }

    public async Task<MeResponse?> MeAsync(string userEcosystemId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        return user is null ? null : ToMe(user);
    }

    private static MeResponse ToMe(User u) => new(u.UserEcosystemId, u.Username, u.DisplayName, u.Email, u.Roles, u.Status.ToString().ToLowerInvariant());
}
