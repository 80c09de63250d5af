using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// One row of a voucher's history (seed's <c>voucher_events</c>): issued, sent, redeemed, expired, void, or
/// policy_blocked (a refused redemption, with the reason in <see cref="Context"/>); who did it and at which station.
/// </summary>
internal sealed class VoucherEvent
{
    public const string PolicyBlocked = "policy_blocked";

    public string EventId { get; set; } = "";
    public string VoucherId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string? ActorId { get; set; }
    public string? StationId { get; set; }
    public string? Context { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<VoucherEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "vouchers", "voucher_events");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(40);
        b.Property(x => x.VoucherId).HasMaxLength(40);
        b.Property(x => x.EventType).HasMaxLength(20);
        b.Property(x => x.ActorId).HasMaxLength(40);
        b.Property(x => x.StationId).HasMaxLength(40);
        b.Property(x => x.Context).HasMaxLength(2000);
        b.HasOne<Voucher>().WithMany().HasForeignKey(x => x.VoucherId).HasConstraintName(provider == DatabaseProvider.Sqlite ? "fk_vouchers_voucher_events_vouchers" : "fk_voucher_events_vouchers");
        b.HasIndex(x => new { x.VoucherId, x.CreatedAt });
        b.HasIndex(x => new { x.EventType, x.CreatedAt });
    }
}
