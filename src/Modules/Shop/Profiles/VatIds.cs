using System.Text.RegularExpressions;

namespace Ecosystem.Shop.Profiles;

/// <summary>
/// VAT identification numbers: the format of each EU member state (as the European Commission's VIES lists them; the
/// prefix is the country's VAT code, EL for Greece, XI for Northern Ireland). Outside the EU a VAT or tax number is
/// 4 to 20 letters and digits. Only the format is checked here, not whether the number is registered.
/// </summary>
internal static partial class VatIds
{
    private static readonly Dictionary<string, Regex> EuFormats = new(StringComparer.Ordinal)
    {
        ["AT"] = new(@"^ATU\d{8}$"), ["BE"] = new(@"^BE[01]\d{9}$"), ["BG"] = new(@"^BG\d{9,10}$"), ["CY"] = new(@"^CY\d{8}[A-Z]$"),
        ["CZ"] = new(@"^CZ\d{8,10}$"), ["DE"] = new(@"^DE\d{9}$"), ["DK"] = new(@"^DK\d{8}$"), ["EE"] = new(@"^EE\d{9}$"),
        ["GR"] = new(@"^EL\d{9}$"), ["ES"] = new(@"^ES[A-Z0-9]\d{7}[A-Z0-9]$"), ["FI"] = new(@"^FI\d{8}$"), ["FR"] = new(@"^FR[A-HJ-NP-Z0-9]{2}\d{9}$"),
        ["HR"] = new(@"^HR\d{11}$"), ["HU"] = new(@"^HU\d{8}$"), ["IE"] = new(@"^IE(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$"), ["IT"] = new(@"^IT\d{11}$"),
        ["LT"] = new(@"^LT(\d{9}|\d{12})$"), ["LU"] = new(@"^LU\d{8}$"), ["LV"] = new(@"^LV\d{11}$"), ["MT"] = new(@"^MT\d{8}$"),
        ["NL"] = new(@"^NL\d{9}B\d{2}$"), ["PL"] = new(@"^PL\d{10}$"), ["PT"] = new(@"^PT\d{9}$"), ["RO"] = new(@"^RO\d{2,10}$"),
        ["SE"] = new(@"^SE\d{12}$"), ["SI"] = new(@"^SI\d{8}$"), ["SK"] = new(@"^SK\d{10}$"),
    };

    public static bool IsEu(string country) => EuFormats.ContainsKey(country);

    /// <summary>Upper case, without spaces, dots and dashes: the form stored and checked.</summary>
    public static string Normalize(string vatId) => new([.. vatId.Where(c => c is not (' ' or '.' or '-')).Select(char.ToUpperInvariant)]);

    /// <summary>Null when the number fits the country; otherwise what is wrong, in words.</summary>
    public static string? Problem(string normalized, string country)
    {
        if (EuFormats.TryGetValue(country, out var format))
        {
            var prefix = country == "GR" ? "EL" : country;
            if (!normalized.StartsWith(prefix, StringComparison.Ordinal)) return $"A VAT ID from this country starts with {prefix}.";
            return format.IsMatch(normalized) ? null : $"This is not the format of a VAT ID from {prefix} (for example {Example(country)}).";
        }

        return OtherFormat().IsMatch(normalized) ? null : "A VAT or tax number is 4 to 20 letters and digits.";
    }

    private static string Example(string country) => country switch
    {
        "DE" => "DE123456789", "AT" => "ATU12345678", "FR" => "FR12345678901", "NL" => "NL123456789B01", "IT" => "IT12345678901",
        "ES" => "ESX1234567X", "GR" => "EL123456789", "IE" => "IE1234567T", _ => country + "…",
    };

    [GeneratedRegex("^[A-Z0-9]{4,20}$")]
    private static partial Regex OtherFormat();
}
