using System.Globalization;
using PhoneNumbers;

namespace Ecosystem.Platform;

/// <summary>
/// Phone numbers as people type them, read with libphonenumber in a default region and written in E.164
/// (<c>+250788123456</c>); masked for display. One place for every module (stations, campaign targets, WhatsApp).
/// </summary>
public static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form and the country (lower case), or why the number is not one, in words.</summary>
    public static (string? E164, string? Country, string? Problem) Read(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw)) return (null, null, "the number is empty");
        if (raw.Length > 40 || raw.Any(char.IsControl)) return (null, null, "this is not a phone number");
        try
        {
            var number = Util.Parse(raw.Trim(), defaultRegion);
            if (!Util.IsValidNumber(number)) return (null, null, "this is not a valid phone number");
            var region = Util.GetRegionCodeForNumber(number);
            if (string.IsNullOrEmpty(region) || region == "ZZ") return (null, null, "the number's country is unknown");
            return (Util.Format(number, PhoneNumberFormat.E164), region.ToLowerInvariant(), null);
        }
        catch (NumberParseException)
        {
            return (null, null, "this is not a phone number");
        }
    }

    /// <summary>The number in E.164, or null when it is not a valid phone number (numbers without a country code are read in <paramref name="defaultRegion"/>).</summary>
    public static string? Normalise(string? raw, string defaultRegion = "RW") => Read(raw, defaultRegion).E164;

    /// <summary>The number with all but the country code and the last three digits hidden: <c>+250 ••• ••• 456</c>.</summary>
    public static string? Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 8) return null;
        try
        {
            var number = Util.Parse(e164, null);
            return "+" + number.CountryCode.ToString(CultureInfo.InvariantCulture) + " ••• ••• " + e164[^3..];
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>True for a region code libphonenumber knows (<c>RW</c>, <c>MT</c>).</summary>
    public static bool IsRegion(string? region) => region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}
