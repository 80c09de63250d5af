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
/// result, byte for byte.
/// </summary>
internal sealed class Customer360Rebuild(AnalyticsDbContext db, EventInbox inbox, Customer360Aggregator aggregator, Transactions transactions)
{
    public async Task<(long Events, int People)> RunAsync(IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        using (await transactions.HoldWriterAsync(ct).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            var total = await db.Events.LongCountAsync(e => e.UserEcosystemId != null, ct).ConfigureAwait(false);
            var rows = new Dictionary<string, (Customer360Row Row, Dictionary<long, long> Weeks)>(StringComparer.Ordinal);
            long done = 0;
            var lastReport = Stopwatch.StartNew();
            var query = db.Events.AsNoTracking().Where(e => e.UserEcosystemId != null)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId)
                .Select(e => new { e.EventId, e.EventName, e.OccurredAt, e.UserEcosystemId, e.Metadata });
            await foreach (var e in query.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
            {
                if (!rows.TryGetValue(e.UserEcosystemId!, out var state))
                {
                    state = (Customer360Aggregator.New(e.UserEcosystemId!, e.OccurredAt), new Dictionary<long, long>());
                    rows[e.UserEcosystemId!] = state;
                }

                aggregator.Apply(state.Row, new EventFacts(e.EventId, e.EventName, e.OccurredAt, e.UserEcosystemId!, e.Metadata), state.Weeks);
                done++;
                if (progress is not null && lastReport.ElapsedMilliseconds > 200)
                {
                    progress.Report((done, total));
                    lastReport.Restart();
                }
            }

            foreach (var (row, weeks) in rows.Values) Customer360Aggregator.Finish(row, weeks);
            await db.Customers.ExecuteDeleteAsync(ct).ConfigureAwait(false);
            var sql = new AnalyticsSql(db.Provider);
            await sql.UpsertCustomersAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), rows.Values.Select(r => r.Row).OrderBy(r => r.UserEcosystemId, StringComparer.Ordinal).ToList(), ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            progress?.Report((done, total));
            return (done, rows.Count);
        }
    }
}

/// <summary><c>ecosystem customer360 rebuild</c>, with a progress bar.</summary>
internal sealed class Customer360RebuildCommand : ICliCommand
{
    public IReadOnlyList<string> Verb => ["customer360", "rebuild"];

    public string Usage => "customer360 rebuild            rebuild Customer 360 from the event log";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var progress = new SyncProgress(p => output.Write("\r" + ProgressBar.Render(p.Done, p.Total, started.Elapsed)));
        var (events, people) = await services.GetRequiredService<Customer360Rebuild>().RunAsync(progress, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Rebuilt Customer 360 for {people:N0} people from {events:N0} events in {started.Elapsed.TotalSeconds:0.0} s.").ConfigureAwait(false);
        return 0;
    }

    private sealed class SyncProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}
