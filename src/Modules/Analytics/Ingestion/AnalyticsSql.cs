using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The ingestion writer's SQL on PostgreSQL (one statement per table over arrays, <c>unnest</c>; duplicate event ids
/// are skipped), and the Customer 360 upsert both providers' rebuild uses. The SQLite writer has its own prepared
/// statements (<see cref="SqliteIngestionStore"/>, ADR 0013).
/// </summary>
internal sealed class AnalyticsSql(DatabaseProvider provider)
{
    private bool Pg => provider == DatabaseProvider.Postgres;
    private string T(string table) => Pg ? "analytics." + table : "analytics_" + table;

    private object Time(DateTimeOffset t) => Pg ? t.ToUniversalTime() : SqliteTime.ToMicros(t);

    private object? Time(DateTimeOffset? t) => t is null ? null : Time(t.Value);

    public const string EventColumns = "event_id, event_name, occurred_at, received_at, user_ecosystem_id, anonymous_id, journey_id, channel, actor_role, source, write_key_id, metadata, context";

    /// <summary>PostgreSQL: stores events whose ids are not stored yet and says, per event, whether it was new.</summary>
    public async Task<bool[]> InsertEventsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<IncomingEvent> events, CancellationToken ct)
    {
        var result = new bool[events.Count];
        if (events.Count == 0) return result;
        if (!Pg) throw new NotSupportedException("On SQLite the ingestion writer stores events through SqliteIngestionStore.");
        await using var cmd = (NpgsqlCommand)c.CreateCommand();
        cmd.Transaction = (NpgsqlTransaction)tx;
        cmd.CommandText = $"INSERT INTO {T("events")} ({EventColumns}) SELECT * FROM unnest(@a, @b, @c, @d, @e, @f, @g, @h, @i, @j, @k, @l, @m) ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("a", events.Select(e => e.EventId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("b", events.Select(e => e.EventName).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("c", events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("d", events.Select(e => e.ReceivedAt.ToUniversalTime()).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(Texts("e", events.Select(e => e.UserEcosystemId)));
        cmd.Parameters.Add(Texts("f", events.Select(e => e.AnonymousId)));
        cmd.Parameters.Add(Texts("g", events.Select(e => e.JourneyId)));
        cmd.Parameters.Add(Texts("h", events.Select(e => (string?)e.Channel)));
        cmd.Parameters.Add(Texts("i", events.Select(e => e.ActorRole)));
        cmd.Parameters.Add(Texts("j", events.Select(e => (string?)e.Source)));
        cmd.Parameters.Add(Texts("k", events.Select(e => e.WriteKeyId)));
        cmd.Parameters.Add(Texts("l", events.Select(e => (string?)e.Metadata)));
        cmd.Parameters.Add(Texts("m", events.Select(e => e.Context)));
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) inserted.Add(reader.GetString(0));
        }

        for (var i = 0; i < events.Count; i++) result[i] = inserted.Contains(events[i].EventId);
        return result;
    }

    /// <summary>Inserts the links whose id is not linked yet; says per link whether it was new (another instance may have linked it first).</summary>
    public async Task<bool[]> InsertLinksAsync(DbConnection c, DbTransaction tx, IReadOnlyList<IdentityLinkRequest> links, CancellationToken ct)
    {
        var inserted = new bool[links.Count];
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {T("identities")} (anonymous_id, user_ecosystem_id, linked_at) VALUES (@a, @u, @t) ON CONFLICT (anonymous_id) DO NOTHING RETURNING 1";
        var a = Param(cmd, "@a");
        var u = Param(cmd, "@u");
        var t = Param(cmd, "@t");
        for (var i = 0; i < links.Count; i++)
        {
            a.Value = links[i].AnonymousId;
            u.Value = links[i].UserEcosystemId;
            t.Value = Time(links[i].At);
            inserted[i] = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
        }

        return inserted;
    }

    /// <summary>PostgreSQL: one instance at a time changes the links, until its transaction ends.</summary>
    public async Task LockLinksAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT pg_advisory_xact_lock(7460121516)"; // a constant key: "the analytics identity links"
        await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Links to an id that was itself just linked to a person now point to that person, so no chain is left.</summary>
    public async Task RepointLinksAsync(DbConnection c, DbTransaction tx, string from, string to, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"UPDATE {T("identities")} SET user_ecosystem_id = @to WHERE user_ecosystem_id = @from";
        Param(cmd, "@to").Value = to;
        Param(cmd, "@from").Value = from;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task InsertQuarantineAsync(DbConnection c, DbTransaction tx, IReadOnlyList<QuarantinedEvent> rows, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {T("quarantine")} (id, write_key_id, received_at, event_name, reason, payload) VALUES (@i, @k, @t, @n, @r, @p)";
        var i = Param(cmd, "@i");
        var k = Param(cmd, "@k");
        var t = Param(cmd, "@t");
        var n = Param(cmd, "@n");
        var r = Param(cmd, "@r");
        var p = Param(cmd, "@p");
        foreach (var row in rows)
        {
            i.Value = row.Id;
            k.Value = (object?)row.WriteKeyId ?? DBNull.Value;
            t.Value = Time(row.ReceivedAt);
            n.Value = row.EventName;
            r.Value = row.Reason;
            p.Value = row.Payload;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    public async Task UpsertStatsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<IncomingEvent> fresh, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            INSERT INTO {T("event_stats")} AS s (event_name, count, last_seen_at) VALUES (@n, @c, @t)
            ON CONFLICT (event_name) DO UPDATE SET count = s.count + excluded.count,
                last_seen_at = CASE WHEN excluded.last_seen_at > s.last_seen_at THEN excluded.last_seen_at ELSE s.last_seen_at END
            """;
        var n = Param(cmd, "@n");
        var count = Param(cmd, "@c");
        var t = Param(cmd, "@t");
        foreach (var g in fresh.GroupBy(e => e.EventName, StringComparer.Ordinal))
        {
            n.Value = g.Key;
            count.Value = (long)g.Count();
            t.Value = Time(g.Max(e => e.OccurredAt));
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The Customer 360 columns, in the order both upserts and the SQLite writer's statements bind them.</summary>
    public const string CustomerColumns = "user_ecosystem_id, first_seen_at, last_seen_at, products, engagement_score, engagement_weeks, event_count, statuses, summaries, groups";

    public async Task UpsertCustomersAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Customer360Row> rows, CancellationToken ct)
    {
        var columns = CustomerColumns.Split(", ");
        var upsert = $"ON CONFLICT (user_ecosystem_id) DO UPDATE SET {string.Join(", ", columns.Skip(1).Select(col => $"{col} = excluded.{col}"))}";
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        if (!Pg)
        {
            // One statement for the whole group, rows as one JSON array (as for the events): binding the parameters
            // per person was most of the 360 update's cost in the writer.
            cmd.CommandText = $"INSERT INTO {T("customer360")} ({CustomerColumns}) SELECT " +
                string.Join(", ", columns.Select((_, i) => $"value ->> {i}")) + $" FROM json_each($rows) WHERE true {upsert}";
            Param(cmd, "$rows").Value = JsonArray(rows.Count * 480, w =>
            {
                foreach (var r in rows)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(r.UserEcosystemId);
                    Number(w, (long)Time(r.FirstSeenAt));
                    Number(w, (long)Time(r.LastSeenAt));
                    w.WriteStringValue(r.Products);
                    Number(w, r.EngagementScore);
                    w.WriteStringValue(r.EngagementWeeks);
                    Number(w, r.EventCount);
                    w.WriteStringValue(r.Statuses);
                    w.WriteStringValue(r.Summaries);
                    w.WriteStringValue(r.Groups);
                    w.WriteEndArray();
                }
            });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }

        cmd.CommandText = $"INSERT INTO {T("customer360")} ({CustomerColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}) {upsert}";
        var p = columns.Select((_, i) => Param(cmd, "@p" + i)).ToArray();
        foreach (var r in rows)
        {
            object?[] values = [r.UserEcosystemId, Time(r.FirstSeenAt), Time(r.LastSeenAt), r.Products, r.EngagementScore, r.EngagementWeeks, r.EventCount, r.Statuses, r.Summaries, r.Groups];
            for (var i = 0; i < values.Length; i++) p[i].Value = values[i] ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private static string JsonArray(int capacity, Action<Utf8JsonWriter> items)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, capacity));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            w.WriteStartArray();
            items(w);
            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Text(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteStringValue(value);
    }

    private static void Number(Utf8JsonWriter w, long? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteNumberValue(value.Value);
    }

    private static NpgsqlParameter<string?[]> Texts(string name, IEnumerable<string?> values) =>
        new(name, values.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static DbParameter Param(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }
}
