namespace Ecosystem.Wallet.Contracts;

/// <summary>An account's balance (credits minus debits posted), its holds, and what is available to spend.</summary>
public sealed record LedgerBalance(string AccountId, string Currency, long Balance, long PendingDebits, long PendingCredits)
{
    public long Available => Balance - PendingDebits;
}
