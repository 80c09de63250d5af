namespace Ecosystem.Wallet.Contracts;

/// <summary>Who an account belongs to. <see cref="External"/> accounts (the outside world: banks, card networks) may go negative; the others default to no overdraft.</summary>
public static class OwnerTypes
{
    public const string Vendor = "vendor";
    public const string Buyer = "buyer";
    public const string Platform = "platform";
    public const string Commission = "commission";
    public const string External = "external";

    public static readonly IReadOnlyList<string> All = [Vendor, Buyer, Platform, Commission, External];
}
