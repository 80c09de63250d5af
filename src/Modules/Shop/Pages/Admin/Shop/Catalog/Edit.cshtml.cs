using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ecosystem.Platform;
using Ecosystem.Shop.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Admin.Shop.Catalog;

/// <summary>The product's structure as the editor's text area holds it: the <see cref="ProductRequest"/> parts that are lists.</summary>
public sealed record ProductStructure(
    IReadOnlyList<OptionGroupRequest>? OptionGroups, IReadOnlyList<VariantRequest>? Variants, IReadOnlyList<PlanRequest>? Plans, IReadOnlyList<MediaRequest>? Media,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>The basics as typed: money in euros (12.50), the tax rate in percent (19).</summary>
public sealed class ProductForm
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string? BasePrice { get; set; }
    public string? TaxRate { get; set; }
    public bool Active { get; set; }
    public int? DisplayOrder { get; set; }
    public string? Structure { get; set; }
}

internal sealed class EditModel(CatalogService catalog, ShopOptions options) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [BindProperty]
    public ProductForm Form { get; set; } = new();

    public bool IsNew { get; private set; }
    public string? ExistingSlug { get; private set; }
    public ProductResponse? Existing { get; private set; }
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    public string? Problem { get; private set; }
    public string Currency => options.Currency;

    public string? E(string key) => Errors.TryGetValue(key, out var m) ? string.Join(" ", m) : null;

    public IEnumerable<string> StructureErrors => Errors.Where(kv => kv.Key is not ("slug" or "title" or "description" or "category" or "basePrice" or "taxRate" or "displayOrder"))
        .SelectMany(kv => kv.Value.Select(m => kv.Key == "structure" ? m : $"{Where(kv.Key)}: {m}"));

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (slug == "new")
        {
            IsNew = true;
            Form = new ProductForm { Active = false, TaxRate = "19", DisplayOrder = 100, Structure = JsonSerializer.Serialize(new ProductStructure([], [], [], [], new Dictionary<string, string>()), Json) };
            return Page();
        }

        var found = await catalog.GetAsync(slug, true, ct);
        if (!found.IsSuccess) return NotFound();
        var p = Existing = found.Value!;
        ExistingSlug = p.Slug;
        Form = new ProductForm
        {
            Slug = p.Slug, Title = p.Title, Description = p.Description, Category = p.Category, BasePrice = ShopFormat.Major(p.BasePrice, p.Currency),
            TaxRate = (p.TaxRate / 100m).ToString("0.##", CultureInfo.InvariantCulture), Active = p.Active, DisplayOrder = p.DisplayOrder,
            Structure = JsonSerializer.Serialize(ToStructure(p), Json),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        IsNew = slug == "new";
        ExistingSlug = IsNew ? null : slug;
        if (!IsNew)
        {
            var found = await catalog.GetAsync(slug, true, ct);
            if (!found.IsSuccess) return NotFound();
            Existing = found.Value;
        }

        var f = Form;
        long? basePrice = null;
        if (decimal.TryParse(f.BasePrice?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var zero) && zero == 0) basePrice = 0;
        else if (Amounts.CheckTyped(f.BasePrice, Currency, Ecosystem.Shop.Catalog.CatalogService.MaxPrice, out var minor) is { } problem) Add("basePrice", problem);
        else basePrice = minor;
        int? taxRate = null;
        if (decimal.TryParse(f.TaxRate?.Trim().TrimEnd('%').Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct) && pct is >= 0 and <= 100 && pct * 100 == decimal.Truncate(pct * 100))
        {
            taxRate = (int)(pct * 100);
        }
        else
        {
            Add("taxRate", "Enter the VAT rate in percent, from 0 to 100, like 19.");
        }

        ProductStructure? structure = null;
        try
        {
            structure = JsonSerializer.Deserialize<ProductStructure>(string.IsNullOrWhiteSpace(f.Structure) ? "{}" : f.Structure, Json);
        }
        catch (JsonException e)
        {
            Add("structure", $"The structure is not valid JSON{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: check commas, quotes and brackets.");
        }

        if (Errors.Count > 0) return Invalid();
        var request = new ProductRequest(f.Slug, f.Title, f.Description, f.Category, f.Active, f.DisplayOrder, basePrice, Currency, taxRate,
            structure?.OptionGroups ?? [], structure?.Variants ?? [], structure?.Media ?? [], structure?.Plans ?? [], structure?.Metadata ?? new Dictionary<string, string>());
        var result = await catalog.SaveAsync(ExistingSlug, request, ct);
        if (result.IsSuccess)
        {
            TempData["Flash"] = $"“{result.Value!.Title}” is saved{(result.Value.Active ? " and on sale" : " (hidden from the shop)")}.";
            TempData["FlashKind"] = "ok";
            return Redirect("/admin/shop/catalog/" + result.Value.Slug);
        }

        var error = result.Error!;
        if (error.Fields is { } fields)
        {
            foreach (var (key, messages) in fields)
            {
                foreach (var m in messages)
                {
                    Add(key, key switch
                    {
                        "basePrice" => "Enter a base price from 0.00 to 100,000,000.00 euros.",
                        "taxRate" => "Enter the VAT rate in percent, from 0 to 100.",
                        _ => m,
                    });
                }
            }
        }
        else
        {
            Problem = error.Message;
        }

        Response.StatusCode = error.Status;
        return Invalid();
    }

    private PageResult Invalid()
    {
        if (Response.StatusCode == 200) Response.StatusCode = 422;
        Problem ??= "Nothing was saved. Fix what is marked below.";
        return Page();
    }

    private void Add(string key, string message)
    {
        if (!Errors.TryGetValue(key, out var list)) Errors[key] = list = [];
        list.Add(message);
    }

    /// <summary>A field path from the service (<c>optionGroups[0].options[2].priceDelta</c>) in words: “Option group 1, option 3, price change”.</summary>
    private string Where(string key)
    {
        var parts = key.Split('.');
        var words = parts.Select(part =>
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            var index = bracket < 0 ? "" : " " + (int.Parse(part[(bracket + 1)..part.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            var word = name switch
            {
                "optionGroups" => "option group", "options" => "option", "variants" => "package", "plans" => "plan", "media" => "image", "metadata" => "details",
                "priceDelta" => "price change", "deltaType" => "fixed or percent", "variantIds" => "packages it goes with", "requires" => "needs", "excludes" => "cannot be combined with",
                "minSelections" => "fewest choices", "maxSelections" => "most choices", "trialDays" => "trial days", "providerPriceId" => "payment provider's price id",
                "fileId" => "uploaded file", "altText" => "image description",
                _ => name,
            };
            return word + index;
        });
        var text = string.Join(", ", words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static ProductStructure ToStructure(ProductResponse p) => new(
        [.. p.OptionGroups.Select(g => new OptionGroupRequest(g.Id, g.Name, g.Multiple, g.Required, g.MinSelections, g.MaxSelections,
            [.. g.Options.Select(o => new OptionRequest(o.Id, o.Name, o.Description, o.PriceDelta, o.DeltaType, o.Requires, o.Excludes, o.VariantIds, o.Flags, o.Active))]))],
        [.. p.Variants.Select(v => new VariantRequest(v.Id, v.Name, v.Sku, v.Price, v.Active))],
        [.. p.Plans.Select(x => new PlanRequest(x.Id, x.Name, x.Interval, x.Price, x.TrialDays, x.ProviderPriceId, x.Active))],
        [.. p.Media.Select(m => new MediaRequest(m.FileId, m.AltText))],
        p.Metadata);
}
