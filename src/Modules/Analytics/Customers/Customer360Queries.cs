using System.Globalization;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Customers;

/// <summary>Reads the maintained Customer 360 view; nothing is recomputed per request.</summary>
internal sealed class Customer360Queries(AnalyticsDbContext db, Customer360Layout layout)
{
    public static readonly string[] Sorts = ["lastSeenAt", "engagementScore", "firstSeenAt"];

    public async Task<Customer360?> GetAsync(string userEcosystemId, CancellationToken ct)
    {
        var row = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        return row is null ? null : layout.ToDto(row);
    }

    /// <param name="statuses">Values of the products' status filters (<see cref="Customer360Layout.Filters"/>), by parameter.</param>
    public async Task<Result<Page<Customer360>>> ListAsync(string? product, IReadOnlyDictionary<string, string> statuses, int? minScore, string? sort, int? limit, string? cursor, CancellationToken ct)
    {
        var v = new Validator()
            .Require(minScore is null or >= 0 and <= 100, "minScore", "The minimum score must be from 0 to 100.")
            .Require(sort is null || Sorts.Contains(sort), "sort", "sort must be one of " + string.Join(", ", Sorts) + ".");
        foreach (var filter in layout.Filters)
        {
            var values = filter.Declared.Values;
            v.Require(!statuses.TryGetValue(filter.Parameter, out var value) || values.Contains(value), filter.Parameter,
                $"{filter.Parameter} must be {(values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1])}.");
        }

        v.Require(product is null || (product.Length <= 50 && !product.Contains(',', StringComparison.Ordinal)), "product", "product is not valid.");
        if (!v.IsValid) return v.ToError();
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;

        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrEmpty(product))
        {
            var p = product;
            query = query.Where(c => c.Products == p || c.Products.StartsWith(p + ",") || c.Products.EndsWith("," + p) || c.Products.Contains("," + p + ","));
        }

        foreach (var filter in layout.Filters)
        {
            if (!statuses.TryGetValue(filter.Parameter, out var status)) continue;
            var entry = "|" + filter.Product + "=";
            if (status == filter.Default) query = query.Where(c => !c.Statuses.Contains(entry));
            else
            {
                entry += status + "|";
                query = query.Where(c => c.Statuses.Contains(entry));
            }
        }
        if (minScore is not null) query = query.Where(c => c.EngagementScore >= minScore);

        // Keyset pagination on (sort value, id), newest/highest first.
        string? afterId = null;
        long afterValue = 0;
        if (after is not null)
        {
            var keyset = Paging.ParseKeyset(after);
            if (!keyset.IsSuccess) return keyset.Error!;
            (afterValue, afterId) = keyset.Value;
        }

        List<Customer360Row> rows;
        switch (sort ?? "lastSeenAt")
        {
            case "engagementScore":
                if (afterId is not null) query = query.Where(c => c.EngagementScore < afterValue || (c.EngagementScore == afterValue && string.Compare(c.UserEcosystemId, afterId) > 0));
                rows = await query.OrderByDescending(c => c.EngagementScore).ThenBy(c => c.UserEcosystemId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
                return Paging.ToPage(rows, take, c => c.EngagementScore.ToString(CultureInfo.InvariantCulture) + "|" + c.UserEcosystemId, layout.ToDto);
            case "firstSeenAt":
                if (afterId is not null)
                {
                    var t = new DateTimeOffset(Math.Clamp(afterValue, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
                    query = query.Where(c => c.FirstSeenAt < t || (c.FirstSeenAt == t && string.Compare(c.UserEcosystemId, afterId) > 0));
                }

                rows = await query.OrderByDescending(c => c.FirstSeenAt).ThenBy(c => c.UserEcosystemId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
                return Paging.ToPage(rows, take, c => c.FirstSeenAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + c.UserEcosystemId, layout.ToDto);
            default:
                if (afterId is not null)
                {
                    var t = new DateTimeOffset(Math.Clamp(afterValue, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
                    query = query.Where(c => c.LastSeenAt < t || (c.LastSeenAt == t && string.Compare(c.UserEcosystemId, afterId) > 0));
                }

                rows = await query.OrderByDescending(c => c.LastSeenAt).ThenBy(c => c.UserEcosystemId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
                return Paging.ToPage(rows, take, c => c.LastSeenAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + c.UserEcosystemId, layout.ToDto);
        }
    }

    /// <summary>Every row in canonical form, ordered by id: what the rebuild must reproduce byte for byte.</summary>
    public async Task<IReadOnlyList<string>> CanonicalAsync(CancellationToken ct) =>
        (await db.Customers.AsNoTracking().OrderBy(c => c.UserEcosystemId).ToListAsync(ct).ConfigureAwait(false)).Select(r => r.Canonical()).ToList();
}
