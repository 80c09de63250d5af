namespace Ecosystem.Platform.Payments;

/// <summary>Only brand, last four and expiry ever leave the gateway (and the gateway's ids for the card and the customer).</summary>
public sealed record CardSetupResult(PaymentOutcome Status, string? GatewayPaymentMethodId, string? Brand, string? Last4, int? ExpMonth, int? ExpYear, string? Message)
{
    /// <summary>The gateway's own customer (Stripe <c>cus_…</c>), so its webhooks about later charges find our customer.</summary>
    public string? GatewayCustomerId { get; init; }

    public bool Succeeded => Status == PaymentOutcome.Succeeded;
}
