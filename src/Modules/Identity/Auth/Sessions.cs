using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Domain;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Identity.Auth;

/// <summary>Opaque, random session tokens; only their SHA-256 is stored.</summary>
internal static class SessionTokens
{
    public static string NewToken() => "eco_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// Session lifetimes, the same for cookies and bearer tokens (<c>Ecosystem:Sessions:*</c>): a session ends after
/// <see cref="Idle"/> without a request (default 30 minutes) and at the latest <see cref="Absolute"/> after login
/// (default 12 hours). The last-seen time is written at most every <see cref="TouchEvery"/>, not on every request.
/// </summary>
internal sealed record SessionPolicy(TimeSpan Idle, TimeSpan Absolute)
{
    public static SessionPolicy From(IConfiguration configuration)
    {
        var idle = configuration.GetValue("Ecosystem:Sessions:IdleMinutes", 30.0);
        var absolute = configuration.GetValue("Ecosystem:Sessions:AbsoluteHours", 12.0);
        if (idle <= 0 || absolute <= 0) throw new InvalidOperationException("Ecosystem:Sessions:IdleMinutes and AbsoluteHours must be positive.");
        return new SessionPolicy(TimeSpan.FromMinutes(idle), TimeSpan.FromHours(absolute));
    }

    /// <summary>One minute, or less for very short idle timeouts, so the idle timeout stays accurate to a few percent.</summary>
    public TimeSpan TouchEvery => Idle < TimeSpan.FromMinutes(10) ? Idle / 10 : TimeSpan.FromMinutes(1);
}

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

/// <summary>What a valid session resolves to.</summary>
internal sealed record ValidSession(string Id, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string UserEcosystemId, string Username, string DisplayName, string RolesText);

/// <summary>
/// Validated sessions, kept for <see cref="Lifetime"/> so a busy client does not cost a database read per request
/// (issue 4: 14 % of an authorization's CPU on SQLite, 28 % on PostgreSQL). Timeouts are still checked on every
/// request. Anything that revokes a session or disables a user calls <see cref="Invalidate"/>, so on this instance
/// the change takes effect at once; other instances (PostgreSQL deployments) see it within <see cref="Lifetime"/>
/// (ADR 0004). A generation number stops a read that started before an invalidation from caching its stale answer.
/// </summary>
internal sealed class SessionCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    private sealed record Entry(ValidSession Session, long Generation, DateTimeOffset CachedAt);

    public long Generation => Interlocked.Read(ref generation);

    public ValidSession? Get(string tokenHash, DateTimeOffset now) =>
        entries.TryGetValue(tokenHash, out var e) && e.Generation == Generation && now - e.CachedAt < Lifetime && now >= e.CachedAt ? e.Session : null;

    /// <summary>Caches a session read when the cache was at <paramref name="readGeneration"/>; ignored if it moved since.</summary>
    public void Put(string tokenHash, ValidSession session, long readGeneration, DateTimeOffset now)
    {
        if (readGeneration != Generation) return;
        if (entries.TryGetValue(tokenHash, out var existing) && existing.Generation == readGeneration && existing.Session == session && now - existing.CachedAt < Lifetime / 2) return;
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[tokenHash] = new Entry(session, readGeneration, now);
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }
}
