using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Metrics;

/// <summary>A row of the view <c>view_active_bars</c>: a station's redemptions, their total and the last one.</summary>
internal sealed class StationActivityRow
{
    public string StationId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public long Redemptions { get; set; }
    public long RedeemedAmount { get; set; }
    public DateTimeOffset? LastRedeemedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<StationActivityRow> b, DatabaseProvider provider)
    {
        b.HasNoKey();
        if (provider == DatabaseProvider.Postgres) b.ToView("view_active_bars", "vouchers");
        else b.ToView("vouchers_view_active_bars");
    }
}
