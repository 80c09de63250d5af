using System.Data.Common;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Outbox;
using Npgsql;

namespace Ecosystem.Platform.Data;

/// <summary>One row of a lean query's result, by column position.</summary>
public interface ISqlRow
{
    string GetString(int ordinal);

    long GetInt64(int ordinal);

    /// <summary>A stored time (UTC microseconds on SQLite, <c>timestamptz</c> on PostgreSQL).</summary>
    DateTimeOffset GetTime(int ordinal);

    bool IsDBNull(int ordinal);
}

/// <summary>One SQL statement with positional arguments (<c>$1</c>, <c>$2</c>, … in the text, on both providers).</summary>
public readonly record struct SqlStatement(string Sql, params object?[] Args);

/// <summary>
/// Lean SQL on the current unit of work's connection and transaction, for hot paths where EF's query pipeline and
/// change tracker cost more than the work itself (docs/performance.md, card-purchase). Only valid inside
/// <see cref="Transactions.RunAsync{T}"/>. Statements use positional parameters <c>$1…$n</c>: PostgreSQL gets them as
/// they are (batched: one round trip per call); SQLite runs each statement as a <see cref="SqliteStatement"/> prepared
/// once on the write gate loop's connection and bound by position.
/// <para>The audit rule of <see cref="ModuleDbContext"/> holds here too: a business write (<see cref="ChangeAsync"/>)
/// counts as unaudited until <see cref="WriteAuditedAsync"/> writes the audit row (and the event) in the same unit;
/// a unit that ends successfully with an unaudited lean write fails instead of committing.</para>
/// </summary>
public sealed class UnitSql
{
    private readonly UnitOfWork unit;

    private UnitSql(UnitOfWork unit)
    {
        this.unit = unit;
        Provider = unit.Connection is NpgsqlConnection ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
    }

    /// <summary>The current unit's SQL; throws outside a unit of work.</summary>
    public static UnitSql Current => new(UnitOfWork.Current ?? throw new InvalidOperationException("Lean SQL runs only inside a unit of work (Transactions.RunAsync)."));

    public DatabaseProvider Provider { get; }

    private bool Pg => Provider == DatabaseProvider.Postgres;

    /// <summary>A module's table: <c>module.table</c> on PostgreSQL, <c>module_table</c> on SQLite (see <see cref="Naming"/>).</summary>
    public string Table(string module, string table) => Pg ? module + "." + table : module + "_" + table;

    /// <summary><c> FOR UPDATE</c> on PostgreSQL; nothing on SQLite, where the unit holds the database's write lock.</summary>
    public string ForUpdate => Pg ? " FOR UPDATE" : "";

    /// <summary>Reads one row (a query, or an <c>UPDATE … RETURNING</c> through <see cref="ChangeAsync"/>); default when there is none.</summary>
    public Task<T?> QuerySingleAsync<T>(SqlStatement statement, Func<ISqlRow, T> read, CancellationToken ct) =>
        ReadAsync(statement, read, ct);

    /// <summary>
    /// Reads every row: a query, or a technical change with <c>RETURNING</c> (outbox leases). A business write goes
    /// through <see cref="ChangeAsync"/> instead, so the audit rule sees it.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(SqlStatement statement, Func<ISqlRow, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await ReadAsync<T>(statement, r =>
        {
            rows.Add(read(r));
            return default!;
        }, ct, all: true).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// A business write that returns at most one row (typically a conditional <c>UPDATE … RETURNING</c>: the
    /// compare-and-set itself). When it changed a row, the unit owes an audit row until <see cref="WriteAuditedAsync"/>.
    /// </summary>
    public async Task<T?> ChangeAsync<T>(SqlStatement statement, Func<ISqlRow, T> read, CancellationToken ct)
    {
        var found = false;
        var result = await ReadAsync(statement, r =>
        {
            found = true;
            return read(r);
        }, ct).ConfigureAwait(false);
        if (found)
        {
            unit.UnauditedWrites++;
            unit.LeanWrites++;
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="business"/> rows, the audit row and the event (if any) together. Settles every earlier
    /// <see cref="ChangeAsync"/> of the unit. On PostgreSQL they are held back and sent with the unit's next statement
    /// or with its <c>COMMIT</c> (ADR 0018): a failure among them (a constraint) then fails the unit when it ends.
    /// </summary>
    public async Task WriteAuditedAsync(AuditEntry audit, OutboxMessage? message, IReadOnlyList<SqlStatement> business, CancellationToken ct)
    {
        var statements = new List<SqlStatement>(business.Count + 2);
        statements.AddRange(business);
        statements.Add(new SqlStatement(
            $"INSERT INTO {Table("platform", "audit_log")} (id, occurred_at, actor_id, actor_role, action, target_type, target_id, before, after, changes, journey_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            audit.Id, audit.OccurredAt, audit.ActorId, audit.ActorRole, audit.Action, audit.TargetType, audit.TargetId, audit.Before, audit.After, audit.Changes, audit.JourneyId));
        if (message is not null)
        {
            statements.Add(new SqlStatement(
                $"INSERT INTO {Table("platform", "outbox")} (id, event_name, occurred_at, user_ecosystem_id, journey_id, channel, actor_role, metadata, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)",
                message.Id, message.EventName, message.OccurredAt, message.UserEcosystemId, message.JourneyId, message.Channel, message.ActorRole, message.Metadata, message.NextAttemptAt));
        }

        await WriteWithCommitAsync(statements, ct).ConfigureAwait(false);
        unit.UnauditedWrites = 0;
    }

    /// <summary>
    /// Writes whose outcome the unit does not read. SQLite runs them at once; PostgreSQL holds them back and sends them
    /// with the unit's next statement or in the same round trip as its <c>COMMIT</c>, so a failure among them (a
    /// constraint) surfaces from <see cref="Transactions.RunAsync{T}"/> when the unit ends, and nothing of it is kept.
    /// </summary>
    public Task WriteWithCommitAsync(IReadOnlyList<SqlStatement> statements, CancellationToken ct)
    {
        unit.LeanWrites++;
        if (!Pg) return ExecuteAsync(statements, ct);
        foreach (var s in statements) unit.Defer(PgCommand(s));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Technical writes that are not business state changes (the <see cref="INotAudited"/> rows: idempotency records,
    /// sessions). Returns the rows each statement affected.
    /// </summary>
    public async Task<int[]> ExecuteTechnicalAsync(IReadOnlyList<SqlStatement> statements, CancellationToken ct) =>
        await ExecuteAsync(statements, ct).ConfigureAwait(false);

    private async Task<int[]> ExecuteAsync(IReadOnlyList<SqlStatement> statements, CancellationToken ct)
    {
        var affected = new int[statements.Count];
        if (Pg)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)unit.Connection, (NpgsqlTransaction)unit.Transaction);
            foreach (var s in statements) batch.BatchCommands.Add(PgCommand(s));
            var held = unit.TakePendingWrites(batch); // they go first, in the same round trip
            try
            {
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (held > 0)
            {
                unit.HeldWritesFailed(ex);
                throw;
            }
            for (var i = 0; i < statements.Count; i++) affected[i] = batch.BatchCommands[held + i].RecordsAffected;
            return affected;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            var statement = Bound(statements[i]);
            statement.Execute();
            affected[i] = statement.Changes;
        }

        return affected;
    }

    private async Task<T?> ReadAsync<T>(SqlStatement statement, Func<ISqlRow, T> read, CancellationToken ct, bool all = false)
    {
        if (!Pg)
        {
            var prepared = Bound(statement);
            try
            {
                var row = prepared.Step() ? read(new SqliteRow(prepared)) : default;

                // Run to the end, so an UPDATE … RETURNING has finished before the next statement.
                while (prepared.Step())
                {
                    if (all) read(new SqliteRow(prepared));
                }

                return row;
            }
            finally
            {
                prepared.Reset();
            }
        }

        await unit.FlushPendingWritesAsync(ct).ConfigureAwait(false);
        var command = new NpgsqlCommand(statement.Sql, (NpgsqlConnection)unit.Connection, (NpgsqlTransaction)unit.Transaction);
        await using (command.ConfigureAwait(false))
        {
            foreach (var arg in statement.Args) command.Parameters.Add(new NpgsqlParameter { Value = PgValue(arg) });
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var result = await reader.ReadAsync(ct).ConfigureAwait(false) ? read(new DbRow(reader)) : default;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (all) read(new DbRow(reader));
                }

                return result;
            }
        }
    }

    private static NpgsqlBatchCommand PgCommand(SqlStatement s)
    {
        var command = new NpgsqlBatchCommand(s.Sql);
        foreach (var arg in s.Args) command.Parameters.Add(new NpgsqlParameter { Value = PgValue(arg) });
        return command;
    }

    private static object PgValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.ToUniversalTime(),
        _ => value,
    };

    /// <summary>SQLite's writer loop: the statement prepared once on its connection (ADR 0013's <see cref="SqliteStatement"/>), bound by position.</summary>
    private SqliteStatement Bound(SqlStatement s)
    {
        var cache = unit.Statements ?? throw new InvalidOperationException("On SQLite, lean SQL runs in the write gate's loop.");
        var (statement, positions) = cache.Get(s.Sql, s.Args.Length);
        for (var i = 0; i < positions.Length; i++)
        {
            if (positions[i] == 0) continue; // an argument the text does not use
            switch (SqliteValue(s.Args[i]))
            {
                case DBNull:
                    statement.Bind(positions[i], (string?)null);
                    break;
                case string text:
                    statement.Bind(positions[i], text);
                    break;
                case long number:
                    statement.Bind(positions[i], number);
                    break;
                case int number:
                    statement.Bind(positions[i], number);
                    break;
                case var other:
                    throw new NotSupportedException($"Lean SQL cannot bind a {other.GetType().Name}; pass text, an integer, a bool or a DateTimeOffset.");
            }
        }

        return statement;
    }

    private readonly struct SqliteRow(SqliteStatement statement) : ISqlRow
    {
        public string GetString(int ordinal) => statement.Text(ordinal) ?? throw new InvalidCastException($"Column {ordinal} is NULL.");

        public long GetInt64(int ordinal) => statement.Int64(ordinal);

        public DateTimeOffset GetTime(int ordinal) => SqliteTime.FromMicros(statement.Int64(ordinal));

        public bool IsDBNull(int ordinal) => statement.IsNull(ordinal);
    }

    private readonly struct DbRow(DbDataReader reader) : ISqlRow
    {
        public string GetString(int ordinal) => reader.GetString(ordinal);

        public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

        public DateTimeOffset GetTime(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

        public bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => SqliteTime.ToMicros(t),
        bool b => b ? 1L : 0L,
        _ => value,
    };
}
