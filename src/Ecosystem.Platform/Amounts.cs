using System.Globalization;
using Ecosystem.Platform.Http;

namespace Ecosystem.Platform;

/// <summary>
/// The checks on an amount of money, with messages for people: the amount typed on a page (major units, "25.00") and
/// the amount sent to the API (integer minor units). Each problem has its own message: missing, not a number,
/// negative, zero, too many decimals for the currency, too large.
/// </summary>
public static class Amounts
{
    /// <summary>Checks an amount typed by a person in major units; null and the amount in minor units when it is fine.</summary>
    public static string? CheckTyped(string? text, string currency, long maxMinor, out long minor)
    {
        minor = 0;
        var example = Example(currency);
        if (string.IsNullOrWhiteSpace(text)) return $"Enter an amount, like {example}.";
        var cleaned = text.Trim().Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (cleaned.EndsWith(currency, StringComparison.OrdinalIgnoreCase)) cleaned = cleaned[..^currency.Length];
        if (cleaned.Length > 30 || !decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var major))
        {
            return $"Enter the amount as a number, like {example}.";
        }

        if (major < 0) return "The amount can't be negative.";
        if (major == 0) return "The amount must be more than zero.";
        var decimals = Money.DecimalsOf(currency);
        var scaled = major;
        for (var i = 0; i < decimals; i++) scaled *= 10;
        if (scaled != decimal.Truncate(scaled)) return TooManyDecimals(currency);
        if (scaled > maxMinor) return $"The amount can be at most {new Money(maxMinor, currency)}.";
        minor = (long)scaled;
        return null;
    }

    /// <summary>Checks an amount sent in minor units; <paramref name="currency"/> (when known) makes the messages show money.</summary>
    public static Validator Amount(this Validator v, long? minor, string field, string? currency, long maxMinor, string noun = "amount")
    {
        var unit = currency is not null && Money.IsKnownCurrency(currency) ? currency : null;
        var smallest = unit is null ? "in the currency's smallest unit (cents: 2500 is 25.00)"
            : Money.DecimalsOf(unit) == 0 ? $"in whole {unit}"
            : $"in the smallest unit of {unit} ({Scale(2500, unit)} is {new Money(Scale(2500, unit), unit)})";
        if (minor is null) v.Add(field, $"The {noun} is required, {smallest}.");
        else if (minor < 0) v.Add(field, $"The {noun} can't be negative.");
        else if (minor == 0) v.Add(field, $"The {noun} must be more than zero.");
        else if (minor > maxMinor) v.Add(field, unit is null ? $"The {noun} can be at most {maxMinor.ToString("N0", CultureInfo.InvariantCulture)} in the smallest unit." : $"The {noun} can be at most {new Money(maxMinor, unit)}.");
        return v;
    }

    private static long Scale(long twentyFiveHundred, string currency) =>
        Money.DecimalsOf(currency) switch { 3 => twentyFiveHundred * 10, _ => twentyFiveHundred };

    private static string TooManyDecimals(string currency) => Money.DecimalsOf(currency) switch
    {
        0 => $"{currency} amounts are whole numbers, like {Example(currency)}.",
        1 => $"{currency} amounts have at most 1 decimal place.",
        var d => $"{currency} amounts have at most {d} decimal places, like {Example(currency)}.",
    };

    private static string Example(string currency) => Money.DecimalsOf(currency) switch
    {
        0 => "2500",
        var d => "25." + new string('0', d),
    };
}
