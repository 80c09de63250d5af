using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Commissions;

/// <summary>
/// A commission rule of a tenant for one category (or <c>*</c>, every category): a rate in basis points and an optional
/// flat fee in minor units of its currency, in force from an instant. Immutable: a new schedule with a later
/// effective instant replaces it from then on.
/// </summary>
internal sealed class CommissionSchedule
{
    public const string AnyCategory = "*";

    public string ScheduleId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Category { get; set; } = AnyCategory;
    public int RateBp { get; set; }
    public long FlatFee { get; set; }
    public string Currency { get; set; } = "";
    public DateTimeOffset EffectiveFrom { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<CommissionSchedule> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "commission_schedules");
        b.HasKey(x => x.ScheduleId);
        b.Property(x => x.ScheduleId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Note).HasMaxLength(300);
        b.HasIndex(x => new { x.TenantId, x.Category, x.EffectiveFrom });
    }
}
