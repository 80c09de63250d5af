using System.Net;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

/// <summary>
/// The SQLite ingestion inbox (ADR 0010): accepted events wait in an unindexed table until the writer moves them into
/// the indexed events table. Nothing acknowledged may be invisible to a reader, lost across a restart, or stored twice.
/// </summary>
public sealed class EventInboxTests() : AppTest(Db.Sqlite)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_event_left_in_the_inbox_by_a_previous_run_is_read_and_moved_before_any_query()
    {
        var micros = (Now.AddMinutes(-1).UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
        await ExecAsync($"""
            INSERT INTO analytics_events_inbox (event_id, event_name, occurred_at, received_at, user_ecosystem_id, channel, source, metadata)
            VALUES ('left-over-1', 'com.ecosystem.shell.navigation.clicked', {micros}, {micros}, 'usr_leftover', 'web', 'api', '{"{"}"target":"/app"{"}"}')
            """);

        var admin = await App.AdminAsync();
        var events = await EventsAsync(admin, "userEcosystemId=usr_leftover");

        Assert.Equal("left-over-1", Assert.Single(events).GetProperty("eventId").GetString());
        // Only this event: the outbox relay may be delivering the demo data's and the login's domain events into the
        // inbox meanwhile (it starts once demo seeding is done, ADR 0012).
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM analytics_events_inbox WHERE event_id = 'left-over-1'"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM analytics_events WHERE event_id = 'left-over-1'"));
    }

    [Fact]
    public async Task A_resent_event_is_stored_once_whether_its_first_copy_waits_in_the_inbox_or_was_moved()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var admin = await App.AdminAsync();

        Assert.Equal(1, (await (await PostBatchAsync(source, [Nav("inbox-1", "usr_inbox", Now.AddMinutes(-2))])).Json()).GetProperty("stored").GetInt32());
        // Straight away: the first copy is still in the inbox (the writer moves it after a second or 100,000 events).
        Assert.Equal(0, (await (await PostBatchAsync(source, [Nav("inbox-1", "usr_inbox", Now.AddMinutes(-2))])).Json()).GetProperty("stored").GetInt32());
        Assert.Single(await EventsAsync(admin, "userEcosystemId=usr_inbox"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM analytics_events_inbox WHERE event_id = 'inbox-1'"));
        // Now the first copy is in the indexed table.
        Assert.Equal(0, (await (await PostBatchAsync(source, [Nav("inbox-1", "usr_inbox", Now.AddMinutes(-2))])).Json()).GetProperty("stored").GetInt32());

        Assert.Single(await EventsAsync(admin, "userEcosystemId=usr_inbox"));
        var view = await (await admin.GetAsync("/api/customers/usr_inbox/360")).Json();
        Assert.Equal(1, view.GetProperty("counters").GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task The_writer_moves_the_inbox_on_its_own_without_any_reader()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        await PostBatchAsync(Source(App, key), Enumerable.Range(0, 50).Select(i => Nav($"self-{i}", $"usr_self_{i % 5}", Now.AddSeconds(-i))));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync("SELECT count(*) FROM analytics_events_inbox") > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM analytics_events_inbox"));
        Assert.Equal(50L, await ScalarAsync("SELECT count(*) FROM analytics_events WHERE event_id LIKE 'self-%'"));
    }

    [Fact]
    public async Task An_accepted_batch_is_answered_only_after_the_log_is_flushed_and_the_writer_goes_on_meanwhile()
    {
        // The ingestion writer commits with synchronous=NORMAL inside the write gate and answers a group only once the
        // WAL flusher has flushed it (ADR 0017): a 200 means the events are on disk, not just in the page cache. While
        // one flush is outstanding the writer commits the next group instead of waiting.
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        Task<HttpResponseMessage> first, second;
        using (var hold = new HeldFlusher(App.Services))
        {
            first = PostBatchAsync(source, [Nav("flush-held-1", "usr_flush_held", Now)]);
            await hold.Reached.WaitAsync(TimeSpan.FromSeconds(10));
            await WaitUntilStoredAsync("flush-held-1");
            second = PostBatchAsync(source, [Nav("flush-held-2", "usr_flush_held", Now)]);
            await WaitUntilStoredAsync("flush-held-2");

            // Both committed (another connection reads them) but the log is not flushed yet: no sender has an answer.
            Assert.Equal(1L, await StoredAsync("flush-held-1"));
            Assert.Equal(1L, await StoredAsync("flush-held-2"));
            await Task.Delay(300);
            Assert.False(first.IsCompleted);
            Assert.False(second.IsCompleted);
        }

        foreach (var posting in new[] { first, second })
        {
            var response = await posting.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, (await response.Json()).GetProperty("stored").GetInt32());
        }
    }

    private Task<long> StoredAsync(string eventId) => ScalarAsync(
        $"SELECT (SELECT count(*) FROM analytics_events_inbox WHERE event_id = '{eventId}') + (SELECT count(*) FROM analytics_events WHERE event_id = '{eventId}')");

    private async Task WaitUntilStoredAsync(string eventId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await StoredAsync(eventId) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    private async Task ExecAsync(string sql)
    {
        await using var c = new SqliteConnection(App.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var c = new SqliteConnection(App.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
