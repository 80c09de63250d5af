namespace Ecosystem.Campaigns.Sending;

/// <summary>What one dispatcher pass did: messages sent, targets deferred (quiet hours, throttle), opted out, failed, recovered as unknown, and when work is next due.</summary>
public sealed record DispatchPass(int Sent, int Deferred, int OptedOut, int Failed, int Unknown, DateTimeOffset? NextDueAt);
