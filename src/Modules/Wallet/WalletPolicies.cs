namespace Ecosystem.Wallet;

/// <summary>The wallet's capabilities; their roles are declared in <see cref="WalletModule"/>.</summary>
public static class WalletPolicies
{
    /// <summary>Tenant admins: open accounts, move money (transfers, holds, posts, voids, batches).</summary>
    public const string Manage = "wallet:manage";

    /// <summary>Read the ledger: accounts, balances, statements, the trial balance and the reconciliation.</summary>
    public const string Read = "wallet:read";
}
