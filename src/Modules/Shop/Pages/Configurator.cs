using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Pricing;

namespace Ecosystem.Shop.Pages;

/// <summary>A configured product: the package, the options and the quantity a buyer (or an admin for a client) chose.</summary>
internal sealed record Selection(string? VariantId, IReadOnlyList<string> OptionIds, int Quantity)
{
    /// <summary>What a product page starts with: the first package, the first option of each required group.</summary>
    public static Selection Default(ProductResponse product)
    {
        var variant = product.Variants.FirstOrDefault(v => v.Active)?.Id;
        var options = new List<string>();
        foreach (var group in product.OptionGroups.Where(g => g.Required))
        {
            var fitting = group.Options.Where(o => o.Active && (o.VariantIds.Count == 0 || (variant is not null && o.VariantIds.Contains(variant)))).ToList();
            options.AddRange(fitting.Take(group.Multiple ? Math.Max(1, group.MinSelections) : 1).Select(o => o.Id));
        }

        return new Selection(variant, options, 1);
    }

    /// <summary>A selection posted by a form: empty values (the “none” choice) are dropped, only this product's options are kept.</summary>
    public static Selection From(ProductResponse product, string? variantId, IEnumerable<string>? optionIds, int? quantity)
    {
        var known = product.OptionGroups.SelectMany(g => g.Options).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        return new Selection(string.IsNullOrWhiteSpace(variantId) ? null : variantId,
            [.. (optionIds ?? []).Where(o => !string.IsNullOrWhiteSpace(o) && known.Contains(o)).Distinct(StringComparer.Ordinal)], quantity ?? 1);
    }

    /// <summary>The choice as the configurator's form posts it: <c>variantId</c>, <c>group-{id}</c> for one-choice groups, <c>optionIds</c> for the rest.</summary>
    public static Selection FromForm(ProductResponse product, Microsoft.AspNetCore.Http.IFormCollection form)
    {
        var ids = form["optionIds"].Select(v => v ?? "").ToList();
        foreach (var g in product.OptionGroups) ids.AddRange(form["group-" + g.Id].Select(v => v ?? ""));
        return From(product, form["variantId"].ToString(), ids, int.TryParse(form["quantity"], out var q) ? q : 1);
    }

    public PriceRequest ToPriceRequest(string slug) => new([new PriceItemRequest(slug, VariantId, OptionIds, Quantity)]);
}

/// <summary>What the configurator partial shows: the product, the current choice, its price (or why it has none).</summary>
internal sealed record Configurator(ProductResponse Product, Selection Selection, PriceQuote? Quote, string? Problem, bool ShowQuantity = true)
{
    public string NameOf(string optionOrVariantId) =>
        Product.OptionGroups.SelectMany(g => g.Options).FirstOrDefault(o => o.Id == optionOrVariantId)?.Name
        ?? Product.Variants.FirstOrDefault(v => v.Id == optionOrVariantId)?.Name
        ?? "an option no longer sold";

    /// <summary>The option's rules in words, for the text next to it.</summary>
    public IReadOnlyList<string> Rules(OptionResponse o)
    {
        var rules = new List<string>();
        if (o.Requires.Count > 0) rules.Add("Needs " + string.Join(" and ", o.Requires.Select(r => "“" + NameOf(r) + "”")) + ".");
        if (o.Excludes.Count > 0) rules.Add("Cannot be combined with " + string.Join(" or ", o.Excludes.Select(r => "“" + NameOf(r) + "”")) + ".");
        if (o.VariantIds.Count > 0) rules.Add("Only with " + string.Join(" or ", o.VariantIds.Select(NameOf)) + ".");
        return rules;
    }

    public static string GroupHint(OptionGroupResponse g) =>
        !g.Multiple ? (g.Required ? "Choose one." : "Optional: choose one or none.")
        : g.Required || g.MinSelections > 0 ? (g.MinSelections == g.MaxSelections ? $"Choose {g.MaxSelections}." : $"Choose {Math.Max(1, g.MinSelections)} to {g.MaxSelections}.")
        : $"Optional: choose up to {g.MaxSelections}.";
}
