namespace Ecosystem.Platform.Payments;

/// <summary>What the gateway is asked to do: save a card for future charges of this customer.</summary>
/// <param name="CustomerRef">Our customer id (the gateway maps it to its own customer).</param>
/// <param name="IdempotencyKey">Stable per attempt, so a retried request never saves twice.</param>
/// <param name="Card">Raw card input (simulated gateway).</param>
/// <param name="PaymentMethodToken">A token made client-side by the gateway's own form (e.g. Stripe pm_...).</param>
public sealed record CardSetupRequest(string CustomerRef, string Email, string Name, string IdempotencyKey, CardInput? Card, string? PaymentMethodToken);
