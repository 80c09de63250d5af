using Ecosystem.Campaigns.Settings;

namespace Ecosystem.Campaigns.Sending;

/// <summary>
/// Everything the send policy looks at for one target: its country's quiet hours and time zone (null: none), the
/// bucket's limits and counters, the tier's unique recipients in the last 24 hours (and whether this number is already
/// one of them), the messages this number got in the last 24 hours, whether it opted out, and the time.
/// </summary>
public sealed record SendContext(
    QuietHours? QuietHours,
    TimeZoneInfo? TimeZone,
    ThrottleBucket Limits,
    ThrottleState Throttle,
    int UniqueRecipientsToday,
    bool RecipientCountedToday,
    int RecipientMessagesToday,
    bool OptedOut,
    DateTimeOffset Now);
