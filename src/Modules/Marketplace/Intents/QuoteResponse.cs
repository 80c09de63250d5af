namespace Ecosystem.Marketplace.Intents;

public sealed record QuoteResponse(
    string QuoteId, string IntentId, string VendorUserId, string VendorName, long Price, string Currency, int EtaMinutes, string? Note,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt);
