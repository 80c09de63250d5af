namespace Ecosystem.Platform;

/// <summary>
/// How a module's events fold into a person's product summary in Customer 360, declared by the module
/// (<see cref="Customer360FoldRegistration.AddCustomer360Fold"/>); Analytics folds what is declared and names no module.
/// The summary keeps the product's first and last activity (its events: those the catalog assigns to
/// <see cref="Product"/>, plus <see cref="Events"/>), the state snapshot carried by its latest event that has one
/// (<see cref="StateProperty"/>, latest by occurredAt then eventId), counters and last-at times. Each is an
/// order-independent function of the set of events, so the incrementally maintained view equals a rebuild from the log.
/// <para>
/// Every figure answers as a named field of the Customer 360 (API, lake export): a dotted name nests it
/// (<c>counters.logins</c> is <c>logins</c> in <c>counters</c>; its CSV column is <c>countersLogins</c>). Fields are
/// ordered by <c>Order</c>, then product and declaration; the core fields sit at <see cref="CoreOrder"/>.
/// </para>
/// </summary>
public sealed class ProductSummaryFold(string product)
{
    /// <summary>Where Analytics' own fields sit in the field order; a module places its fields between them.</summary>
    public static class CoreOrder
    {
        public const int UserEcosystemId = 0;
        public const int FirstSeenAt = 100;
        public const int LastSeenAt = 200;
        public const int Products = 300;
        public const int EngagementScore = 500;
        public const int EventCount = 700;

        /// <summary>After everything declared with an order.</summary>
        public const int Last = int.MaxValue;
    }

    /// <summary>The product (for a summary of a catalog product, the <see cref="EventDefinition.Product"/> of its events).</summary>
    public string Product { get; } = product;

    /// <summary>Events that belong to the summary besides those the catalog assigns to <see cref="Product"/>.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>The metadata property (a JSON object) in which the product's events carry its state, e.g. <c>card</c>.</summary>
    public string? StateProperty { get; init; }

    /// <summary>The properties of the state to keep; the latest snapshot replaces them all (a missing one becomes its default).</summary>
    public IReadOnlyList<SummaryStateField> State { get; init; } = [];

    /// <summary>
    /// When set, the state answers as one object of this name, with its fields and <c>asOf</c> (the snapshot's time),
    /// and null until a snapshot was seen; it has no CSV columns. When null, each state field answers on its own.
    /// </summary>
    public string? StateObject { get; init; }

    public int StateObjectOrder { get; init; } = CoreOrder.Last;

    /// <summary>A state property that is the product's status, which the Customer 360 list can filter on.</summary>
    public SummaryStatusFilter? StatusFilter { get; init; }

    public IReadOnlyList<SummaryCounter> Counters { get; init; } = [];

    public IReadOnlyList<SummaryLastAt> LastAt { get; init; } = [];
}
