using Ecosystem.Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Sessions;

internal static class SessionRevocation
{
    /// <summary>Revokes every live session (cookies and bearer tokens) of a person, except <paramref name="keep"/>. Call inside a transaction.</summary>
    public static Task<int> RevokeSessionsAsync(this IdentityDbContext db, string userEcosystemId, string? keep, DateTimeOffset now, CancellationToken ct) =>
        db.Sessions.Where(s => s.UserEcosystemId == userEcosystemId && s.RevokedAt == null && (keep == null || s.Id != keep))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
}
