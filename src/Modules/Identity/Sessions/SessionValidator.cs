using System.Security.Claims;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Sessions;

/// <summary>
/// Resolves a token to its principal: the session must be unrevoked, within its absolute and idle timeouts, and its
/// user active. A session last seen more than <see cref="SessionPolicy.TouchEvery"/> ago gets its last-seen time
/// moved by one conditional update (compare-and-set on the old value), so a busy session writes once a minute at most.
/// </summary>
internal sealed class SessionValidator(IdentityDbContext db, TimeProvider time, SessionPolicy policy, Transactions transactions, SessionCache cache)
{
    public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 10 or > 200) return null;
        var hash = SessionTokens.Hash(token);
        var now = time.UtcNowStored();
        var idleCutoff = now - policy.Idle;
        var generation = cache.Generation;
        var row = cache.Get(hash, now);
        if (row is null)
        {
            row = await (from s in db.Sessions.AsNoTracking()
                         join u in db.Users.AsNoTracking() on s.UserEcosystemId equals u.UserEcosystemId
                         where s.TokenHash == hash && s.RevokedAt == null && s.ExpiresAt > now && s.LastSeenAt > idleCutoff && u.Status == UserStatus.Active
                         select new ValidSession(s.Id, s.LastSeenAt, s.ExpiresAt, u.UserEcosystemId, u.Username, u.DisplayName, u.RolesText)).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (row is null) return null;
        }
        else if (row.ExpiresAt <= now || row.LastSeenAt <= idleCutoff)
        {
            return null;
        }

        if (now - row.LastSeenAt >= policy.TouchEvery)
        {
            var seen = row.LastSeenAt;
            await transactions.WriteBookkeepingAsync(db, c => db.Sessions.Where(s => s.Id == row.Id && s.LastSeenAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), c), ct).ConfigureAwait(false);

            row = row with { LastSeenAt = now };
        }

        cache.Put(hash, row, generation, now);
        var claims = new List<Claim>
        {
            new(EcosystemClaims.UserEcosystemId, row.UserEcosystemId),
            new(EcosystemClaims.Username, row.Username),
            new(EcosystemClaims.DisplayName, row.DisplayName),
            new(EcosystemClaims.SessionId, row.Id),
        };
        claims.AddRange(row.RolesText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(EcosystemClaims.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, EcosystemClaims.Scheme, EcosystemClaims.Username, EcosystemClaims.Role));
    }
}
