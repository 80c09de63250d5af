using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Transfers;

/// <summary>One side of a posted transfer on one account, with the account's balance right after it (the statement's running balance).</summary>
internal sealed class LedgerEntry
{
    public const string Debit = "debit";
    public const string Credit = "credit";

    public string EntryId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string TransferId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string Direction { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public long BalanceAfter { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<LedgerEntry> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "entries");
        b.HasKey(x => x.EntryId);
        b.Property(x => x.EntryId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.TransferId).HasMaxLength(40);
        b.Property(x => x.AccountId).HasMaxLength(40);
        b.Property(x => x.Direction).HasMaxLength(6);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasIndex(x => new { x.AccountId, x.EntryId });
        b.HasIndex(x => new { x.AccountId, x.CreatedAt });
        b.HasIndex(x => x.TransferId);
    }
}
