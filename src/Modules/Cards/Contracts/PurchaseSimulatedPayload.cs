namespace Ecosystem.Cards.Contracts;

/// <summary>The metadata of <see cref="CardEvents.PurchaseSimulated"/>.</summary>
public sealed record PurchaseSimulatedPayload(string PurchaseId, long Amount, string Currency, bool Approved, string? Reason, string? Merchant, CardEventState Card);
