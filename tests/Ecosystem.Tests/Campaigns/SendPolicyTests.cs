using Ecosystem.Campaigns.Sending;
using Ecosystem.Campaigns.Settings;

namespace Ecosystem.Tests.Campaigns;

/// <summary>The one send policy as a pure function: quiet hours across midnight and time zones, throttle edges, tier, opt-out, provider errors, the estimate.</summary>
public sealed class SendPolicyTests
{
    private static readonly TimeZoneInfo Kigali = TimeZoneInfo.FindSystemTimeZoneById("Africa/Kigali");
    private static readonly TimeZoneInfo Malta = TimeZoneInfo.FindSystemTimeZoneById("Europe/Malta");
    private static readonly QuietHours Night = new("22:00", "06:00");

    private static SendContext At(DateTimeOffset now, QuietHours? quiet = null, TimeZoneInfo? zone = null, ThrottleState? throttle = null, int perMinute = 600, bool optedOut = false,
        int? tier = null, int unique = 0, bool counted = false, int? perRecipient = null, int recipientToday = 0) =>
        new(quiet, zone, new ThrottleBucket(perMinute, tier, perRecipient), throttle ?? ThrottleState.Empty, unique, counted, recipientToday, optedOut, now);

    [Fact]
    public void Quiet_hours_spanning_midnight_hold_the_target_until_they_end_in_the_countrys_time()
    {
        // 20:30 UTC is 22:30 in Kigali (UTC+2): quiet until 06:00 Kigali = 04:00 UTC the next day.
        var d = SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 3, 20, 30, 0, TimeSpan.Zero), Night, Kigali));
        Assert.Equal(SendStep.WaitUntil, d.Step);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero), d.At);
        // 03:00 UTC = 05:00 Kigali: after midnight, still quiet until 06:00 the same day.
        var early = SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero), Night, Kigali));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero), early.At);
        // 04:00 UTC = 06:00 Kigali: the end is not quiet any more; 19:59 UTC = 21:59 not yet quiet.
        Assert.Equal(SendStep.SendNow, SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero), Night, Kigali)).Step);
        Assert.Equal(SendStep.SendNow, SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 4, 19, 59, 0, TimeSpan.Zero), Night, Kigali)).Step);
        Assert.Equal(SendStep.WaitUntil, SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero), Night, Kigali)).Step);
    }

    [Fact]
    public void The_same_utc_moment_is_quiet_in_one_country_and_not_in_another()
    {
        // 21:30 UTC in December: 23:30 in Kigali (quiet), 22:30 in Malta (UTC+1) where quiet hours start at 23:00.
        var now = new DateTimeOffset(2026, 12, 3, 21, 30, 0, TimeSpan.Zero);
        Assert.Equal(SendStep.WaitUntil, SendPolicy.Decide(At(now, Night, Kigali)).Step);
        Assert.Equal(SendStep.SendNow, SendPolicy.Decide(At(now, new QuietHours("23:00", "07:00"), Malta)).Step);
        // In July Malta is UTC+2 (summer time): 21:30 UTC is 23:30 there, quiet until 07:00 local = 05:00 UTC.
        var july = SendPolicy.Decide(At(new DateTimeOffset(2026, 7, 3, 21, 30, 0, TimeSpan.Zero), new QuietHours("23:00", "07:00"), Malta));
        Assert.Equal(new DateTimeOffset(2026, 7, 4, 5, 0, 0, TimeSpan.Zero), july.At);
        // Daytime quiet hours (start before end) and none at all.
        Assert.Equal(SendStep.WaitUntil, SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 3, 11, 0, 0, TimeSpan.Zero), new QuietHours("12:00", "14:00"), Kigali)).Step);
        Assert.Equal(SendStep.SendNow, SendPolicy.Decide(At(new DateTimeOffset(2026, 12, 3, 21, 0, 0, TimeSpan.Zero), null, Kigali)).Step);
    }

    [Fact]
    public void The_throttle_allows_per_minute_over_sixty_per_second_and_reopens_at_the_window_edge()
    {
        var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var state = ThrottleState.Empty;
        var sent = 0;
        for (var i = 0; i < 15; i++)
        {
            var d = SendPolicy.Decide(At(now, throttle: state, perMinute: 600));
            if (d.Step != SendStep.SendNow) { Assert.Equal(SendStep.Throttled, d.Step); Assert.Equal(now.AddSeconds(1), d.At); break; }
            state = d.Throttle;
            sent++;
        }

        Assert.Equal(10, sent);
        Assert.Equal(0, SendPolicy.Budget(state, 600, now.AddMilliseconds(999)));
        Assert.Equal(10, SendPolicy.Budget(state, 600, now.AddSeconds(1)));

        // 90 a minute: 2 a second until the minute's 90 are used, then nothing until the minute ends.
        var slow = ThrottleState.Empty;
        var total = 0;
        for (var s = 0; s < 60; s++) for (var k = 0; k < 3; k++)
        {
            var d = SendPolicy.Decide(At(now.AddSeconds(s), throttle: slow, perMinute: 90));
            if (d.Step == SendStep.SendNow) { slow = d.Throttle; total++; }
        }

        Assert.Equal(90, total);
        Assert.Equal(2, SendPolicy.Budget(slow, 90, now.AddSeconds(60)));
    }

    [Fact]
    public void Opt_out_wins_over_everything_and_tier_and_per_recipient_caps_throttle()
    {
        var now = new DateTimeOffset(2026, 12, 3, 20, 30, 0, TimeSpan.Zero);
        Assert.Equal(SendStep.OptedOut, SendPolicy.Decide(At(now, Night, Kigali, optedOut: true)).Step);
        var day = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal((SendStep.Throttled, "TIER_LIMIT"), (SendPolicy.Decide(At(day, tier: 250, unique: 250)).Step, SendPolicy.Decide(At(day, tier: 250, unique: 250)).ErrorCode));
        Assert.Equal(SendStep.SendNow, SendPolicy.Decide(At(day, tier: 250, unique: 250, counted: true)).Step);
        Assert.Equal("131056", SendPolicy.Decide(At(day, perRecipient: 1, recipientToday: 1)).ErrorCode);
    }

    [Fact]
    public void Provider_answers_throttle_retry_with_backoff_or_fail_with_the_code()
    {
        var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.Null(SendPolicy.AfterSend(SendOutcome.Sent("wamid.1"), 1, now));
        Assert.Equal(SendStep.Throttled, SendPolicy.AfterSend(SendOutcome.Error("130429", true), 1, now)!.Step);
        var transient = SendPolicy.AfterSend(SendOutcome.Error("500", true), 2, now)!;
        Assert.Equal((SendStep.WaitUntil, now.AddSeconds(60)), (transient.Step, transient.At));
        Assert.Equal((SendStep.Failed, "131026"), (SendPolicy.AfterSend(SendOutcome.Error("131026", false), 1, now)!.Step, SendPolicy.AfterSend(SendOutcome.Error("131026", false), 1, now)!.ErrorCode));
        Assert.Equal(SendStep.Failed, SendPolicy.AfterSend(SendOutcome.Error("500", true), SendPolicy.MaxAttempts, now)!.Step);
    }

    [Fact]
    public void The_estimate_runs_the_rate_and_skips_the_night()
    {
        var noon = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        (QuietHours?, TimeZoneInfo?) Rule(string c) => c == "rw" ? (Night, Kigali) : (null, null);
        Assert.Equal(noon.AddMinutes(10), SendPolicy.EstimateFinish(new Dictionary<string, int> { ["rw"] = 6_000 }, Rule, 600, noon));
        // From 19:55 UTC: 5 minutes (3,000) before 22:00 Kigali, the other 3,000 from 04:00 UTC.
        var late = new DateTimeOffset(2026, 12, 3, 19, 55, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 4, 5, 0, TimeSpan.Zero), SendPolicy.EstimateFinish(new Dictionary<string, int> { ["rw"] = 6_000 }, Rule, 600, late));
    }
}
