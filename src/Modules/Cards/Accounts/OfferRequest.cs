namespace Ecosystem.Cards.Accounts;

/// <summary>A pre-approved limit in minor units of <c>Currency</c>.</summary>
public sealed record OfferRequest(long? Limit, string? Currency);
