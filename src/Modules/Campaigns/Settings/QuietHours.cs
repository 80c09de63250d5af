using System.Globalization;

namespace Ecosystem.Campaigns.Settings;

/// <summary>One country's quiet hours, <c>{"start":"22:00","end":"06:00"}</c>, in that country's time zone; an end before the start spans midnight.</summary>
public sealed record QuietHours(string Start, string End)
{
    public static bool TryParseTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
