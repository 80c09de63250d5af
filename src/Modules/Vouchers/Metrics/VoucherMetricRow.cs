using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Metrics;

/// <summary>A row of the view <c>view_voucher_metrics</c>: one UTC day, station and campaign.</summary>
internal sealed class VoucherMetricRow
{
    public string Day { get; set; } = "";
    public string? StationId { get; set; }
    public string? CampaignId { get; set; }
    public long Issued { get; set; }
    public long Sent { get; set; }
    public long Redeemed { get; set; }
    public long RedeemedAmount { get; set; }

    internal static void Configure(EntityTypeBuilder<VoucherMetricRow> b, DatabaseProvider provider)
    {
        b.HasNoKey();
        if (provider == DatabaseProvider.Postgres) b.ToView("view_voucher_metrics", "vouchers");
        else b.ToView("vouchers_view_voucher_metrics");
    }
}
