using Ecosystem.Platform;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// The fields of a Customer 360 in their order: Analytics' own (<see cref="ProductSummaryFold.CoreOrder"/>) and what
/// each fold declares, ordered by declared order, then product, then declaration. A dotted name nests a field in an
/// object placed where its first field sits. The lake export's columns are the fields outside state objects, nested
/// names joined in camelCase (<c>counters.logins</c> → <c>countersLogins</c>); the list filters are the folds' status filters.
/// </summary>
internal sealed class Customer360Layout
{
    private readonly Customer360Folds folds;
    private readonly IReadOnlyList<LayoutField> fields;

    public Customer360Layout(Customer360Folds folds)
    {
        this.folds = folds;
        var all = new List<(LayoutField Field, int Order, int Fold, int Declared)>
        {
            (new("userEcosystemId", true, (r, _) => r.UserEcosystemId), ProductSummaryFold.CoreOrder.UserEcosystemId, -1, 0),
            (new("firstSeenAt", true, (r, _) => r.FirstSeenAt), ProductSummaryFold.CoreOrder.FirstSeenAt, -1, 0),
            (new("lastSeenAt", true, (r, _) => r.LastSeenAt), ProductSummaryFold.CoreOrder.LastSeenAt, -1, 0),
            (new("products", true, (r, _) => r.Products.Split(',', StringSplitOptions.RemoveEmptyEntries)), ProductSummaryFold.CoreOrder.Products, -1, 0),
            (new("engagementScore", true, (r, _) => r.EngagementScore), ProductSummaryFold.CoreOrder.EngagementScore, -1, 0),
            (new("counters.events", true, (r, _) => r.EventCount), ProductSummaryFold.CoreOrder.EventCount, -1, 0),
            (new("groups", false, (r, _) => Groups(r)), GroupsOrder, -1, 0),
        };
        for (var i = 0; i < folds.All.Count; i++)
        {
            var fold = folds.All[i];
            var f = i;
            var declared = 0;
            if (fold.StateObject is { } name)
            {
                all.Add((new(name, false, (_, s) => StateObject(fold, s[f])), fold.StateObjectOrder, i, declared++));
            }
            else
            {
                for (var j = 0; j < fold.State.Count; j++)
                {
                    var (field, index) = (fold.State[j], j);
                    all.Add((new(field.Field, true, (_, s) => Customer360Folds.StateValue(field, s[f]?.State[index])), field.Order, i, declared++));
                }
            }

            for (var j = 0; j < fold.LastAt.Count; j++)
            {
                var index = j;
                all.Add((new(fold.LastAt[j].Field, true, (_, s) => s[f]?.Times[index]), fold.LastAt[j].Order, i, declared++));
            }

            for (var j = 0; j < fold.Counters.Count; j++)
            {
                var index = j;
                all.Add((new(fold.Counters[j].Field, true, (_, s) => s[f]?.Counts[index] ?? 0L), fold.Counters[j].Order, i, declared++));
            }
        }

        fields = all.OrderBy(x => x.Order).ThenBy(x => x.Fold).ThenBy(x => x.Declared).Select(x => x.Field).ToList();
        CsvColumns = fields.Where(x => x.Csv).Select(x => x.Name).ToList();
        Filters = folds.All.Where(x => x.StatusFilter is not null)
            .Select(x => new Customer360Filter(x.StatusFilter!, x.Product, x.State.First(s => s.Property == x.StatusFilter!.Property).Default)).ToList();
    }

    /// <summary>The fields the lake export writes, in order (dotted names for nested fields).</summary>
    public IReadOnlyList<string> CsvColumns { get; }

    public IReadOnlyList<Customer360Filter> Filters { get; }

    /// <summary>The filters' values present in a query string (an empty value is present, and is refused).</summary>
    public IReadOnlyDictionary<string, string> FilterValues(IQueryCollection query) =>
        Filters.Where(f => query.ContainsKey(f.Parameter)).ToDictionary(f => f.Parameter, f => query[f.Parameter].ToString(), StringComparer.Ordinal);

    public Customer360 ToDto(Customer360Row row)
    {
        var summaries = folds.Read(row.Summaries);
        var result = new List<KeyValuePair<string, object?>>(fields.Count);
        foreach (var field in fields)
        {
            var value = field.Value(row, summaries);
            var dot = field.Name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                result.Add(new(field.Name, value));
                continue;
            }

            var group = field.Name[..dot];
            var at = result.FindIndex(p => p.Key == group);
            if (at < 0)
            {
                result.Add(new(group, new List<KeyValuePair<string, object?>>()));
                at = result.Count - 1;
            }

            ((List<KeyValuePair<string, object?>>)result[at].Value!).Add(new(field.Name[(dot + 1)..], value));
        }

        return new Customer360(result);
    }

    /// <summary>Right after the products: the companies or accounts the person belongs to.</summary>
    private const int GroupsOrder = ProductSummaryFold.CoreOrder.Products + 1;

    private static List<IReadOnlyList<KeyValuePair<string, object?>>> Groups(Customer360Row row)
    {
        if (row.Groups == "[]") return [];
        return Customer360Groups.Read(row.Groups).All.Select(g => (IReadOnlyList<KeyValuePair<string, object?>>)
        [
            new("groupId", g.GroupId),
            new("name", g.Traits.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String ? name.GetString() : null),
            new("traits", g.Traits),
            new("firstSeenAt", g.FirstSeenAt),
            new("lastSeenAt", g.LastSeenAt),
        ]).ToList();
    }

    private static IReadOnlyList<KeyValuePair<string, object?>>? StateObject(ProductSummaryFold fold, ProductSummary? summary)
    {
        if (summary?.AsOf is not { } asOf) return null;
        var result = new List<KeyValuePair<string, object?>>(fold.State.Count + 1);
        for (var j = 0; j < fold.State.Count; j++) result.Add(new(fold.State[j].Field, Customer360Folds.StateValue(fold.State[j], summary.State[j])));
        result.Add(new("asOf", asOf));
        return result;
    }

    private sealed record LayoutField(string Name, bool Csv, Func<Customer360Row, ProductSummary?[], object?> Value);
}
