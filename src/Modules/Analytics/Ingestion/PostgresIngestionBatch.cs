using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// PostgreSQL: a scoped <see cref="AnalyticsDbContext"/> and its transaction; events straight into the events table
/// with one <c>unnest</c> statement per table; Customer 360 rows read <c>FOR UPDATE</c>, since several instances may
/// write at once.
/// </summary>
internal sealed class PostgresIngestionBatch : IIngestionBatch
{
    private readonly AsyncServiceScope scope;
    private readonly AnalyticsDbContext db;
    private readonly AnalyticsSql sql;
    private IDbContextTransaction? tx;

    private PostgresIngestionBatch(AsyncServiceScope scope)
    {
        this.scope = scope;
        db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        sql = new AnalyticsSql(db.Provider);
    }

    public static async Task<PostgresIngestionBatch> BeginAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var batch = new PostgresIngestionBatch(scopes.CreateAsyncScope());
        try
        {
            batch.tx = await batch.db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            return batch;
        }
        catch
        {
            await batch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private System.Data.Common.DbConnection Connection => db.Database.GetDbConnection();

    private System.Data.Common.DbTransaction Transaction => tx!.GetDbTransaction();

    public Task<bool[]> InsertLinksAsync(IReadOnlyList<IdentityLinkRequest> links, CancellationToken ct) => sql.InsertLinksAsync(Connection, Transaction, links, ct);

    public Task LockLinksAsync(CancellationToken ct) => sql.LockLinksAsync(Connection, Transaction, ct);

    public Task RepointLinksAsync(string from, string to, CancellationToken ct) => sql.RepointLinksAsync(Connection, Transaction, from, to, ct);

    public Task<List<string>> LinkedIdsAsync(string userEcosystemId, CancellationToken ct) =>
        db.Identities.AsNoTracking().Where(i => i.UserEcosystemId == userEcosystemId).Select(i => i.AnonymousId).ToListAsync(ct);

    public Task<List<EventFacts>> ReadEventsOfAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct) =>
        db.Events.AsNoTracking().Where(e => e.UserEcosystemId != null && userEcosystemIds.Contains(e.UserEcosystemId))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId)
            .Select(e => new EventFacts(e.EventId, e.EventName, e.OccurredAt, e.UserEcosystemId!, e.Metadata)).ToListAsync(ct);

    public Task DeleteCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct) =>
        db.Customers.Where(c => userEcosystemIds.Contains(c.UserEcosystemId)).ExecuteDeleteAsync(ct);

    public Task<Dictionary<string, string>> ResolveAnonymousAsync(IReadOnlyList<string> anonymousIds, CancellationToken ct) =>
        db.Identities.AsNoTracking().Where(i => anonymousIds.Contains(i.AnonymousId)).ToDictionaryAsync(i => i.AnonymousId, i => i.UserEcosystemId, ct);

    public Task<bool[]> InsertEventsAsync(IReadOnlyList<IncomingEvent> events, CancellationToken ct) => sql.InsertEventsAsync(Connection, Transaction, events, ct);

    public Task InsertQuarantineAsync(IReadOnlyList<QuarantinedEvent> rows, CancellationToken ct) => sql.InsertQuarantineAsync(Connection, Transaction, rows, ct);

    public Task UpsertStatsAsync(IReadOnlyList<IncomingEvent> fresh, CancellationToken ct) => sql.UpsertStatsAsync(Connection, Transaction, fresh, ct);

    public Task<Dictionary<string, Customer360Row>> ReadCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => userEcosystemIds.Contains(c.UserEcosystemId)).ForUpdate().ToDictionaryAsync(c => c.UserEcosystemId, StringComparer.Ordinal, ct);

    public Task UpsertCustomersAsync(IReadOnlyList<Customer360Row> rows, CancellationToken ct) => sql.UpsertCustomersAsync(Connection, Transaction, rows, ct);

    public Task CommitAsync(CancellationToken ct) => tx!.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (tx is not null) await tx.DisposeAsync().ConfigureAwait(false);
        await scope.DisposeAsync().ConfigureAwait(false);
    }
}
