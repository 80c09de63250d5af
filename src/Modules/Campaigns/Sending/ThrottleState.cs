namespace Ecosystem.Campaigns.Sending;

/// <summary>A throttle bucket's counters: sends in the second that started at <see cref="SecondStart"/> and in the minute that started at <see cref="MinuteStart"/>.</summary>
public sealed record ThrottleState(DateTimeOffset SecondStart, int SecondCount, DateTimeOffset MinuteStart, int MinuteCount)
{
    public static readonly ThrottleState Empty = new(DateTimeOffset.MinValue, 0, DateTimeOffset.MinValue, 0);
}
