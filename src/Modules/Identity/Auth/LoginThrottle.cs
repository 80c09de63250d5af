using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Identity.Auth;

/// <summary>
/// Failed-login limits per account and per client IP over a sliding window (defaults: 5 per account, 20 per IP in
/// 15 minutes; <c>Ecosystem:Auth:*</c>). While over a limit every attempt is refused with 429, even a correct one.
/// Kept in memory: with several instances each enforces its own window.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);
    private readonly int perAccount = configuration.GetValue("Ecosystem:Auth:MaxFailuresPerAccount", 5);
    private readonly int perIp = configuration.GetValue("Ecosystem:Auth:MaxFailuresPerIp", 20);
    private readonly TimeSpan window = TimeSpan.FromMinutes(configuration.GetValue("Ecosystem:Auth:FailureWindowMinutes", 15));

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
    }

    public void RecordSuccess(string username) => failures.TryRemove("u:" + username, out _);

    private TimeSpan? Wait(string key, int limit)
    {
        if (!failures.TryGetValue(key, out var queue)) return null;
        lock (queue)
        {
            Prune(queue);
            return queue.Count >= limit ? queue.Peek() + window - time.GetUtcNow() : null;
        }
    }

    private void Add(string key)
    {
        var queue = failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Prune(queue);
            queue.Enqueue(time.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> queue)
    {
        var cutoff = time.GetUtcNow() - window;
        while (queue.Count > 0 && queue.Peek() < cutoff) queue.Dequeue();
    }
}
