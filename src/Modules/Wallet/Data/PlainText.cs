using Ecosystem.Platform;

namespace Ecosystem.Wallet.Data;

/// <summary>
/// Inputs checked before they reach a query: ids are the platform's id shape with the right prefix, references and
/// owner ids printable ASCII without spaces (PostgreSQL refuses a NUL byte in text with an error).
/// </summary>
internal static class PlainText
{
    public static bool IsId(string? value, string prefix) => Ids.IsValid(value, prefix);

    public static bool IsPrintable(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && value.All(c => c is >= '!' and <= '~');
}
