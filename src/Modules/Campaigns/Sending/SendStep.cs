namespace Ecosystem.Campaigns.Sending;

/// <summary>What the send policy says to do with a target now.</summary>
public enum SendStep
{
    /// <summary>Send it now (the throttle's counters already count it).</summary>
    SendNow,

    /// <summary>Inside its country's quiet hours: stays queued until <see cref="SendDecision.At"/>.</summary>
    WaitUntil,

    /// <summary>Over the throttle, the tier's unique-recipient cap or the per-recipient rate: <c>queued_throttled</c>, retried at <see cref="SendDecision.At"/>.</summary>
    Throttled,

    /// <summary>The number opted out: <c>opted_out</c>, never sent.</summary>
    OptedOut,

    /// <summary>Given up: <c>failed</c> with <see cref="SendDecision.ErrorCode"/>.</summary>
    Failed,
}
