namespace Ecosystem.Platform;

public static class TimeProviderExtensions
{
    /// <summary>UTC now truncated to microseconds, the precision both SQLite text and PostgreSQL timestamptz keep.</summary>
    public static DateTimeOffset UtcNowStored(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
    }
}
