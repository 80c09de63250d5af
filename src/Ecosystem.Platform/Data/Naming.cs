using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Data;

/// <summary>Table naming: a PostgreSQL schema per module, a module prefix on SQLite (<c>cards.purchases</c> / <c>cards_purchases</c>).</summary>
public static class Naming
{
    public static EntityTypeBuilder<T> ToModuleTable<T>(this EntityTypeBuilder<T> entity, DatabaseProvider provider, string module, string table)
        where T : class =>
        provider == DatabaseProvider.Postgres ? entity.ToTable(table, module) : entity.ToTable(module + "_" + table);

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])) ) && name[i - 1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>snake_case columns, lower-case enum strings and, on SQLite, timestamps as sortable integer microseconds.</summary>
    internal static void ApplyConventions(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName() == property.Name) property.SetColumnName(SnakeCase(property.Name));
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type.IsEnum)
                {
                    property.SetValueConverter((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter)Activator.CreateInstance(
                        typeof(LowerCaseEnumConverter<>).MakeGenericType(type))!);
                    property.SetMaxLength(32);
                }
                else if (type == typeof(DateTimeOffset) && provider == DatabaseProvider.Sqlite)
                {
                    property.SetValueConverter(UtcMicrosecondsConverter.Instance);
                }
            }

            foreach (var key in entity.GetKeys()) key.SetName("pk_" + entity.GetTableName());
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName("ix_" + entity.GetTableName() + "_" + string.Join("_", index.Properties.Select(p => SnakeCase(p.Name))));
            }
        }
    }
}

internal sealed class LowerCaseEnumConverter<TEnum>() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum;

/// <summary>
/// How SQLite stores a time: UTC microseconds since the Unix epoch, which sort and compare as integers. Code that
/// writes SQL for SQLite by hand (lean SQL, the ingestion writer, reports) converts with these, as EF does.
/// </summary>
public static class SqliteTime
{
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);
}

/// <summary>SQLite has no timestamp type: store UTC microseconds since the Unix epoch (<see cref="SqliteTime"/>).</summary>
internal sealed class UtcMicrosecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => SqliteTime.ToMicros(v),
    v => SqliteTime.FromMicros(v))
{
    public static readonly UtcMicrosecondsConverter Instance = new();
}
