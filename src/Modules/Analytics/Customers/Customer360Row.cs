using System.Globalization;
using System.Text.Json;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// The curated Customer 360 row of one person, derived from the event stream only. Every field is an
/// order-independent function of the set of stored events (min/max/sums, and for the card the state carried by the
/// latest card event by (occurredAt, eventId)), so the incremental view and a rebuild from the log are equal.
/// </summary>
internal sealed class Customer360Row : Platform.Data.INotAudited
{
    public string UserEcosystemId { get; set; } = "";
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public string Products { get; set; } = "";
    public string CreditCardStatus { get; set; } = "none";
    public long? CreditCardCurrentLimit { get; set; }
    public long? CreditCardAvailableLimit { get; set; }
    public string? CreditCardCurrency { get; set; }
    public DateTimeOffset? CardAsOf { get; set; }
    public string? CardAsOfEventId { get; set; }
    public int EngagementScore { get; set; }
    public string EngagementWeeks { get; set; } = "{}";
    public DateTimeOffset? LastNavigationAt { get; set; }
    public DateTimeOffset? LastTransactionAt { get; set; }
    public long EventCount { get; set; }
    public long LoginCount { get; set; }
    public long NavigationCount { get; set; }
    public long PurchaseCount { get; set; }
    public long ApprovedPurchaseCount { get; set; }

    /// <summary>The latest retention risk state (from the latest retention event that carries one).</summary>
    public string? RetentionStatus { get; set; }
    public string? RetentionRiskCategory { get; set; }
    public string? RetentionRiskSeverity { get; set; }
    public DateTimeOffset? RetentionAsOf { get; set; }
    public string? RetentionAsOfEventId { get; set; }

    internal static void Configure(EntityTypeBuilder<Customer360Row> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "customer360");
        b.HasKey(x => x.UserEcosystemId);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.Products).HasMaxLength(500);
        b.Property(x => x.CreditCardStatus).HasMaxLength(32);
        b.Property(x => x.CreditCardCurrency).HasMaxLength(3);
        b.Property(x => x.CardAsOfEventId).HasMaxLength(64);
        b.Property(x => x.RetentionStatus).HasMaxLength(32);
        b.Property(x => x.RetentionRiskCategory).HasMaxLength(32);
        b.Property(x => x.RetentionRiskSeverity).HasMaxLength(32);
        b.Property(x => x.RetentionAsOfEventId).HasMaxLength(64);
        b.HasIndex(x => x.LastSeenAt);
        b.HasIndex(x => x.EngagementScore);
    }

    /// <summary>A canonical text form, for comparing the incremental view with a rebuild byte for byte.</summary>
    public string Canonical() => string.Join('|',
        UserEcosystemId, Ticks(FirstSeenAt), Ticks(LastSeenAt), Products, CreditCardStatus, CreditCardCurrentLimit, CreditCardAvailableLimit,
        CreditCardCurrency, Ticks(CardAsOf), CardAsOfEventId, EngagementScore, EngagementWeeks, Ticks(LastNavigationAt), Ticks(LastTransactionAt),
        EventCount, LoginCount, NavigationCount, PurchaseCount, ApprovedPurchaseCount,
        RetentionStatus, RetentionRiskCategory, RetentionRiskSeverity, Ticks(RetentionAsOf), RetentionAsOfEventId);

    private static string Ticks(DateTimeOffset? t) => t?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "";
}

/// <summary>What the aggregator needs of one event.</summary>
internal readonly record struct EventFacts(string EventId, string EventName, DateTimeOffset OccurredAt, string UserEcosystemId, string Metadata);

/// <summary>
/// Folds events into <see cref="Customer360Row"/>s. Engagement score (0–100): each event adds its catalog weight to the
/// bucket of its week (weeks counted from Monday 1970-01-05); the row keeps the 12 weeks ending with the person's
/// latest week; D = Σ bucket × 0.85^(weeks before the latest) and score = round(100 × (1 − e^(−D/40))). Sums of
/// integers in a fixed window make the score independent of arrival order; recency is measured from the person's own
/// last activity (lastSeenAt shows how long ago that was).
/// </summary>
internal sealed class Customer360Aggregator(Catalog.EventCatalog catalog)
{
    public const int WindowWeeks = 12;
    private const double Decay = 0.85;
    private const double Scale = 40.0;
    private static readonly DateTimeOffset WeekEpoch = new(1970, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static long WeekOf(DateTimeOffset t) => (long)Math.Floor((t - WeekEpoch).TotalDays / 7);

    public static Customer360Row New(string userEcosystemId, DateTimeOffset at) => new()
    {
        UserEcosystemId = userEcosystemId, FirstSeenAt = at, LastSeenAt = at, CreditCardStatus = "none", EngagementWeeks = "{}",
    };

    public void Apply(Customer360Row row, in EventFacts e, Dictionary<long, long> weeks)
    {
        if (e.OccurredAt < row.FirstSeenAt) row.FirstSeenAt = e.OccurredAt;
        if (e.OccurredAt > row.LastSeenAt) row.LastSeenAt = e.OccurredAt;
        row.EventCount++;

        var definition = catalog.Find(e.EventName);
        var product = definition?.Product;
        if (product is not null && !row.Products.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(product, StringComparer.Ordinal))
        {
            row.Products = string.Join(',', row.Products.Split(',', StringSplitOptions.RemoveEmptyEntries).Append(product).Order(StringComparer.Ordinal));
        }

        switch (e.EventName)
        {
            case "com.ecosystem.user.session.logged_in":
                row.LoginCount++;
                break;
            case "com.ecosystem.shell.navigation.clicked":
                row.NavigationCount++;
                if (row.LastNavigationAt is null || e.OccurredAt > row.LastNavigationAt) row.LastNavigationAt = e.OccurredAt;
                break;
            case "com.ecosystem.credit-card.purchase.simulated":
                row.PurchaseCount++;
                if (IsApproved(e.Metadata)) row.ApprovedPurchaseCount++;
                if (row.LastTransactionAt is null || e.OccurredAt > row.LastTransactionAt) row.LastTransactionAt = e.OccurredAt;
                break;
        }

        if (e.EventName.StartsWith("com.ecosystem.credit-card.", StringComparison.Ordinal) && IsLater(e, row.CardAsOf, row.CardAsOfEventId))
        {
            ApplyCardState(row, e);
        }

        if (e.EventName.StartsWith("com.ecosystem.retention.", StringComparison.Ordinal) && IsLater(e, row.RetentionAsOf, row.RetentionAsOfEventId))
        {
            ApplyRetentionState(row, e);
        }

        // Engagement: weekly buckets in a window that ends at the person's latest week.
        var week = WeekOf(e.OccurredAt);
        var latest = WeekOf(row.LastSeenAt);
        if (week > latest - WindowWeeks)
        {
            weeks[week] = weeks.GetValueOrDefault(week) + (definition?.Weight ?? 1);
        }

        foreach (var old in weeks.Keys.Where(w => w <= latest - WindowWeeks).ToList()) weeks.Remove(old);
    }

    /// <summary>Writes the week buckets back and recomputes the score from them, deterministically.</summary>
    public static void Finish(Customer360Row row, Dictionary<long, long> weeks)
    {
        var latest = WeekOf(row.LastSeenAt);
        var ordered = weeks.OrderBy(w => w.Key).ToList();
        var d = 0.0;
        foreach (var (week, points) in ordered) d += points * Math.Pow(Decay, latest - week);
        row.EngagementScore = (int)Math.Round(100 * (1 - Math.Exp(-d / Scale)), MidpointRounding.AwayFromZero);
        row.EngagementWeeks = "{" + string.Join(",", ordered.Select(w => $"\"{w.Key.ToString(CultureInfo.InvariantCulture)}\":{w.Value.ToString(CultureInfo.InvariantCulture)}")) + "}";
    }

    public static Dictionary<long, long> ReadWeeks(Customer360Row row)
    {
        var result = new Dictionary<long, long>();
        using var doc = JsonDocument.Parse(row.EngagementWeeks);
        foreach (var p in doc.RootElement.EnumerateObject()) result[long.Parse(p.Name, CultureInfo.InvariantCulture)] = p.Value.GetInt64();
        return result;
    }

    private static bool IsLater(in EventFacts e, DateTimeOffset? asOf, string? asOfId) =>
        asOf is null || e.OccurredAt > asOf || (e.OccurredAt == asOf && string.CompareOrdinal(e.EventId, asOfId) > 0);

    private static void ApplyCardState(Customer360Row row, in EventFacts e)
    {
        using var doc = JsonDocument.Parse(e.Metadata);
        if (!doc.RootElement.TryGetProperty("card", out var card) || card.ValueKind != JsonValueKind.Object) return;
        if (card.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String) row.CreditCardStatus = status.GetString()!;
        if (card.TryGetProperty("currentLimit", out var current) && current.TryGetInt64(out var c)) row.CreditCardCurrentLimit = c;
        if (card.TryGetProperty("availableLimit", out var available) && available.TryGetInt64(out var a)) row.CreditCardAvailableLimit = a;
        if (card.TryGetProperty("currency", out var currency) && currency.ValueKind == JsonValueKind.String) row.CreditCardCurrency = currency.GetString();
        row.CardAsOf = e.OccurredAt;
        row.CardAsOfEventId = e.EventId;
    }

    /// <summary>Retention events carry the customer's risk state in <c>retention</c>; events without it change nothing.</summary>
    private static void ApplyRetentionState(Customer360Row row, in EventFacts e)
    {
        using var doc = JsonDocument.Parse(e.Metadata);
        if (!doc.RootElement.TryGetProperty("retention", out var state) || state.ValueKind != JsonValueKind.Object) return;
        static string? Text(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        row.RetentionStatus = Text(state, "accountStatus");
        row.RetentionRiskCategory = Text(state, "riskCategory");
        row.RetentionRiskSeverity = Text(state, "riskSeverity");
        row.RetentionAsOf = e.OccurredAt;
        row.RetentionAsOfEventId = e.EventId;
    }

    private static bool IsApproved(string metadata)
    {
        using var doc = JsonDocument.Parse(metadata);
        return doc.RootElement.TryGetProperty("approved", out var a) && a.ValueKind == JsonValueKind.True;
    }
}
