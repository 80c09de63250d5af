using Ecosystem.Platform.Payments;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// A top-up of the caller's wallet: <paramref name="Amount"/> in minor units of <paramref name="Currency"/>, paid by card
/// (simulated gateway: Stripe's test cards, e.g. 4242 4242 4242 4242) or a Stripe payment method (<c>pm_…</c>).
/// </summary>
public sealed record TopUpRequest(long? Amount, string? Currency, string? CardNumber, int? ExpMonth, int? ExpYear, string? Cvc, string? PaymentMethodId) : ICardPayment
{
    public override string ToString() => "TopUpRequest { redacted }";
}

/// <summary>A payout from the caller's vendor wallet to <paramref name="Destination"/>: an E.164 mobile-money number or an IBAN.</summary>
public sealed record PayoutRequest(long? Amount, string? Currency, string? Destination);

public sealed record TopUpResponse(
    string TopUpId, string AccountId, long Amount, string Currency, string Status, string? CardBrand, string? CardLast4, string? FailureCode,
    string? FailureMessage, string? TransferId, DateTimeOffset CreatedAt);

public sealed record PayoutResponse(
    string PayoutId, string UserEcosystemId, string AccountId, long Amount, string Currency, string Destination, string Status, string TransferId,
    string? Provider, string? ProviderReference, string? FailureMessage, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

/// <summary>One of the caller's wallets: a buyer or vendor account with its balance and holds.</summary>
public sealed record MyWalletAccount(string AccountId, string Kind, string Currency, long Balance, long PendingDebits, long PendingCredits, long Available);
