namespace Ecosystem.Shop.Data;

/// <summary>
/// Ids, slugs and order numbers as they come in a URL or a body: 1 to 80 ASCII letters, digits, dashes and underscores.
/// Anything else cannot name one of ours, so it is "not found" (or a field error) before it reaches a query (PostgreSQL
/// refuses a NUL byte in text with an error).
/// </summary>
internal static class PlainIds
{
    public static bool IsPlain(string? value) => value is { Length: > 0 and <= 80 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
