using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Accounts;

/// <summary>
/// A ledger account in one currency. <see cref="Balance"/> is credits minus debits posted; <see cref="PendingDebits"/>
/// and <see cref="PendingCredits"/> are the holds of pending transfers. They change only by conditional updates in the
/// same unit as the entries that explain them; a no-overdraft account's available balance (balance − pending debits)
/// never goes below zero.
/// </summary>
internal sealed class Account
{
    public const string Active = "active";

    public string AccountId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string OwnerType { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string Currency { get; set; } = "";
    public string Status { get; set; } = Active;
    public bool NoOverdraft { get; set; }
    public long Balance { get; set; }
    public long PendingDebits { get; set; }
    public long PendingCredits { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Account> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "accounts");
        b.HasKey(x => x.AccountId);
        b.Property(x => x.AccountId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.OwnerType).HasMaxLength(20);
        b.Property(x => x.OwnerId).HasMaxLength(80);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Status).HasMaxLength(10);
        b.HasIndex(x => new { x.TenantId, x.OwnerType, x.OwnerId });
    }
}
