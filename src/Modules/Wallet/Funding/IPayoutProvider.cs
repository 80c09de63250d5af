namespace Ecosystem.Wallet.Funding;

/// <summary>
/// Sends money to a vendor's bank or mobile-money account. The embedded default is <see cref="SimulatedPayoutProvider"/>;
/// a real provider (a bank API, a mobile-money aggregator) implements this. Called with the payout id as the idempotency
/// key: a repeat answers the first result.
/// </summary>
public interface IPayoutProvider
{
    string Name { get; }

    Task<PayoutResult> SendAsync(PayoutInstruction instruction, CancellationToken cancellationToken);
}

/// <summary>What the provider is asked to pay: <paramref name="Amount"/> in minor units of <paramref name="Currency"/>.</summary>
public sealed record PayoutInstruction(string PayoutId, long Amount, string Currency, string Destination);

/// <summary>Paid with the provider's reference, or refused with a reason a vendor understands.</summary>
public sealed record PayoutResult(bool Paid, string? ProviderReference, string? FailureMessage);
