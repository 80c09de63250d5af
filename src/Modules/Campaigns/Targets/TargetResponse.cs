namespace Ecosystem.Campaigns.Targets;

/// <summary>One target as the target table shows it.</summary>
public sealed record TargetResponse(string TargetId, string CampaignId, string Msisdn, string Country, string? Name, string? UserEcosystemId, IReadOnlyList<string?> Variables,
    string Status, string? ErrorCode, string? MessageId, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, DateTimeOffset LastUpdateAt, int Line);
