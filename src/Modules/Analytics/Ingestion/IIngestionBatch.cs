using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The writes of one ingestion group commit, in one transaction: what <see cref="IngestionWriter"/> needs from the
/// database, per provider. Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal interface IIngestionBatch : IAsyncDisposable
{
    Task InsertLinksAsync(IReadOnlyList<IdentityLinkRequest> links, CancellationToken ct);

    /// <summary>The person each anonymous id is linked to, for the ids that are linked (links of this batch included).</summary>
    Task<Dictionary<string, string>> ResolveAnonymousAsync(IReadOnlyList<string> anonymousIds, CancellationToken ct);

    /// <summary>Stores the events whose ids are not stored yet; says per event whether it was new.</summary>
    Task<bool[]> InsertEventsAsync(IReadOnlyList<IncomingEvent> events, CancellationToken ct);

    Task InsertQuarantineAsync(IReadOnlyList<QuarantinedEvent> rows, CancellationToken ct);

    Task UpsertStatsAsync(IReadOnlyList<IncomingEvent> fresh, CancellationToken ct);

    /// <summary>The Customer 360 rows of these people that exist, locked for this transaction.</summary>
    Task<Dictionary<string, Customer360Row>> ReadCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct);

    Task UpsertCustomersAsync(IReadOnlyList<Customer360Row> rows, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
