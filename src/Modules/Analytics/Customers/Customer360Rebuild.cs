using System.Diagnostics;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// Rebuilds Customer 360 from the event log: reads every stored event of every person in (occurredAt, eventId) order,
/// folds them with the same aggregator as the live path and replaces the table in one transaction. Same log, same
/// result, byte for byte. An id merged into another person by alias (<see cref="IdentityLink"/>) folds into that person.
/// </summary>
internal sealed class Customer360Rebuild(AnalyticsDbContext db, EventInbox inbox, Customer360Aggregator aggregator, Transactions transactions)
{
    /// <summary>
    /// Rebuilds when the view was built under other declarations than the running ones (<see cref="Customer360Folds.Fingerprint"/>):
    /// after migration 0008, or when a module's fold or the catalog's products or weights changed. True when it rebuilt.
    /// </summary>
    public async Task<bool> RunIfDeclarationsChangedAsync(CancellationToken ct)
    {
        var stored = await db.Customer360Fingerprints.AsNoTracking().Select(f => f.Fingerprint).ToListAsync(ct).ConfigureAwait(false);
        if (stored is [var fingerprint] && fingerprint == aggregator.Folds.Fingerprint) return false;
        await RunAsync(null, ct).ConfigureAwait(false);
        return true;
    }

    public async Task<(long Events, int People)> RunAsync(IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        using (await transactions.HoldWriterAsync(ct).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            var total = await db.Events.LongCountAsync(e => e.UserEcosystemId != null, ct).ConfigureAwait(false);

            // Ids merged into another person (Segment alias of an older user id): their events are that person's.
            var merged = await db.Identities.AsNoTracking().Where(i => db.Events.Any(e => e.UserEcosystemId == i.AnonymousId))
                .ToDictionaryAsync(i => i.AnonymousId, i => i.UserEcosystemId, StringComparer.Ordinal, ct).ConfigureAwait(false);
            var rows = new Dictionary<string, Customer360State>(StringComparer.Ordinal);
            long done = 0;
            var lastReport = Stopwatch.StartNew();
            var query = db.Events.AsNoTracking().Where(e => e.UserEcosystemId != null)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId)
                .Select(e => new { e.EventId, e.EventName, e.OccurredAt, e.UserEcosystemId, e.Metadata });
            await foreach (var e in query.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
            {
                var person = merged.GetValueOrDefault(e.UserEcosystemId!) ?? e.UserEcosystemId!;
                if (!rows.TryGetValue(person, out var state))
                {
                    state = aggregator.Start(person, e.OccurredAt);
                    rows[person] = state;
                }

                aggregator.Apply(state, new EventFacts(e.EventId, e.EventName, e.OccurredAt, person, e.Metadata));
                done++;
                if (progress is not null && lastReport.ElapsedMilliseconds > 200)
                {
                    progress.Report((done, total));
                    lastReport.Restart();
                }
            }

            foreach (var state in rows.Values) aggregator.Finish(state);
            await db.Customers.ExecuteDeleteAsync(ct).ConfigureAwait(false);
            var sql = new AnalyticsSql(db.Provider);
            await sql.UpsertCustomersAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), rows.Values.Select(r => r.Row).OrderBy(r => r.UserEcosystemId, StringComparer.Ordinal).ToList(), ct).ConfigureAwait(false);
            await db.Customer360Fingerprints.ExecuteDeleteAsync(ct).ConfigureAwait(false);
            db.Customer360Fingerprints.Add(new Customer360Fingerprint { Fingerprint = aggregator.Folds.Fingerprint });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            progress?.Report((done, total));
            return (done, rows.Count);
        }
    }
}
