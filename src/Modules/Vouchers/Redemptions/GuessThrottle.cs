using System.Collections.Concurrent;
using Ecosystem.Platform;

namespace Ecosystem.Vouchers.Redemptions;

/// <summary>
/// Code guessing is throttled: the code space is 28.6 million codes, so every look-up or redemption of a code that
/// does not exist (or is not the operator's to see) counts as a miss, per operator and per client IP. After
/// <see cref="MaxMissesPerOperator"/> misses of one operator, or <see cref="MaxMissesPerIp"/> from one IP, within
/// <see cref="Window"/>, the station API answers 429 <c>CODE_GUESSES_THROTTLED</c> until the window has passed.
/// Counts are in memory (per instance): a restart forgets them, which costs an attacker a restart, not the code space.
/// </summary>
internal sealed class GuessThrottle(TimeProvider time)
{
    public const int MaxMissesPerOperator = 10;
    public const int MaxMissesPerIp = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static readonly Error Throttled = new("CODE_GUESSES_THROTTLED", 429, "Too many codes that don't exist were tried. Wait 15 minutes and check the code with the customer.") { RetryAfter = Window };

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> misses = new(StringComparer.Ordinal);

    public bool IsBlocked(string operatorId, string ip) =>
        Count("op:" + operatorId) >= MaxMissesPerOperator || Count("ip:" + ip) >= MaxMissesPerIp;

    public void Miss(string operatorId, string ip)
    {
        Add("op:" + operatorId);
        Add("ip:" + ip);
    }

    private int Count(string key)
    {
        if (!misses.TryGetValue(key, out var q)) return 0;
        lock (q)
        {
            Trim(q);
            return q.Count;
        }
    }

    private void Add(string key)
    {
        var q = misses.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            Trim(q);
            q.Enqueue(time.GetUtcNow());
        }
    }

    private void Trim(Queue<DateTimeOffset> q)
    {
        var since = time.GetUtcNow() - Window;
        while (q.Count > 0 && q.Peek() <= since) q.Dequeue();
    }
}
