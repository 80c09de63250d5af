using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Identity.Auth;

/// <summary>
/// Failed-login limits per account and per client IP over a sliding window (defaults: 5 per account, 20 per IP in
/// 15 minutes; <c>Ecosystem:Auth:*</c>). While over a limit every attempt is refused with 429, even a correct one; a
/// success clears the account's counter. A wrong current password on a password change counts as a failure too.
/// Kept in memory: with several instances each enforces its own window. Counters whose failures have all left the
/// window are swept every few thousand failures, so memory stays bounded by the failures of one window.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, IConfiguration configuration)
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, Counter> failures = new(StringComparer.Ordinal);
    private readonly int perAccount = configuration.GetValue("Ecosystem:Auth:MaxFailuresPerAccount", 5);
    private readonly int perIp = configuration.GetValue("Ecosystem:Auth:MaxFailuresPerIp", 20);
    private readonly TimeSpan window = TimeSpan.FromMinutes(configuration.GetValue("Ecosystem:Auth:FailureWindowMinutes", 15.0));
    private int added;

    /// <summary>Returns how long to wait if the account or IP is over its limit, else null.</summary>
    public TimeSpan? RetryAfter(string username, string ip)
    {
        var a = Wait("u:" + username, perAccount);
        var b = Wait("ip:" + ip, perIp);
        return a is null ? b : b is null ? a : a > b ? a : b;
    }

    public void RecordFailure(string username, string ip)
    {
        Add("u:" + username);
        Add("ip:" + ip);
        if (Interlocked.Increment(ref added) % SweepEvery == 0) Sweep();
    }

    public void RecordSuccess(string username)
    {
        if (failures.TryRemove("u:" + username, out var counter))
        {
            lock (counter) counter.Dead = true;
        }
    }

    /// <summary>How many keys are tracked (tests: memory stays bounded).</summary>
    internal int TrackedKeys => failures.Count;

    private TimeSpan? Wait(string key, int limit)
    {
        if (!failures.TryGetValue(key, out var counter)) return null;
        lock (counter)
        {
            Prune(counter.Times);
            return counter.Times.Count >= limit ? counter.Times.Peek() + window - time.GetUtcNow() : null;
        }
    }

    private void Add(string key)
    {
        while (true)
        {
            var counter = failures.GetOrAdd(key, _ => new Counter());
            lock (counter)
            {
                if (counter.Dead) continue; // swept or cleared between the lookup and the lock: take the new one
                Prune(counter.Times);
                counter.Times.Enqueue(time.GetUtcNow());
                return;
            }
        }
    }

    internal void Sweep()
    {
        foreach (var (key, counter) in failures)
        {
            lock (counter)
            {
                Prune(counter.Times);
                if (counter.Times.Count > 0) continue;
                counter.Dead = true;
                failures.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    private void Prune(Queue<DateTimeOffset> queue)
    {
        var cutoff = time.GetUtcNow() - window;
        while (queue.Count > 0 && queue.Peek() < cutoff) queue.Dequeue();
    }

    private sealed class Counter
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public bool Dead { get; set; }
    }
}
