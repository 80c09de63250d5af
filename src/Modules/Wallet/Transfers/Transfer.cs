using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Transfers;

/// <summary>
/// A ledger transaction: money from one account to another in one currency. Posted ones are explained by two entries
/// (a debit and a credit of the same amount, so every transaction balances); pending ones hold the amount until they are
/// posted, voided or expire. Never edited otherwise: a correction is a reversing transfer. Its reference is unique per tenant.
/// </summary>
internal sealed class Transfer
{
    public const string Pending = "pending";
    public const string Posted = "posted";
    public const string Voided = "voided";
    public const string Expired = "expired";

    public string TransferId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Reference { get; set; } = "";
    public string Type { get; set; } = "";
    public string DebitAccountId { get; set; } = "";
    public string CreditAccountId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Status { get; set; } = Posted;
    public bool TwoPhase { get; set; }
    public int? TimeoutSeconds { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Metadata { get; set; }

    /// <summary>The batch chain it was committed with (linked transfers), if any.</summary>
    public string? ChainId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PostedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Transfer> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "transfers");
        b.HasKey(x => x.TransferId);
        b.Property(x => x.TransferId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.Reference).HasMaxLength(100);
        b.Property(x => x.Type).HasMaxLength(30);
        b.Property(x => x.DebitAccountId).HasMaxLength(40);
        b.Property(x => x.CreditAccountId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.Metadata).HasMaxLength(4000);
        b.Property(x => x.ChainId).HasMaxLength(40);
        b.HasIndex(x => new { x.TenantId, x.Reference }).IsUnique();
        b.HasIndex(x => new { x.Status, x.ExpiresAt });
    }
}
