using PhoneNumbers;

namespace Ecosystem.Vouchers.Stations;

/// <summary>Phone numbers parsed and normalised to E.164 with libphonenumber (numbers without a country code are read as Rwandan), and masked for display.</summary>
internal static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164 (<c>+250788123456</c>), or null when it is not a valid phone number.</summary>
    public static string? Normalise(string? input, string defaultRegion = "RW")
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 30 || input.Any(char.IsControl)) return null;
        try
        {
            var number = Util.Parse(input, defaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The number with all but the country code and the last three digits hidden: <c>+250 ••• ••• 456</c>.</summary>
    public static string? Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 8) return null;
        try
        {
            var number = Util.Parse(e164, null);
            var cc = "+" + number.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return cc + " ••• ••• " + e164[^3..];
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
