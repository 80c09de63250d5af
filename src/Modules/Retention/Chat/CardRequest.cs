namespace Ecosystem.Retention.Chat;

/// <summary>
/// The card: raw fields for the simulated gateway, or, with the Stripe gateway, only <see cref="PaymentMethodId"/>, the
/// <c>pm_…</c> that Stripe.js created in the browser (the card number never reaches our server).
/// </summary>
public sealed record CardRequest(string? CardNumber, int? ExpMonth, int? ExpYear, string? Cvc, string? PaymentMethodId = null);
