using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Sessions;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Passwords;

/// <summary>A person changes their own password; an administrator resets someone else's. Either way other sessions end.</summary>
internal sealed class PasswordService(IdentityDbContext db, Transactions transactions, LoginThrottle throttle, SessionCache sessionCache, OperationContext op, TimeProvider time)
{
    public static readonly Error CurrentPasswordWrong = Error.Forbidden("CURRENT_PASSWORD_WRONG", "The current password is wrong.");

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
        v.Require(newPassword is null || currentPassword is null || newPassword != currentPassword, "newPassword", "The new password must be different from the current one.");
        if (!v.IsValid) return v.ToError();
        if (throttle.RetryAfter(user.Username, ip) is { } wait) return AuthService.TooManyAttempts(wait);
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
            var revoked = await db.RevokeSessionsAsync(user.UserEcosystemId, keepSession, now, c).ConfigureAwait(false);
            db.AuditLog.Add(AuditEntry.Create(op, time, byAdmin ? "user.password_reset" : "user.password_changed", "user", user.UserEcosystemId,
                before, new { user.Version, sessionsRevoked = revoked }));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.user.account.password_changed", user.UserEcosystemId, new { byAdmin }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        sessionCache.Invalidate();
        return result;
    }

}
