using System.Data.Common;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Reports;

/// <summary>
/// The numbers behind the analytics overview, computed in the database. Event volume is grouped per bucket by
/// provider-specific SQL (SQLite: integer microseconds since the epoch; PostgreSQL: <c>date_trunc</c> in UTC); the
/// funnel is one query of chained CTEs over the same window.
/// </summary>
internal sealed class AnalyticsReports(AnalyticsDbContext db, EventInbox inbox, TimeProvider time)
{
    private bool Pg => db.Provider == DatabaseProvider.Postgres;

    private string Events => Pg ? "analytics.events" : "analytics_events";

    /// <summary>Stored events per bucket of the range, oldest first, with empty buckets as zero.</summary>
    public async Task<VolumeSeries> VolumeAsync(ReportRange range, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        var (from, to) = range.Window(time.GetUtcNow());
        var counts = new Dictionary<long, long>();
        var sql = Pg
            ? $"SELECT date_trunc('{(range.BucketSize == TimeSpan.FromDays(1) ? "day" : "hour")}', occurred_at, 'UTC') AS bucket, count(*) FROM {Events} WHERE occurred_at >= @from AND occurred_at < @to GROUP BY 1"
            : $"SELECT (occurred_at / @size) * @size AS bucket, count(*) FROM {Events} WHERE occurred_at >= @from AND occurred_at < @to GROUP BY 1";
        await QueryAsync(sql, cmd =>
        {
            Param(cmd, "@from", Time(from));
            Param(cmd, "@to", Time(to));
            if (!Pg) Param(cmd, "@size", range.BucketSize.Ticks / 10);
        }, reader =>
        {
            var start = Pg ? reader.GetFieldValue<DateTimeOffset>(0).UtcTicks : SqliteTime.FromMicros(reader.GetInt64(0)).UtcTicks;
            counts[start] = reader.GetInt64(1);
        }, ct).ConfigureAwait(false);

        var buckets = new List<VolumeBucket>(range.Buckets);
        for (var i = 0; i < range.Buckets; i++)
        {
            var start = from + (range.BucketSize * i);
            buckets.Add(new VolumeBucket(start, counts.GetValueOrDefault(start.UtcTicks)));
        }

        return new VolumeSeries(range, from, to, buckets);
    }

    /// <summary>
    /// Distinct people per step in [from, to). A person counts at step n only if they reached step n−1 earlier or at
    /// the same time: each step takes the person's first occurrence at or after their time at the previous step.
    /// </summary>
    public async Task<IReadOnlyList<FunnelStepCount>> FunnelAsync(IReadOnlyList<string> steps, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfZero(steps.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps.Count, 10);
        var ctes = new List<string>
        {
            $"s0 AS (SELECT user_ecosystem_id AS u, MIN(occurred_at) AS t FROM {Events} WHERE event_name = @n0 AND user_ecosystem_id IS NOT NULL AND occurred_at >= @from AND occurred_at < @to GROUP BY user_ecosystem_id)",
        };
        for (var i = 1; i < steps.Count; i++)
        {
            ctes.Add($"s{i} AS (SELECT e.user_ecosystem_id AS u, MIN(e.occurred_at) AS t FROM {Events} e JOIN s{i - 1} p ON p.u = e.user_ecosystem_id " +
                $"WHERE e.event_name = @n{i} AND e.occurred_at >= p.t AND e.occurred_at < @to GROUP BY e.user_ecosystem_id)");
        }

        var sql = "WITH " + string.Join(",\n", ctes) + "\nSELECT " + string.Join(", ", steps.Select((_, i) => $"(SELECT COUNT(*) FROM s{i})"));
        var result = new List<FunnelStepCount>(steps.Count);
        await QueryAsync(sql, cmd =>
        {
            Param(cmd, "@from", Time(from));
            Param(cmd, "@to", Time(to));
            for (var i = 0; i < steps.Count; i++) Param(cmd, "@n" + i, steps[i]);
        }, reader =>
        {
            for (var i = 0; i < steps.Count; i++) result.Add(new FunnelStepCount(steps[i], reader.GetInt64(i)));
        }, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>The most frequent event names from the maintained statistics (no scan of the event log).</summary>
    public async Task<IReadOnlyList<TopEvent>> TopEventsAsync(int limit, CancellationToken ct) =>
        (await db.Stats.AsNoTracking().OrderByDescending(s => s.Count).ThenBy(s => s.EventName).Take(limit).ToListAsync(ct).ConfigureAwait(false))
        .Select(s => new TopEvent(s.EventName, s.Count, s.LastSeenAt)).ToList();

    public async Task<OverviewStats> StatsAsync(CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        var since = time.GetUtcNow().AddHours(-24);
        var events = await db.Events.LongCountAsync(e => e.OccurredAt >= since, ct).ConfigureAwait(false);
        var people = await db.Customers.LongCountAsync(ct).ConfigureAwait(false);
        var average = await db.Customers.Select(c => (double?)c.EngagementScore).AverageAsync(ct).ConfigureAwait(false);
        return new OverviewStats(events, people, average);
    }

    private object Time(DateTimeOffset t) => Pg ? t.ToUniversalTime() : SqliteTime.ToMicros(t);

    private async Task QueryAsync(string sql, Action<DbCommand> bind, Action<DbDataReader> row, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql;
            bind(cmd);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) row(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static void Param(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
