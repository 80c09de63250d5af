using System.Text.RegularExpressions;

namespace Ecosystem.Shop.Profiles;

/// <summary>
/// Instagram usernames: 1 to 30 letters, digits, periods and underscores; not starting or ending with a period and
/// without two periods in a row. A leading @ is accepted and dropped; stored in lower case (Instagram's are).
/// </summary>
internal static partial class InstagramHandles
{
    public static string? Normalize(string? handle)
    {
        if (string.IsNullOrWhiteSpace(handle)) return null;
        var h = handle.Trim();
        if (h.StartsWith('@')) h = h[1..];
        h = h.ToLowerInvariant();
        return Valid().IsMatch(h) && !h.StartsWith('.') && !h.EndsWith('.') && !h.Contains("..", StringComparison.Ordinal) ? h : null;
    }

    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    private static partial Regex Valid();
}
