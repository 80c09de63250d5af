namespace Ecosystem.Wallet.Contracts;

/// <summary>
/// The events the Wallet module publishes, named <c>com.ecosystem.wallet.{entity}.{action}</c>. Those about a person
/// (product <see cref="Product"/>) carry their wallet after the change in <see cref="StateProperty"/>
/// (<see cref="WalletEventState"/>), so Customer 360 shows it.
/// </summary>
public static class WalletEvents
{
    public const string Product = "wallet";
    public const string StateProperty = "wallet";

    public const string TenantCreated = "com.ecosystem.wallet.tenant.created";
    public const string AccountCreated = "com.ecosystem.wallet.account.created";
    public const string TransferCreated = "com.ecosystem.wallet.transfer.created";
    public const string TransferPending = "com.ecosystem.wallet.transfer.pending";
    public const string TransferPosted = "com.ecosystem.wallet.transfer.posted";
    public const string TransferVoided = "com.ecosystem.wallet.transfer.voided";
    public const string TransferExpired = "com.ecosystem.wallet.transfer.expired";
    public const string BalanceChanged = "com.ecosystem.wallet.balance.changed";
    public const string TopUpStarted = "com.ecosystem.wallet.top-up.started";
    public const string TopUpSucceeded = "com.ecosystem.wallet.top-up.succeeded";
    public const string TopUpFailed = "com.ecosystem.wallet.top-up.failed";
    public const string PayoutRequested = "com.ecosystem.wallet.payout.requested";
    public const string PayoutPaid = "com.ecosystem.wallet.payout.paid";
    public const string PayoutFailed = "com.ecosystem.wallet.payout.failed";
}
