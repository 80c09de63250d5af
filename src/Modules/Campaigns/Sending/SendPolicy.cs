namespace Ecosystem.Campaigns.Sending;

/// <summary>
/// The one send policy (issue 21 point 5): a pure function from a target's situation to its next step. Order: an
/// opted-out number is never sent (<c>opted_out</c>); inside its country's quiet hours (in that country's time zone,
/// spanning midnight when the end is before the start) it waits until they end; over the per-recipient rate, the
/// tier's unique-recipient cap or the bucket's throttle (per second: per_minute / 60 rounded up; per minute:
/// per_minute) it is throttled until the window reopens; else it is sent now. <see cref="AfterSend"/> decides what a
/// provider's answer means: transient errors are retried with backoff, the throughput errors (130429, 131056)
/// throttle, anything else fails with its code. <see cref="EstimateFinish"/> runs the same rules forward.
/// </summary>
public static class SendPolicy
{
    public const int MaxAttempts = 5;

    /// <summary>The Cloud API's "rate limit hit" (throughput) and "pair rate limit" (too many messages to one number).</summary>
    public static readonly IReadOnlySet<string> ThrottleCodes = new HashSet<string>(StringComparer.Ordinal) { "130429", "131056" };

    public static SendDecision Decide(SendContext c)
    {
        if (c.OptedOut) return new(SendStep.OptedOut, null, "OPTED_OUT", c.Throttle);
        if (QuietUntil(c.QuietHours, c.TimeZone, c.Now) is { } end) return new(SendStep.WaitUntil, end, null, c.Throttle);
        if (c.Limits.PerRecipientPerDay is { } perRecipient && c.RecipientMessagesToday >= perRecipient)
        {
            return new(SendStep.Throttled, c.Now.AddHours(1), "131056", c.Throttle);
        }

        if (c.Limits.UniqueRecipientsPerDay is { } tier && !c.RecipientCountedToday && c.UniqueRecipientsToday >= tier)
        {
            return new(SendStep.Throttled, c.Now.AddHours(1), "TIER_LIMIT", c.Throttle);
        }

        var throttle = Roll(c.Throttle, c.Now);
        if (throttle.MinuteCount >= c.Limits.PerMinute) return new(SendStep.Throttled, throttle.MinuteStart.AddMinutes(1), "THROTTLED", throttle);
        if (throttle.SecondCount >= PerSecond(c.Limits.PerMinute)) return new(SendStep.Throttled, throttle.SecondStart.AddSeconds(1), "THROTTLED", throttle);
        return new(SendStep.SendNow, null, null, throttle with { SecondCount = throttle.SecondCount + 1, MinuteCount = throttle.MinuteCount + 1 });
    }

    /// <summary>How many more sends the bucket allows right now (the dispatcher claims at most this many).</summary>
    public static int Budget(ThrottleState state, int perMinute, DateTimeOffset now)
    {
        var t = Roll(state, now);
        return Math.Max(0, Math.Min(perMinute - t.MinuteCount, PerSecond(perMinute) - t.SecondCount));
    }

    /// <summary>When the bucket next allows a send (now when it does).</summary>
    public static DateTimeOffset NextSlot(ThrottleState state, int perMinute, DateTimeOffset now)
    {
        var t = Roll(state, now);
        if (t.MinuteCount >= perMinute) return t.MinuteStart.AddMinutes(1);
        if (t.SecondCount >= PerSecond(perMinute)) return t.SecondStart.AddSeconds(1);
        return now;
    }

    public static int PerSecond(int perMinute) => (perMinute + 59) / 60;

    /// <summary>
    /// A provider's answer to a send: accepted → <c>sent</c> (null step); a throughput error → throttled and retried;
    /// a transient error → back in the queue with backoff (30 s, 1, 2, 4 min), failed after <see cref="MaxAttempts"/>;
    /// a permanent error → failed with its code.
    /// </summary>
    public static SendDecision? AfterSend(SendOutcome outcome, int attempts, DateTimeOffset now)
    {
        if (outcome.Accepted) return null;
        var code = outcome.ErrorCode ?? "UNKNOWN_ERROR";
        if (attempts >= MaxAttempts) return new(SendStep.Failed, null, code, ThrottleState.Empty);
        if (ThrottleCodes.Contains(code)) return new(SendStep.Throttled, now + Backoff(attempts), code, ThrottleState.Empty);
        if (outcome.Transient) return new(SendStep.WaitUntil, now + Backoff(attempts), code, ThrottleState.Empty);
        return new(SendStep.Failed, null, code, ThrottleState.Empty);
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 10)));

    /// <summary>The end of the quiet hours <paramref name="now"/> falls in (in the zone's own time), or null outside them.</summary>
    public static DateTimeOffset? QuietUntil(Settings.QuietHours? hours, TimeZoneInfo? zone, DateTimeOffset now)
    {
        if (hours is null || zone is null) return null;
        if (!Settings.QuietHours.TryParseTime(hours.Start, out var start) || !Settings.QuietHours.TryParseTime(hours.End, out var end) || start == end) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var date = DateOnly.FromDateTime(local.DateTime);
        DateOnly endDate;
        if (start < end)
        {
            if (time < start || time >= end) return null;
            endDate = date;
        }
        else
        {
            if (time < start && time >= end) return null;
            endDate = time >= start ? date.AddDays(1) : date;
        }

        return LocalToUtc(endDate.ToDateTime(end), zone);
    }

    /// <summary>
    /// When a campaign with <paramref name="remainingByCountry"/> open targets will be done at <paramref name="perMinute"/>,
    /// each country sending only outside its quiet hours: the policy run forward minute by minute (null beyond 60 days).
    /// </summary>
    public static DateTimeOffset? EstimateFinish(IReadOnlyDictionary<string, int> remainingByCountry, Func<string, (Settings.QuietHours?, TimeZoneInfo?)> quiet, int perMinute, DateTimeOffset now)
    {
        var left = remainingByCountry.Where(r => r.Value > 0).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        if (left.Count == 0) return now;
        var rules = left.Keys.ToDictionary(k => k, quiet, StringComparer.Ordinal);
        var t = now;
        for (var minute = 0; minute < 60 * 24 * 60; minute++)
        {
            var budget = perMinute;
            DateTimeOffset? quietEnd = null;
            foreach (var country in left.Keys.ToList())
            {
                var (hours, zone) = rules[country];
                if (QuietUntil(hours, zone, t) is { } end)
                {
                    quietEnd = quietEnd is null || end < quietEnd ? end : quietEnd;
                    continue;
                }

                var sent = Math.Min(budget, left[country]);
                left[country] -= sent;
                budget -= sent;
                if (left[country] == 0)
                {
                    left.Remove(country);
                    if (left.Count == 0) return t + TimeSpan.FromMinutes((double)(perMinute - budget) / perMinute);
                }
            }

            // Every open country is quiet: jump to the first end instead of walking through the night.
            t = budget == perMinute && quietEnd is { } jump && jump > t ? jump : t.AddMinutes(1);
        }

        return null;
    }

    private static ThrottleState Roll(ThrottleState s, DateTimeOffset now)
    {
        var second = now - s.SecondStart >= TimeSpan.FromSeconds(1) || now < s.SecondStart ? (Start: Truncate(now), Count: 0) : (Start: s.SecondStart, Count: s.SecondCount);
        var minute = now - s.MinuteStart >= TimeSpan.FromMinutes(1) || now < s.MinuteStart ? (Start: Truncate(now), Count: 0) : (Start: s.MinuteStart, Count: s.MinuteCount);
        return new ThrottleState(second.Start, second.Count, minute.Start, minute.Count);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time the clocks skip (spring forward) does not exist: the quiet hours end when it would have.
        while (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }
}
