namespace Ecosystem.Analytics.WriteKeys;

public sealed record WriteKeyDto(string Id, string Name, string KeyPrefix, string Policy, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);
