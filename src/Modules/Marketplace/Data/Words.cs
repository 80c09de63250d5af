namespace Ecosystem.Marketplace.Data;

/// <summary>
/// Checks of the short words the marketplace keys on (categories, regions, segments): lower-case letters, digits and
/// dashes, so they compare exactly and never carry a NUL byte or a comma into a query or a list.
/// </summary>
internal static class Words
{
    public static bool IsCategory(string? value) => IsWord(value, 40);

    public static bool IsWord(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>A free-text region name ("Kigali", "Nairobi West"): letters, digits, spaces, dashes and dots.</summary>
    public static bool IsRegion(string? value) =>
        value is { Length: > 0 and <= 60 } && value.Trim().Length == value.Length && value.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or '\'');
}
