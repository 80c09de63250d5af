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
