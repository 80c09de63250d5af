using System.Collections.Concurrent;

namespace Ecosystem.Identity.Sessions;

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
