using System.Globalization;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// The curated Customer 360 row of one person, derived from the event stream only: what is truly cross-product
/// (first and last seen, products, engagement, event count) in columns, and each product's summary as the modules
/// declare it (<see cref="Ecosystem.Platform.ProductSummaryFold"/>) in <see cref="Summaries"/>, a canonical JSON object
/// keyed by product. <see cref="Statuses"/> holds the products' filterable statuses (<c>|credit-card=onboarded|</c>)
/// for the list filter. Every field is an order-independent function of the set of stored events, so the incremental
/// view and a rebuild from the log are equal.
/// </summary>
internal sealed class Customer360Row : INotAudited
{
    public string UserEcosystemId { get; set; } = "";
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public string Products { get; set; } = "";
    public int EngagementScore { get; set; }
    public string EngagementWeeks { get; set; } = "{}";
    public long EventCount { get; set; }
    public string Statuses { get; set; } = "";
    public string Summaries { get; set; } = "{}";

    /// <summary>The companies or accounts the person belongs to (Segment group calls): a canonical JSON array ordered by group id (<see cref="Customer360Groups"/>).</summary>
    public string Groups { get; set; } = "[]";

    internal static void Configure(EntityTypeBuilder<Customer360Row> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "customer360");
        b.HasKey(x => x.UserEcosystemId);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.Products).HasMaxLength(500);
        b.HasIndex(x => x.LastSeenAt);
        b.HasIndex(x => x.EngagementScore);
    }

    /// <summary>A canonical text form, for comparing the incremental view with a rebuild byte for byte.</summary>
    public string Canonical() => string.Join('|',
        UserEcosystemId, Ticks(FirstSeenAt), Ticks(LastSeenAt), Products, EngagementScore, EngagementWeeks, EventCount, Statuses, Summaries, Groups);

    private static string Ticks(DateTimeOffset t) => t.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
