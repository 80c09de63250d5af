using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// A fuel voucher: its holder, an optional station scope and campaign, an amount in minor units (RWF has none), a
/// unique 5-character code and a status that moves only along <see cref="VoucherTransitions"/>, by conditional updates.
/// </summary>
internal sealed class Voucher
{
    public string VoucherId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string? HolderPhone { get; set; }
    public string? StationScope { get; set; }
    public string? CampaignId { get; set; }
    public long Amount { get; set; }
    public string Currency { get; set; } = "RWF";
    public string Code { get; set; } = "";
    public string Status { get; set; } = VoucherStatus.Issued;
    public string LiabilityAccountId { get; set; } = "";
    public string? RedeemedStationId { get; set; }
    public string? RedeemedBy { get; set; }
    public string? LedgerTransactionId { get; set; }
    public string? QrFileId { get; set; }
    public string? PngFileId { get; set; }
    public string? Metadata { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Voucher> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "vouchers", "vouchers");
        b.HasKey(x => x.VoucherId);
        b.Property(x => x.VoucherId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.HolderPhone).HasMaxLength(20);
        b.Property(x => x.StationScope).HasMaxLength(40);
        b.Property(x => x.CampaignId).HasMaxLength(60);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Code).HasMaxLength(5);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.LiabilityAccountId).HasMaxLength(40);
        b.Property(x => x.RedeemedStationId).HasMaxLength(40);
        b.Property(x => x.RedeemedBy).HasMaxLength(40);
        b.Property(x => x.LedgerTransactionId).HasMaxLength(40);
        b.Property(x => x.QrFileId).HasMaxLength(40);
        b.Property(x => x.PngFileId).HasMaxLength(40);
        b.Property(x => x.Metadata).HasMaxLength(4000);
        b.Property(x => x.CreatedBy).HasMaxLength(40);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.UserEcosystemId);
        b.HasIndex(x => x.CampaignId);
        b.HasIndex(x => new { x.StationScope, x.Status });
    }
}
