namespace Ecosystem.Platform.Payments;

/// <param name="CustomerRef">Our customer id (put on the provider's objects as metadata, so its webhooks find ours).</param>
/// <param name="GatewayCustomerId">The provider's customer (<see cref="CardSetupResult.GatewayCustomerId"/>).</param>
/// <param name="PaymentMethodId">The saved card (<see cref="CardSetupResult.GatewayPaymentMethodId"/>).</param>
/// <param name="OffSession">True when the customer is not there to confirm (a renewal, a scheduled top-up).</param>
public sealed record ChargeRequest(
    string CustomerRef, string GatewayCustomerId, string PaymentMethodId, Money Amount, string Description, string IdempotencyKey, bool OffSession,
    IReadOnlyDictionary<string, string>? Metadata = null);
