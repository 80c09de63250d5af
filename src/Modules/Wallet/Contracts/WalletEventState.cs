namespace Ecosystem.Wallet.Contracts;

/// <summary>A person's wallet in one currency after a change: their buyer and vendor accounts' posted balance, and what is available after holds.</summary>
public sealed record WalletEventState(long Balance, long Available, string Currency);
