using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The writes of one ingestion group commit, in one transaction: what <see cref="IngestionWriter"/> needs from the
/// database, per provider. Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal interface IIngestionBatch : IAsyncDisposable
{
    /// <summary>Inserts the links whose id is not linked yet (the first link wins); says per link whether it was new.</summary>
    Task<bool[]> InsertLinksAsync(IReadOnlyList<IdentityLinkRequest> links, CancellationToken ct);

    /// <summary>Serialises link changes across instances until the batch ends (PostgreSQL; SQLite has one writer).</summary>
    Task LockLinksAsync(CancellationToken ct);

    /// <summary>Every link to <paramref name="from"/> now points to <paramref name="to"/> (after <paramref name="from"/> was itself linked to <paramref name="to"/>).</summary>
    Task RepointLinksAsync(string from, string to, CancellationToken ct);

    /// <summary>The person each id is linked to, for the ids that are linked (links of this batch included).</summary>
    Task<Dictionary<string, string>> ResolveAnonymousAsync(IReadOnlyList<string> anonymousIds, CancellationToken ct);

    /// <summary>The ids linked to a person (anonymous ids, and previous ids merged into it by alias).</summary>
    Task<List<string>> LinkedIdsAsync(string userEcosystemId, CancellationToken ct);

    /// <summary>Every stored event (this batch's included) recorded under one of these user ids, in (occurredAt, eventId) order.</summary>
    Task<List<EventFacts>> ReadEventsOfAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct);

    /// <summary>Stores the events whose ids are not stored yet; says per event whether it was new.</summary>
    Task<bool[]> InsertEventsAsync(IReadOnlyList<IncomingEvent> events, CancellationToken ct);

    Task InsertQuarantineAsync(IReadOnlyList<QuarantinedEvent> rows, CancellationToken ct);

    Task UpsertStatsAsync(IReadOnlyList<IncomingEvent> fresh, CancellationToken ct);

    /// <summary>The Customer 360 rows of these people that exist, locked for this transaction.</summary>
    Task<Dictionary<string, Customer360Row>> ReadCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct);

    Task UpsertCustomersAsync(IReadOnlyList<Customer360Row> rows, CancellationToken ct);

    /// <summary>Removes the Customer 360 rows of ids merged into another person.</summary>
    Task DeleteCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
