// src/Modules/Retention/Payments/IPaymentGateway.cs
namespace Ecosystem.Retention.Payments;

/// <summary>Card data typed by the customer; used only in memory by a gateway, never stored or logged.</summary>
public sealed record CardInput(string CardNumber, int ExpMonth, int ExpYear, string Cvc)
{
    public override string ToString() => "CardInput { redacted }";
}

/// <summary>What the gateway is asked to do: save a card for future charges of this customer.</summary>
/// <param name="CustomerRef">Our customer id (the gateway maps it to its own customer).</param>
/// <param name="IdempotencyKey">Stable per attempt, so a retried request never saves twice.</param>
/// <param name="Card">Raw card input (simulated gateway).</param>
/// <param name="PaymentMethodToken">A token made client-side by the gateway's own form (e.g. Stripe pm_...).</param>
public sealed record CardSetupRequest(string CustomerRef, string Email, string Name, string IdempotencyKey, CardInput? Card, string? PaymentMethodToken);

public enum CardSetupStatus { Succeeded, Declined, InsufficientFunds, ExpiredCard, ProcessingError }

/// <summary>Only brand, last four and expiry ever leave the gateway (and the gateway's ids for the card and the customer).</summary>
public sealed record CardSetupResult(CardSetupStatus Status, string? GatewayPaymentMethodId, string? Brand, string? Last4, int? ExpMonth, int? ExpYear, string? Message)
{
    /// <summary>The gateway's own customer (Stripe <c>cus_…</c>), so its webhooks about later charges find our customer.</summary>
    public string? GatewayCustomerId { get; init; }

    public bool Succeeded => Status == CardSetupStatus.Succeeded;
}

public interface IPaymentGateway
{
    /// <summary>"simulated" or "stripe".</summary>
    string Name { get; }
    Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken);
}
