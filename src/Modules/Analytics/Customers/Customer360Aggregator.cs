using System.Globalization;
using System.Text.Json;
using Ecosystem.Platform;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// Folds events into <see cref="Customer360Row"/>s: the cross-product figures here, each product's summary as its
/// module declares it (<see cref="Customer360Folds"/>). Engagement score (0–100): each event adds its catalog weight
/// to the bucket of its week (weeks counted from Monday 1970-01-05); the row keeps the 12 weeks ending with the
/// person's latest week; D = Σ bucket × 0.85^(weeks before the latest) and score = round(100 × (1 − e^(−D/40))). Sums
/// of integers in a fixed window make the score independent of arrival order; recency is measured from the person's
/// own last activity (lastSeenAt shows how long ago that was). Product summaries are counts, min/max and the state of
/// the latest event by (occurredAt, eventId): order-independent too.
/// </summary>
internal sealed class Customer360Aggregator(Customer360Folds folds)
{
    public const int WindowWeeks = 12;
    private const double Decay = 0.85;
    private const double Scale = 40.0;
    private static readonly DateTimeOffset WeekEpoch = new(1970, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public Customer360Folds Folds => folds;

    public static long WeekOf(DateTimeOffset t) => (long)Math.Floor((t - WeekEpoch).TotalDays / 7);

    /// <summary>A person seen for the first time.</summary>
    public Customer360State Start(string userEcosystemId, DateTimeOffset at) =>
        new(new Customer360Row { UserEcosystemId = userEcosystemId, FirstSeenAt = at, LastSeenAt = at }, [], new ProductSummary?[folds.All.Count]);

    /// <summary>A stored row, to fold more events into.</summary>
    public Customer360State Resume(Customer360Row row) => new(row, ReadWeeks(row.EngagementWeeks), folds.Read(row.Summaries));

    public void Apply(Customer360State state, in EventFacts e)
    {
        var row = state.Row;
        if (e.OccurredAt < row.FirstSeenAt) row.FirstSeenAt = e.OccurredAt;
        if (e.OccurredAt > row.LastSeenAt) row.LastSeenAt = e.OccurredAt;
        row.EventCount++;

        var plan = folds.Plan(e.EventName);
        if (plan.Product is { } product && !HasProduct(row.Products, product))
        {
            row.Products = string.Join(',', row.Products.Split(',', StringSplitOptions.RemoveEmptyEntries).Append(product).Order(StringComparer.Ordinal));
        }

        if (plan.Steps.Length > 0) Fold(state, plan, e);
        if (Customer360Groups.IsGroupCall(e.EventName)) (state.Groups ??= Customer360Groups.Read(row.Groups)).Apply(e);

        // Engagement: weekly buckets in a window that ends at the person's latest week.
        var weeks = state.Weeks;
        var week = WeekOf(e.OccurredAt);
        var latest = WeekOf(row.LastSeenAt);
        if (week > latest - WindowWeeks)
        {
            weeks[week] = weeks.GetValueOrDefault(week) + plan.Weight;
        }

        foreach (var old in weeks.Keys.Where(w => w <= latest - WindowWeeks).ToList()) weeks.Remove(old);
    }

    /// <summary>Writes the week buckets and the summaries back and recomputes the score, deterministically.</summary>
    public void Finish(Customer360State state)
    {
        var row = state.Row;
        var latest = WeekOf(row.LastSeenAt);
        var ordered = state.Weeks.OrderBy(w => w.Key).ToList();
        var d = 0.0;
        foreach (var (week, points) in ordered) d += points * Math.Pow(Decay, latest - week);
        row.EngagementScore = (int)Math.Round(100 * (1 - Math.Exp(-d / Scale)), MidpointRounding.AwayFromZero);
        row.EngagementWeeks = "{" + string.Join(",", ordered.Select(w => $"\"{w.Key.ToString(CultureInfo.InvariantCulture)}\":{w.Value.ToString(CultureInfo.InvariantCulture)}")) + "}";
        row.Summaries = folds.Write(state.Summaries);
        row.Statuses = folds.Statuses(state.Summaries);
        if (state.Groups is { } groups) row.Groups = groups.Write();
    }

    private void Fold(Customer360State state, EventPlan plan, in EventFacts e)
    {
        JsonDocument? doc = null;
        try
        {
            foreach (var step in plan.Steps)
            {
                var summary = state.Summaries[step.Fold] ??= folds.NewSummary(step.Fold);
                switch (step.Kind)
                {
                    case FoldStepKind.Touch:
                        if (e.OccurredAt < summary.First) summary.First = e.OccurredAt;
                        if (e.OccurredAt > summary.Last) summary.Last = e.OccurredAt;
                        var fold = folds.All[step.Fold];
                        if (fold.StateProperty is { } property && IsLater(e, summary.AsOf, summary.AsOfEventId)
                            && Root(ref doc, e.Metadata).TryGetProperty(property, out var snapshot) && snapshot.ValueKind == JsonValueKind.Object)
                        {
                            for (var j = 0; j < fold.State.Count; j++) summary.State[j] = Value(snapshot, fold.State[j]);
                            summary.AsOf = e.OccurredAt;
                            summary.AsOfEventId = e.EventId;
                        }

                        break;
                    case FoldStepKind.Counter:
                        if (step.WhenTrue is null || (Root(ref doc, e.Metadata).TryGetProperty(step.WhenTrue, out var flag) && flag.ValueKind == JsonValueKind.True))
                        {
                            summary.Counts[step.Index]++;
                        }

                        break;
                    case FoldStepKind.LastAt:
                        if (summary.Times[step.Index] is not { } last || e.OccurredAt > last) summary.Times[step.Index] = e.OccurredAt;
                        break;
                }
            }
        }
        finally
        {
            doc?.Dispose();
        }
    }

    private static JsonElement Root(ref JsonDocument? doc, string metadata)
    {
        doc ??= JsonDocument.Parse(metadata);
        return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement : EmptyObject;
    }

    private static object? Value(JsonElement snapshot, SummaryStateField field)
    {
        if (!snapshot.TryGetProperty(field.Property, out var v)) return null;
        return field.Type switch
        {
            SummaryValueType.Integer => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null,
            _ => v.ValueKind == JsonValueKind.String ? v.GetString() : null,
        };
    }

    private static bool HasProduct(string products, string product)
    {
        var at = 0;
        while (true)
        {
            var found = products.IndexOf(product, at, StringComparison.Ordinal);
            if (found < 0) return false;
            var end = found + product.Length;
            if ((found == 0 || products[found - 1] == ',') && (end == products.Length || products[end] == ',')) return true;
            at = found + 1;
        }
    }

    private static Dictionary<long, long> ReadWeeks(string json)
    {
        var result = new Dictionary<long, long>();
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject()) result[long.Parse(p.Name, CultureInfo.InvariantCulture)] = p.Value.GetInt64();
        return result;
    }

    private static bool IsLater(in EventFacts e, DateTimeOffset? asOf, string? asOfId) =>
        asOf is null || e.OccurredAt > asOf || (e.OccurredAt == asOf && string.CompareOrdinal(e.EventId, asOfId) > 0);
}
