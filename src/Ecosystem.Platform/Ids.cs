using System.Buffers.Binary;
using System.Globalization;

namespace Ecosystem.Platform;

/// <summary>
/// Public identifiers: a type prefix over a UUIDv7, e.g. <c>usr_0190f3…</c>. Time-ordered, never row numbers, and
/// strictly increasing within the process: ids made in the same millisecond (whose random bits would otherwise order
/// them by chance) follow one another, so "newest first" and cursors by id keep the order things happened in.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static UInt128 last;

    public static string New(string prefix, TimeProvider time)
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(time.GetUtcNow()).TryWriteBytes(bytes, bigEndian: true, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        lock (Gate)
        {
            value = value > last ? value : last + 1;
            last = value;
        }

        return string.Concat(prefix, "_", value.ToString("x32", CultureInfo.InvariantCulture));
    }

    /// <summary>A readable short form for tables, e.g. <c>usr_01a2…98d3</c>; the full id belongs in a title attribute.</summary>
    public static string Short(string id) => id.Length <= 16 ? id : string.Concat(id.AsSpan(0, id.IndexOf('_', StringComparison.Ordinal) + 5), "…", id.AsSpan(id.Length - 4));

    /// <summary>True when <paramref name="value"/> looks like an id with the given prefix (cheap shape check for inputs).</summary>
    public static bool IsValid(string? value, string prefix) =>
        value is not null
        && value.Length == prefix.Length + 33
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && value[prefix.Length] == '_'
        && value.AsSpan(prefix.Length + 1).ContainsAnyExcept("0123456789abcdef") == false;
}
