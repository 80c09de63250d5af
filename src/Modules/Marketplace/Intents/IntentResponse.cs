using System.Text.Json;

namespace Ecosystem.Marketplace.Intents;

/// <summary>An intent; a pending one past its expiry answers <c>expired</c> even before the sweep writes it. <c>quotes</c> only on the buyer's own intent.</summary>
public sealed record IntentResponse(
    string IntentId, string BuyerUserId, string Channel, string Category, string Region, string Description, JsonElement? Payload,
    string Status, string? AcceptedQuoteId, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt, IReadOnlyList<QuoteResponse>? Quotes);
