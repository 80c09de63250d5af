using System.Numerics;

namespace Ecosystem.Wallet.Funding;

/// <summary>Where a payout may go: an E.164 mobile-money number, or an IBAN whose check digits are right (ISO 13616, mod 97).</summary>
internal static class PayoutDestinations
{
    /// <summary>The destination without spaces, upper case; null when it is neither a phone number nor a valid IBAN.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null || value.Length > 60) return null;
        var compact = string.Concat(value.Where(c => c is not (' ' or '-'))).ToUpperInvariant();
        if (compact.Length is >= 9 and <= 16 && compact[0] == '+' && compact[1] is >= '1' and <= '9' && compact[1..].All(char.IsAsciiDigit)) return compact;
        return IsIban(compact) ? compact : null;
    }

    /// <summary>Shown to people and in the API: the last four characters only.</summary>
    public static string Mask(string destination) =>
        destination.Length <= 4 ? destination : (destination[0] == '+' ? "+" : destination[..2]) + "•••" + destination[^4..];

    private static bool IsIban(string s)
    {
        if (s.Length is < 15 or > 34 || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiLetterUpper(s[1]) || !char.IsAsciiDigit(s[2]) || !char.IsAsciiDigit(s[3])) return false;
        if (!s.All(char.IsAsciiLetterOrDigit)) return false;
        var rearranged = s[4..] + s[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }
}
