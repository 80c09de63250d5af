namespace Ecosystem.Wallet.Contracts;

/// <summary>The events the Wallet module publishes, named <c>com.ecosystem.wallet.{tenant,account,transfer}.{action}</c>.</summary>
public static class WalletEvents
{
    public const string TenantCreated = "com.ecosystem.wallet.tenant.created";
    public const string AccountCreated = "com.ecosystem.wallet.account.created";
    public const string TransferCreated = "com.ecosystem.wallet.transfer.created";
    public const string TransferPending = "com.ecosystem.wallet.transfer.pending";
    public const string TransferPosted = "com.ecosystem.wallet.transfer.posted";
    public const string TransferVoided = "com.ecosystem.wallet.transfer.voided";
    public const string TransferExpired = "com.ecosystem.wallet.transfer.expired";
}
