using System.Data.Common;
using Ecosystem.Platform.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>The SQL migrations and the EF model must describe the same schema: drift fails CI.</summary>
public abstract class SchemaTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task Migrated_schema_matches_every_module_model()
    {
        var actual = await ReadSchemaAsync();
        var expected = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        await using var scope = App.Services.CreateAsyncScope();
        foreach (var module in App.Services.GetServices<ModuleSchema>())
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            foreach (var entity in context.Model.GetEntityTypes())
            {
                if (entity.GetTableName() is null) continue; // mapped to a view (e.g. the vouchers' metrics), not a table
                var table = entity.GetSchemaQualifiedTableName()!;
                var columns = expected.TryGetValue(table, out var c) ? c : expected[table] = new(StringComparer.Ordinal);
                var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                foreach (var property in entity.GetProperties())
                {
                    columns[property.GetColumnName(store)!] = property.IsColumnNullable(store);
                }
            }
        }

        var problems = new List<string>();
        foreach (var (table, columns) in expected)
        {
            if (!actual.TryGetValue(table, out var dbColumns)) { problems.Add($"table {table} is in the model but not in the database"); continue; }
            foreach (var (column, nullable) in columns)
            {
                if (!dbColumns.TryGetValue(column, out var dbNullable)) problems.Add($"{table}.{column} is in the model but not in the database");
                else if (dbNullable != nullable) problems.Add($"{table}.{column}: model nullable={nullable}, database nullable={dbNullable}");
            }

            foreach (var column in dbColumns.Keys.Except(columns.Keys)) problems.Add($"{table}.{column} is in the database but not in the model");
        }

        foreach (var table in actual.Keys.Except(expected.Keys).Where(t => !t.EndsWith("schema_migrations", StringComparison.Ordinal)))
        {
            problems.Add($"table {table} is in the database but in no model");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(expected.Count >= 8);
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op_and_nothing_is_pending()
    {
        var migrator = App.Services.GetRequiredService<Migrator>();
        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
        Assert.Empty(await migrator.PendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_stops_the_start()
    {
        var table = Db == Db.Postgres ? "platform.schema_migrations" : "platform_schema_migrations";
        await ExecAsync($"UPDATE {table} SET checksum = 'tampered' WHERE module = 'cards'");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => App.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None));
        Assert.Contains("cards/0001_cards was changed after it was applied", error.Message);
    }

    [Fact]
    public async Task Start_up_checks_confirm_the_durability_settings()
    {
        var checks = await App.Services.GetRequiredService<DatabaseChecks>().RunAsync(CancellationToken.None);
        Assert.All(checks.Where(c => c.Critical), c => Assert.True(c.Ok, c.Setting));
        if (Db == Db.Sqlite)
        {
            Assert.Contains(checks, c => c.Setting == "journal_mode" && c.Actual == "wal");
            Assert.Contains(checks, c => c.Setting == "synchronous" && c.Actual == "2");
            Assert.Contains(checks, c => c.Setting == "temp_store" && c.Actual == "2" && c.Ok);
        }
    }

    private async Task<DbConnection> OpenAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var options = App.Services.GetRequiredService<DatabaseOptions>();
        DbConnection c = options.Provider == DatabaseProvider.Postgres ? new Npgsql.NpgsqlConnection(options.ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection(options.ConnectionString);
        await c.OpenAsync();
        return c;
    }

    private async Task ExecAsync(string sql)
    {
        await using var c = await OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<Dictionary<string, Dictionary<string, bool>>> ReadSchemaAsync()
    {
        var result = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        await using var c = await OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = Db == Db.Postgres
            ? "SELECT c.table_schema || '.' || c.table_name, c.column_name, c.is_nullable = 'YES' FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' WHERE c.table_schema NOT IN ('pg_catalog','information_schema','public') AND c.table_schema NOT LIKE 'pg_%'"
            : "SELECT m.name, p.name, p.\"notnull\" = 0 AND p.pk = 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            if (!result.TryGetValue(table, out var columns)) result[table] = columns = new(StringComparer.Ordinal);
            columns[reader.GetString(1)] = Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}

public sealed class SchemaTests_Sqlite() : SchemaTests(Db.Sqlite);

public sealed class SchemaTests_Postgres() : SchemaTests(Db.Postgres);
