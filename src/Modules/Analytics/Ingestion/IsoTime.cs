namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The fast path for the timestamps SDKs send: <c>yyyy-MM-ddTHH:mm:ss[.f…f](Z|±HH:mm)</c> (JavaScript's
/// <c>toISOString</c>, .NET's round-trip "O", Segment's libraries). <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>
/// was a tenth of the ingestion endpoint's CPU; anything not of this exact shape is left to it (false here).
/// </summary>
internal static class IsoTime
{
    /// <summary>True with the instant in UTC when <paramref name="text"/> has the shape above and is a valid time.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year is < 1000 or > 9000 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (s[i] == '.')
        {
            var digits = 0;
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (digits == 7) return false;
                fraction = (fraction * 10) + (s[i] - '0');
            }

            if (digits == 0) return false;
            for (; digits < 7; digits++) fraction *= 10;
        }

        TimeSpan offset;
        if (i == s.Length - 1 && s[i] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i == s.Length - 6 && s[i] is '+' or '-' && s[i + 3] == ':' && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh <= 14 && om <= 59)
        {
            offset = new TimeSpan(oh, om, 0);
            if (offset > TimeSpan.FromHours(14)) return false;
            if (s[i] == '-') offset = -offset;
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        value = new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            number = (number * 10) + (s[i] - '0');
        }

        return true;
    }
}
