namespace Ecosystem.Cards.Accounts;

/// <summary>A card as the API shows it; limits are minor units of <c>Currency</c>.</summary>
public sealed record CardResponse(
    string UserEcosystemId, string Status, long PreapprovedLimit, long CurrentLimit, long AvailableLimit, string Currency,
    long LimitCap, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastResetAt, DateTimeOffset? SignedAt);
