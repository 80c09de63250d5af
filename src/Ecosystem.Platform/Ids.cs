namespace Ecosystem.Platform;

/// <summary>Public identifiers: a type prefix over a UUIDv7, e.g. <c>usr_0190f3…</c>. Time-ordered, never row numbers.</summary>
public static class Ids
{
    public static string New(string prefix, TimeProvider time) =>
        string.Concat(prefix, "_", Guid.CreateVersion7(time.GetUtcNow()).ToString("N"));

    /// <summary>True when <paramref name="value"/> looks like an id with the given prefix (cheap shape check for inputs).</summary>
    public static bool IsValid(string? value, string prefix) =>
        value is not null
        && value.Length == prefix.Length + 33
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && value[prefix.Length] == '_'
        && value.AsSpan(prefix.Length + 1).ContainsAnyExcept("0123456789abcdef") == false;
}
