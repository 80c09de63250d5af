namespace Ecosystem.Campaigns.Sending;

/// <summary>The send policy's answer: the step, when to look again (waits and retries), the error code (failures, throttles) and the throttle counters after it.</summary>
public sealed record SendDecision(SendStep Step, DateTimeOffset? At, string? ErrorCode, ThrottleState Throttle);
