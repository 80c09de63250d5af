using PhoneNumbers;

namespace Ecosystem.Campaigns.Targets;

/// <summary>Numbers as people type them, read with libphonenumber in a default region and written in E.164 (<c>+250788123456</c>).</summary>
internal static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form and the country (lower case), or why the number is not one.</summary>
    public static (string? E164, string? Country, string? Problem) Normalise(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw)) return (null, null, "the number is empty");
        if (raw.Length > 40 || raw.Contains('\0')) return (null, null, "this is not a phone number");
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

    /// <summary>True for a region code libphonenumber knows (<c>RW</c>, <c>MT</c>).</summary>
    public static bool IsRegion(string? region) => region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}
