using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Data;

/// <summary>A unique index refused an insert, on PostgreSQL or SQLite; <c>index</c> names it (the constraint or the column).</summary>
internal static class UniqueViolation
{
    public static bool Is(Exception ex, string index) => ex switch
    {
        DbUpdateException { InnerException: { } inner } => Is(inner, index),
        InvalidOperationException { InnerException: { } inner } => Is(inner, index),
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == index,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal) && sqlite.Message.Contains(SqliteColumn(index), StringComparison.Ordinal),
        _ => false,
    };

    // ux_vouchers_code → "vouchers_vouchers.code"; ux_stations_engencode → "vouchers_stations.engencode"
    private static string SqliteColumn(string index) => index switch
    {
        "ux_vouchers_code" => "vouchers_vouchers.code",
        "ux_stations_engencode" => "vouchers_stations.engencode",
        _ => index,
    };
}
