using System.Buffers.Text;
using System.Text;

namespace Ecosystem.Platform.Http;

/// <summary>A page of a list, newest first, with the opaque cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Cursor pagination over time-ordered ids: the cursor is the last id seen, encoded.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static Result<(int Limit, string? After)> Parse(int? limit, string? cursor)
    {
        if (limit is < 1 or > MaxLimit) return Error.Validation(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxLimit}."] });
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = cursor.Length <= 200 && Base64Url.IsValid(cursor) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)) : null;
            if (after is null || after.Length == 0 || after.Any(c => c is < '!' or > '~'))
            {
                return Error.Validation(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not valid."] });
            }
        }

        return (limit ?? DefaultLimit, after);
    }

    /// <summary>Keyset cursors over (sort value, id) are encoded as <c>value|id</c>; this reads one back.</summary>
    public static Result<(long Value, string Id)> ParseKeyset(string after)
    {
        var parts = after.Split('|');
        if (parts.Length != 2 || parts[1].Length == 0 || !long.TryParse(parts[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return Error.Validation(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not valid."] });
        }

        return (value, parts[1]);
    }

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    /// <summary>Given up to limit+1 rows, returns the page and the cursor for the next one.</summary>
    public static Page<TOut> ToPage<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, string> id, Func<TIn, TOut> map)
    {
        var items = rows.Take(limit).Select(map).ToList();
        return new Page<TOut>(items, rows.Count > limit ? Encode(id(rows[limit - 1])) : null);
    }
}
