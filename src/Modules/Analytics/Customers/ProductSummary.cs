namespace Ecosystem.Analytics.Customers;

/// <summary>
/// One person's summary of one product while it is folded: first and last activity, the latest state snapshot (values
/// as kept, null when missing: the default applies when read) with its (occurredAt, eventId), counters and last-at times,
/// indexed as the fold declares them.
/// </summary>
internal sealed class ProductSummary(int state, int counters, int times)
{
    public DateTimeOffset First { get; set; } = DateTimeOffset.MaxValue;
    public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    public DateTimeOffset? AsOf { get; set; }
    public string? AsOfEventId { get; set; }
    public object?[] State { get; } = new object?[state];
    public long[] Counts { get; } = new long[counters];
    public DateTimeOffset?[] Times { get; } = new DateTimeOffset?[times];
}
