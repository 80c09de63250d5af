using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The one writer of the event store (group commit). Callers enqueue work and wait; the writer drains the queue and
/// commits up to <see cref="MaxEventsPerCommit"/> events per transaction: events (deduplicated by id), identity links,
/// quarantined events, per-name statistics and the Customer 360 rows of everyone concerned. A caller is answered
/// after its commit, so an accepted event is durable and already visible in its person's 360. On SQLite the events go
/// to the inbox, which this writer moves into the indexed table every <see cref="MoveAfter"/> or
/// <see cref="MoveEveryEvents"/> events (<see cref="EventInbox"/>, ADR 0010).
/// </summary>
internal sealed partial class IngestionWriter(IServiceScopeFactory scopes, DatabaseOptions database, Transactions transactions, Customer360Aggregator aggregator, ILogger<IngestionWriter> logger) : BackgroundService
{
    public const int MaxEventsPerCommit = 20_000;
    public const int MoveEveryEvents = 100_000;
    public static readonly TimeSpan MoveAfter = TimeSpan.FromSeconds(1);

    private readonly Channel<(IngestWork Work, TaskCompletionSource<int> Done)> queue =
        Channel.CreateBounded<(IngestWork, TaskCompletionSource<int>)>(new BoundedChannelOptions(2_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Owned by the writer loop (one thread at a time): the ids waiting in the inbox, so a resent event is still caught.
    private readonly HashSet<string> inboxIds = new(StringComparer.Ordinal);
    private long inboxSince;

    private SqliteIngestionStore? sqliteStore;

    private bool UsesInbox => EventInbox.IsUsed(database.Provider);

    /// <summary>Stores the work durably; returns how many of its events were new (duplicates are skipped).</summary>
    public async Task<int> WriteAsync(IngestWork work, CancellationToken ct)
    {
        if (work.Events.Count == 0 && work.Quarantine.Count == 0 && work.Links.Count == 0) return 0;
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync((work, done), ct).ConfigureAwait(false);
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Before the server listens: what a previous run acknowledged but had not moved yet goes into the events table,
    /// so the writer's memory of the inbox starts complete and readers never wait on a crash's leftovers.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (UsesInbox) await MoveInboxAsync(cancellationToken).ConfigureAwait(false);
        await RebuildCustomersIfDeclarationsChangedAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Customer 360 built under other fold declarations (or before migration 0008 moved it to product summaries) is
    /// rebuilt from the event log before anything is ingested. Should it fail (say, migrations still pending), the
    /// view stays as it is and the next start tries again.
    /// </summary>
    private async Task RebuildCustomersIfDeclarationsChangedAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<Customer360Rebuild>().RunIfDeclarationsChangedAsync(ct).ConfigureAwait(false)) LogRebuilt(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRebuildFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<(IngestWork Work, TaskCompletionSource<int> Done)>();
        try
        {
            while (true)
            {
                var ready = await WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
                if (ready is null) break;
                if (ready == false)
                {
                    await MoveInboxAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                group.Clear();
                var size = 0;
                while (size < MaxEventsPerCommit && queue.Reader.TryRead(out var item))
                {
                    group.Add(item);
                    size += item.Work.Events.Count + item.Work.Quarantine.Count + 1;
                }

                await FlushGroupAsync(group).ConfigureAwait(false);
                if (inboxIds.Count >= MoveEveryEvents || (inboxIds.Count > 0 && Elapsed(inboxSince) >= MoveAfter))
                {
                    await MoveInboxAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; anything still queued was not acknowledged and callers see cancellation. The inbox is
            // durable: the next start moves it.
        }
    }

    /// <summary>True when work is queued, false when the inbox is due to be moved first, null when the queue is closed.</summary>
    private async Task<bool?> WaitForWorkAsync(CancellationToken stoppingToken)
    {
        if (inboxIds.Count == 0) return await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false) ? true : null;
        var left = MoveAfter - Elapsed(inboxSince);
        if (left <= TimeSpan.Zero) return false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(left);
        try
        {
            return await queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false) ? true : null;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // Scheduling the move is about elapsed machine time, not business time: a monotonic tick count, not TimeProvider.
    private static TimeSpan Elapsed(long since) => TimeSpan.FromMilliseconds(Environment.TickCount64 - since);

    private async Task MoveInboxAsync(CancellationToken ct)
    {
        try
        {
            using (await transactions.HoldWriterAsync(ct).ConfigureAwait(false)) SqliteStore().MoveInbox();
            inboxIds.Clear();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The inbox stays as it is (the move is one transaction) and is tried again after the next group.
            LogMoveFailed(logger, ex);
            inboxSince = Environment.TickCount64;
        }
    }

    private async Task FlushGroupAsync(List<(IngestWork Work, TaskCompletionSource<int> Done)> group)
    {
        try
        {
            var counts = await FlushAsync(group.Select(g => g.Work).ToList(), CancellationToken.None).ConfigureAwait(false);
            AnswerWhenDurable(group, counts);
        }
        catch (Exception ex) when (group.Count > 1)
        {
            // One bad piece must not fail the others: retry each on its own.
            LogGroupFailed(logger, ex, group.Count);
            foreach (var item in group) await FlushGroupAsync([item]).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogFlushFailed(logger, ex);
            group[0].Done.TrySetException(ex);
        }
    }

    /// <summary>
    /// SQLite: the group was committed with synchronous=NORMAL inside the gate; its callers are answered once the log
    /// is on disk (ADR 0017). The writer does not wait for that fsync: it commits the next group meanwhile, so one
    /// slow flush (or a held one) never stops ingestion. PostgreSQL's commit is durable by itself.
    /// </summary>
    private void AnswerWhenDurable(List<(IngestWork Work, TaskCompletionSource<int> Done)> group, int[] counts)
    {
        var durable = UsesInbox ? transactions.LogFlushedAsync() : Task.CompletedTask;
        if (durable.IsCompletedSuccessfully)
        {
            for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(counts[i]);
            return;
        }

        var callers = group.Select(g => g.Done).ToArray(); // the loop reuses its list for the next group
        _ = durable.ContinueWith(
            flushed =>
            {
                for (var i = 0; i < callers.Length; i++)
                {
                    if (flushed.IsCompletedSuccessfully) callers[i].TrySetResult(counts[i]);
                    else callers[i].TrySetException(flushed.Exception?.InnerException ?? new InvalidOperationException("The log was not flushed."));
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Writes several callers' work in one transaction.</summary>
    private async Task<int[]> FlushAsync(IReadOnlyList<IngestWork> works, CancellationToken ct)
    {
        var counts = new int[works.Count];
        List<IncomingEvent> fresh = [];

        using (await transactions.HoldWriterAsync(ct).ConfigureAwait(false))
        {
            await using var batch = await BeginBatchAsync(ct).ConfigureAwait(false);
            var links = works.SelectMany(w => w.Links).ToList();
            var merges = links.Count == 0 ? [] : await ApplyLinksAsync(batch, links, ct).ConfigureAwait(false);

            // Identify and alias: an event's user id, or its anonymous id when it has none, may be linked to a person.
            var ids = works.SelectMany(w => w.Events).Select(e => e.UserEcosystemId ?? e.AnonymousId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var known = ids.Count == 0 ? [] : await batch.ResolveAnonymousAsync(ids, ct).ConfigureAwait(false);

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<IncomingEvent>();
            var owners = new List<int>();
            for (var w = 0; w < works.Count; w++)
            {
                foreach (var e in works[w].Events)
                {
                    if (!seen.Add(e.EventId) || inboxIds.Contains(e.EventId)) continue;
                    candidates.Add((e.UserEcosystemId ?? e.AnonymousId) is { } id && known.TryGetValue(id, out var person) ? e with { UserEcosystemId = person } : e);
                    owners.Add(w);
                }
            }

            var inserted = await batch.InsertEventsAsync(candidates, ct).ConfigureAwait(false);
            fresh = new List<IncomingEvent>(candidates.Count);
            for (var i = 0; i < candidates.Count; i++)
            {
                if (!inserted[i]) continue;
                counts[owners[i]]++;
                fresh.Add(candidates[i]);
            }

            var quarantine = works.SelectMany(w => w.Quarantine).ToList();
            if (quarantine.Count > 0) await batch.InsertQuarantineAsync(quarantine, ct).ConfigureAwait(false);
            if (fresh.Count > 0) await batch.UpsertStatsAsync(fresh, ct).ConfigureAwait(false);
            if (merges.Count > 0) await MergeCustomersAsync(batch, merges, ct).ConfigureAwait(false);
            if (fresh.Count > 0) await UpdateCustomersAsync(batch, merges.Count == 0 ? fresh : fresh.Where(e => e.UserEcosystemId is null || !merges.Contains(e.UserEcosystemId)).ToList(), ct).ConfigureAwait(false);

            await batch.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (UsesInbox && fresh.Count > 0)
        {
            if (inboxIds.Count == 0) inboxSince = Environment.TickCount64;
            foreach (var e in fresh) inboxIds.Add(e.EventId);
        }

        return counts;
    }

    /// <summary>
    /// Stores the links (identify, login, alias) whose id is not linked yet: the first link of an id wins, a link to an
    /// id that is itself linked goes to that id's person, and links to an id that has just been linked are re-pointed
    /// to its person, so every link names the surviving person directly. Returns the people who absorbed an id that had
    /// a Customer 360 of its own (an older user id merged by alias): their 360 is folded again from the events.
    /// </summary>
    private static async Task<HashSet<string>> ApplyLinksAsync(IIngestionBatch batch, List<IdentityLinkRequest> links, CancellationToken ct)
    {
        var ids = links.Select(l => l.AnonymousId).Concat(links.Select(l => l.UserEcosystemId)).Distinct(StringComparer.Ordinal).ToList();
        var map = await batch.ResolveAnonymousAsync(ids, ct).ConfigureAwait(false);
        if (links.All(l => map.ContainsKey(l.AnonymousId) || l.AnonymousId == (map.GetValueOrDefault(l.UserEcosystemId) ?? l.UserEcosystemId))) return []; // sent again

        // Several instances (PostgreSQL) link one at a time, so no two links form a chain; then read again under the lock.
        await batch.LockLinksAsync(ct).ConfigureAwait(false);
        map = await batch.ResolveAnonymousAsync(ids, ct).ConfigureAwait(false);
        var fresh = new List<IdentityLinkRequest>();
        foreach (var link in links)
        {
            var person = map.GetValueOrDefault(link.UserEcosystemId) ?? link.UserEcosystemId;
            if (link.AnonymousId == person || map.ContainsKey(link.AnonymousId)) continue;
            foreach (var (id, to) in map.ToList())
            {
                if (to == link.AnonymousId) map[id] = person;
            }

            map[link.AnonymousId] = person;
            fresh.Add(link with { UserEcosystemId = person });
        }

        if (fresh.Count == 0) return [];
        var inserted = await batch.InsertLinksAsync(fresh, ct).ConfigureAwait(false);
        var linked = new List<string>();
        for (var i = 0; i < fresh.Count; i++)
        {
            if (!inserted[i]) continue;
            await batch.RepointLinksAsync(fresh[i].AnonymousId, fresh[i].UserEcosystemId, ct).ConfigureAwait(false);
            linked.Add(fresh[i].AnonymousId);
        }

        if (linked.Count == 0) return [];
        var own = await batch.ReadCustomersAsync(linked, ct).ConfigureAwait(false);
        return own.Keys.Select(id => map[id]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Folds each person's Customer 360 again from every event recorded under their id or an id linked to them (this
    /// batch's included), and removes the rows of the merged ids: what a rebuild from the log gives, one person.
    /// </summary>
    private async Task MergeCustomersAsync(IIngestionBatch batch, HashSet<string> people, CancellationToken ct)
    {
        foreach (var person in people.Order(StringComparer.Ordinal))
        {
            var ids = (await batch.LinkedIdsAsync(person, ct).ConfigureAwait(false)).Append(person).Distinct(StringComparer.Ordinal).ToList();
            await batch.ReadCustomersAsync(ids, ct).ConfigureAwait(false); // locks the rows (PostgreSQL) before the events are read
            var events = await batch.ReadEventsOfAsync(ids, ct).ConfigureAwait(false);
            await batch.DeleteCustomersAsync(ids.Where(id => id != person).ToList(), ct).ConfigureAwait(false);
            if (events.Count == 0) continue;
            var state = aggregator.Start(person, events[0].OccurredAt);
            foreach (var e in events) aggregator.Apply(state, e with { UserEcosystemId = person });
            aggregator.Finish(state);
            await batch.UpsertCustomersAsync([state.Row], ct).ConfigureAwait(false);
        }
    }

    private async Task<IIngestionBatch> BeginBatchAsync(CancellationToken ct) =>
        UsesInbox ? SqliteStore().Begin() : await PostgresIngestionBatch.BeginAsync(scopes, ct).ConfigureAwait(false);

    /// <summary>The SQLite writer's own connection and statements, opened on first use (after migrations).</summary>
    private SqliteIngestionStore SqliteStore() => sqliteStore ??= new SqliteIngestionStore(database.ConnectionString);

    private async Task UpdateCustomersAsync(IIngestionBatch batch, List<IncomingEvent> fresh, CancellationToken ct)
    {
        var byUser = fresh.Where(e => e.UserEcosystemId is not null).GroupBy(e => e.UserEcosystemId!, StringComparer.Ordinal).ToList();
        if (byUser.Count == 0) return;
        var rows = await batch.ReadCustomersAsync(byUser.Select(g => g.Key).ToList(), ct).ConfigureAwait(false);
        var changed = new List<Customer360Row>(byUser.Count);
        foreach (var events in byUser)
        {
            var state = rows.TryGetValue(events.Key, out var stored) ? aggregator.Resume(stored) : aggregator.Start(events.Key, events.First().OccurredAt);
            foreach (var e in events) aggregator.Apply(state, new EventFacts(e.EventId, e.EventName, e.OccurredAt, events.Key, e.Metadata));
            aggregator.Finish(state);
            changed.Add(state.Row);
        }

        await batch.UpsertCustomersAsync(changed, ct).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        sqliteStore?.Dispose();
        sqliteStore = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion commit of {Count} requests failed; retrying them one by one")]
    private static partial void LogGroupFailed(ILogger logger, Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving the ingestion inbox into the events table failed; it is retried")]
    private static partial void LogMoveFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer 360 was rebuilt from the event log: its fold declarations changed")]
    private static partial void LogRebuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding Customer 360 after its fold declarations changed failed; the next start tries again")]
    private static partial void LogRebuildFailed(ILogger logger, Exception ex);

        [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion commit failed")]
    private static partial void LogFlushFailed(ILogger logger, Exception ex);
}
