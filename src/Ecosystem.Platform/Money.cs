using System.Globalization;

namespace Ecosystem.Platform;

/// <summary>An amount in integer minor units of an ISO 4217 currency. No floating point anywhere.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    private static readonly Dictionary<string, int> Decimals = new(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["RWF"] = 0, ["JPY"] = 0, ["KWD"] = 3,
    };

    public static int DecimalsOf(string currency) =>
        Decimals.TryGetValue(currency, out var d) ? d : throw new ArgumentException($"Unknown currency '{currency}'.", nameof(currency));

    public static bool IsKnownCurrency(string currency) => Decimals.ContainsKey(currency);

    /// <summary>Formats as e.g. <c>5,000.00 USD</c> without going through floating point.</summary>
    public override string ToString()
    {
        var decimals = DecimalsOf(Currency);
        var negative = Minor < 0;
        var abs = negative ? -(decimal)Minor : Minor;
        var divisor = 1m;
        for (var i = 0; i < decimals; i++) divisor *= 10;
        var major = abs / divisor;
        var text = major.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (negative ? "-" : "") + text + " " + Currency;
    }
}

public static class MoneyParsing
{
    /// <summary>Parses a major-unit amount typed by a person ("12.50") into minor units, without floating point.</summary>
    public static bool TryParseMajor(string? text, string currency, out long minor)
    {
        minor = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 20) return false;
        if (!decimal.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var major)) return false;
        var decimals = Money.DecimalsOf(currency);
        var scaled = major;
        for (var i = 0; i < decimals; i++) scaled *= 10;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue) return false;
        minor = (long)scaled;
        return true;
    }
}
