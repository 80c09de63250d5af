namespace Ecosystem.Marketplace.Intents;

/// <summary>A vendor's quote: <c>price</c> in minor units of <c>currency</c>, an ETA in minutes and an optional note.</summary>
public sealed record QuoteRequest(long? Price, string? Currency, int? EtaMinutes, string? Note);
