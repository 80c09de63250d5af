using System.Buffers;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ecosystem.Analytics.Catalog;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// The modules' <see cref="ProductSummaryFold"/>s, compiled once: a plan per event name (<see cref="Plan"/>), the
/// canonical JSON form of a person's summaries (<see cref="Read"/>, <see cref="Write"/>), the statuses the list
/// filters on, and a fingerprint of everything that shapes the view (folds, catalog products and weights), so a
/// change of declarations rebuilds the view from the log.
/// </summary>
internal sealed class Customer360Folds
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly FrozenDictionary<string, EventPlan> plans;
    private readonly FrozenDictionary<string, int> byProduct;
    private readonly FrozenDictionary<string, int>[] stateIndex;
    private readonly FrozenDictionary<string, int>[] counterIndex;
    private readonly FrozenDictionary<string, int>[] timeIndex;

    public Customer360Folds(IEnumerable<ProductSummaryFold> declared, EventCatalog catalog)
    {
        var folds = declared.ToList();
        if (folds.GroupBy(f => f.Product, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Two Customer 360 folds declare product '{twice.Key}'.");
        }

        All = folds.OrderBy(f => f.Product, StringComparer.Ordinal).ToList();
        byProduct = All.Select((f, i) => (f.Product, i)).ToFrozenDictionary(x => x.Product, x => x.i, StringComparer.Ordinal);
        stateIndex = All.Select(f => Index(f.State.Select(s => s.Property))).ToArray();
        counterIndex = All.Select(f => Index(f.Counters.Select(c => c.Field))).ToArray();
        timeIndex = All.Select(f => Index(f.LastAt.Select(c => c.Field))).ToArray();

        var steps = new Dictionary<string, List<FoldStep>>(StringComparer.Ordinal);
        void Add(string name, FoldStep step)
        {
            if (!steps.TryGetValue(name, out var list)) steps[name] = list = [];
            if (!list.Contains(step)) list.Add(step);
        }

        for (var i = 0; i < All.Count; i++)
        {
            var fold = All[i];
            var belong = catalog.All.Where(d => d.Product == fold.Product).Select(d => d.Name)
                .Concat(fold.Events).Concat(fold.Counters.Select(c => c.EventName)).Concat(fold.LastAt.Select(c => c.EventName));
            foreach (var name in belong.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) Add(name, new FoldStep(i, FoldStepKind.Touch, 0));
            for (var c = 0; c < fold.Counters.Count; c++) Add(fold.Counters[c].EventName, new FoldStep(i, FoldStepKind.Counter, c, fold.Counters[c].WhenTrue));
            for (var t = 0; t < fold.LastAt.Count; t++) Add(fold.LastAt[t].EventName, new FoldStep(i, FoldStepKind.LastAt, t));
        }

        var result = new Dictionary<string, EventPlan>(StringComparer.Ordinal);
        foreach (var name in catalog.All.Select(d => d.Name).Concat(steps.Keys).Distinct(StringComparer.Ordinal))
        {
            var definition = catalog.Find(name);
            var list = steps.GetValueOrDefault(name) ?? [];
            var needsMetadata = list.Any(s => s.WhenTrue is not null || (s.Kind == FoldStepKind.Touch && All[s.Fold].StateProperty is not null));
            result[name] = new EventPlan(definition?.Product, definition?.Weight ?? 1, [.. list], needsMetadata);
        }

        plans = result.ToFrozenDictionary(StringComparer.Ordinal);
        Fingerprint = Hash(catalog);
    }

    /// <summary>The folds, ordered by product (a summary's index is its place here).</summary>
    public IReadOnlyList<ProductSummaryFold> All { get; }

    /// <summary>Changes whenever a declaration that shapes the view changes.</summary>
    public string Fingerprint { get; }

    public EventPlan Plan(string eventName) => plans.GetValueOrDefault(eventName) ?? EventPlan.Unknown;

    public ProductSummary NewSummary(int fold) => new(All[fold].State.Count, All[fold].Counters.Count, All[fold].LastAt.Count);

    /// <summary>The value a state field answers with: what the latest snapshot kept, or the field's default.</summary>
    public static object? StateValue(SummaryStateField field, object? kept) =>
        kept ?? (field.Default is null ? null : field.Type == SummaryValueType.Integer ? long.Parse(field.Default, System.Globalization.CultureInfo.InvariantCulture) : field.Default);

    /// <summary>
    /// The filterable statuses of a person's products, <c>|product=status|…</c>, each only when it is not the status'
    /// default (people without a snapshot have the default).
    /// </summary>
    public string Statuses(ProductSummary?[] summaries)
    {
        StringBuilder? text = null;
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].StatusFilter is not { } filter || summaries[i] is not { } summary) continue;
            var index = stateIndex[i][filter.Property];
            var value = summary.State[index] as string;
            if (value is null || value == All[i].State[index].Default) continue;
            (text ??= new StringBuilder("|")).Append(All[i].Product).Append('=').Append(value.Replace('|', '¦')).Append('|');
        }

        return text?.ToString() ?? "";
    }

    /// <summary>The stored form of a person's summaries: products in order, each figure by its declared name; no nulls or zeros.</summary>
    public string Write(ProductSummary?[] summaries)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            for (var i = 0; i < All.Count; i++)
            {
                if (summaries[i] is not { } s) continue;
                var fold = All[i];
                w.WriteStartObject(fold.Product);
                w.WriteNumber("first", SqliteTime.ToMicros(s.First));
                w.WriteNumber("last", SqliteTime.ToMicros(s.Last));
                if (s.AsOf is { } asOf)
                {
                    w.WriteNumber("asOf", SqliteTime.ToMicros(asOf));
                    w.WriteString("asOfEventId", s.AsOfEventId);
                    w.WriteStartObject("state");
                    for (var j = 0; j < fold.State.Count; j++)
                    {
                        switch (s.State[j])
                        {
                            case string text: w.WriteString(fold.State[j].Property, text); break;
                            case long number: w.WriteNumber(fold.State[j].Property, number); break;
                        }
                    }

                    w.WriteEndObject();
                }

                if (s.Counts.Any(c => c != 0))
                {
                    w.WriteStartObject("counts");
                    for (var j = 0; j < fold.Counters.Count; j++)
                    {
                        if (s.Counts[j] != 0) w.WriteNumber(fold.Counters[j].Field, s.Counts[j]);
                    }

                    w.WriteEndObject();
                }

                if (s.Times.Any(t => t is not null))
                {
                    w.WriteStartObject("times");
                    for (var j = 0; j < fold.LastAt.Count; j++)
                    {
                        if (s.Times[j] is { } t) w.WriteNumber(fold.LastAt[j].Field, SqliteTime.ToMicros(t));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads the stored form; products and figures no fold declares any more are dropped.</summary>
    public ProductSummary?[] Read(string json)
    {
        var result = new ProductSummary?[All.Count];
        if (json is "" or "{}") return result;
        using var doc = JsonDocument.Parse(json);
        foreach (var product in doc.RootElement.EnumerateObject())
        {
            if (!byProduct.TryGetValue(product.Name, out var i)) continue;
            var s = result[i] = NewSummary(i);
            var o = product.Value;
            s.First = SqliteTime.FromMicros(o.GetProperty("first").GetInt64());
            s.Last = SqliteTime.FromMicros(o.GetProperty("last").GetInt64());
            if (o.TryGetProperty("asOf", out var asOf))
            {
                s.AsOf = SqliteTime.FromMicros(asOf.GetInt64());
                s.AsOfEventId = o.GetProperty("asOfEventId").GetString();
                foreach (var p in o.GetProperty("state").EnumerateObject())
                {
                    if (stateIndex[i].TryGetValue(p.Name, out var j)) s.State[j] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64() : p.Value.GetString();
                }
            }

            if (o.TryGetProperty("counts", out var counts))
            {
                foreach (var p in counts.EnumerateObject())
                {
                    if (counterIndex[i].TryGetValue(p.Name, out var j)) s.Counts[j] = p.Value.GetInt64();
                }
            }

            if (o.TryGetProperty("times", out var times))
            {
                foreach (var p in times.EnumerateObject())
                {
                    if (timeIndex[i].TryGetValue(p.Name, out var j)) s.Times[j] = SqliteTime.FromMicros(p.Value.GetInt64());
                }
            }
        }

        return result;
    }

    private static FrozenDictionary<string, int> Index(IEnumerable<string> names) =>
        names.Select((n, i) => (n, i)).ToFrozenDictionary(x => x.n, x => x.i, StringComparer.Ordinal);

    private string Hash(EventCatalog catalog)
    {
        var text = new StringBuilder("customer360/1\n");
        foreach (var d in catalog.All.OrderBy(d => d.Name, StringComparer.Ordinal)) text.Append(d.Name).Append(' ').Append(d.Product).Append(' ').Append(d.Weight).Append('\n');
        foreach (var f in All)
        {
            text.Append(f.Product).Append(" events=").AppendJoin(',', f.Events).Append(" state=").Append(f.StateProperty)
                .Append(" fields=").AppendJoin(',', f.State.Select(s => $"{s.Property}:{s.Type}:{s.Default}"))
                .Append(" status=").Append(f.StatusFilter?.Property)
                .Append(" counters=").AppendJoin(',', f.Counters.Select(c => $"{c.Field}:{c.EventName}:{c.WhenTrue}"))
                .Append(" lastAt=").AppendJoin(',', f.LastAt.Select(c => $"{c.Field}:{c.EventName}")).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
