using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Html;

namespace Ecosystem.Platform.Ui;

/// <summary>
/// JSON values (audit diffs, event metadata) as people read them: an amount field of a snapshot with a currency is money ("5,000.00 USD",
/// the raw minor units on hover), and an object or a list is a collapsible list of its fields instead of raw JSON.
/// </summary>
public static class JsonFields
{
    private static readonly string[] MoneyNames = ["amount", "limit", "value", "price", "balance", "total", "fee"];

    /// <summary>The currency of the entry's object: from its snapshot after the change, or before it.</summary>
    public static string? CurrencyOf(JsonElement? after, JsonElement? before) =>
        new[] { after, before }.Select(s => s is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
            .FirstOrDefault(c => c is not null && Money.IsKnownCurrency(c));

    /// <summary>One value of an audit diff: objects and lists start folded ("3 fields").</summary>
    public static IHtmlContent Show(string field, JsonElement? value, string? currency)
    {
        var html = new HtmlContentBuilder();
        Write(html, field, value, currency, depth: 0, openUpTo: 0);
        return html;
    }

    /// <summary>A payload (event metadata): its fields listed, folded only when there are more than <paramref name="openUpTo"/>.</summary>
    public static IHtmlContent Fields(JsonElement value, int openUpTo = 6)
    {
        var html = new HtmlContentBuilder();
        Write(html, "", value, CurrencyOf(value, null), depth: 0, openUpTo);
        return html;
    }

    private static void Write(HtmlContentBuilder html, string field, JsonElement? value, string? currency, int depth, int openUpTo)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            html.AppendHtml("<span class=\"muted\">none</span>");
            return;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                html.Append(v.GetString()!);
                break;
            case JsonValueKind.Number when currency is not null && IsMoneyField(field) && v.TryGetInt64(out var minor):
                html.AppendHtml($"<span title=\"{minor.ToString(CultureInfo.InvariantCulture)} (smallest unit)\">");
                html.Append(new Money(minor, currency).ToString());
                html.AppendHtml("</span>");
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                var items = v.ValueKind == JsonValueKind.Object
                    ? v.EnumerateObject().Select(p => (Name: p.Name, Value: p.Value)).ToList()
                    : v.EnumerateArray().Select((e, i) => (Name: (i + 1).ToString(CultureInfo.InvariantCulture), Value: e)).ToList();
                if (items.Count == 0)
                {
                    html.AppendHtml("<span class=\"muted\">empty</span>");
                    break;
                }

                // A short list of plain values reads inline; anything bigger folds away.
                if (v.ValueKind == JsonValueKind.Array && items.Count <= 5 && items.All(i => i.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number))
                {
                    html.Append(string.Join(", ", items.Select(i => i.Value.ValueKind == JsonValueKind.String ? i.Value.GetString() : i.Value.GetRawText())));
                    break;
                }

                var nestedCurrency = v.ValueKind == JsonValueKind.Object ? CurrencyOf(v, null) ?? currency : currency;
                html.AppendHtml(depth > 0 || items.Count <= openUpTo ? "<details class=\"json\" open><summary>" : "<details class=\"json\"><summary>");
                html.Append(v.ValueKind == JsonValueKind.Object ? $"{items.Count} field{(items.Count == 1 ? "" : "s")}" : $"{items.Count} item{(items.Count == 1 ? "" : "s")}");
                html.AppendHtml("</summary><dl class=\"json-fields\">");
                foreach (var (name, item) in items)
                {
                    html.AppendHtml("<dt>");
                    html.Append(name);
                    // A nested object or list takes the whole width under its name, so its values never wrap letter by letter.
                    html.AppendHtml(IsFolded(item) ? "</dt><dd class=\"nested\">" : "</dt><dd>");
                    Write(html, name, item, nestedCurrency, depth + 1, openUpTo);
                    html.AppendHtml("</dd>");
                }

                html.AppendHtml("</dl></details>");
                break;
            default:
                html.Append(v.GetRawText());
                break;
        }
    }

    private static bool IsFolded(JsonElement v) =>
        v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Any()
        : v.ValueKind == JsonValueKind.Array && !(v.GetArrayLength() <= 5 && v.EnumerateArray().All(i => i.ValueKind is JsonValueKind.String or JsonValueKind.Number));

    private static bool IsMoneyField(string field) =>
        MoneyNames.Any(n => field.EndsWith(n, StringComparison.OrdinalIgnoreCase));
}
