using Ecosystem.Platform;
using Ecosystem.Shop.Catalog;

namespace Ecosystem.Shop.Pricing;

/// <summary>
/// The one pricing function of the shop: the product page, the cart, the checkout and (later) the invoice all price
/// through it, and the server always prices again; a price a client sends is never used.
/// <para>The rule, per line:</para>
/// <list type="number">
/// <item>Unit base: the chosen variant's price, or the product's base price when it has no variants.</item>
/// <item>Each chosen option adds its delta to one unit: a fixed delta as it is; a percent delta as
/// <c>unit base × basis points / 10,000</c>, rounded half away from zero to the minor unit.</item>
/// <item>Net = (unit base + deltas) × quantity. Tax = net × tax rate / 10,000, rounded half away from zero, once per
/// line. Total = net + tax. The order's tax is the sum of its lines' taxes (never recomputed from the subtotal).</item>
/// </list>
/// A selection must satisfy each group (required groups at least their minimum, single-choice groups one option,
/// multiple-choice groups between their minimum and maximum) and each option's constraints (requires, excludes,
/// variants it goes with); otherwise the answer is 422 <c>OPTION_CONSTRAINT</c> naming the options.
/// </summary>
internal static class PriceCalculator
{
    public const int MaxQuantity = 1000;

    /// <summary>No line may reach this (minor units): keeps every sum far from overflow.</summary>
    public const long MaxLineTotal = 1_000_000_000_00;

    public static Result<PricedLine> Price(Product product, string? variantId, IReadOnlyCollection<string> optionIds, int quantity)
    {
        if (!product.Active) return Error.Unprocessable("PRODUCT_UNAVAILABLE", $"“{product.Title}” is no longer sold.");
        if (quantity is < 1 or > MaxQuantity) return Error.Unprocessable("QUANTITY_INVALID", $"Choose a quantity from 1 to {MaxQuantity}.");

        var variants = product.Variants.Where(v => v.Active).ToList();
        ProductVariant? variant = null;
        if (variantId is not null)
        {
            variant = variants.FirstOrDefault(v => v.VariantId == variantId);
            if (variant is null) return Error.Unprocessable("VARIANT_UNKNOWN", $"“{product.Title}” has no such package.");
        }
        else if (variants.Count > 0)
        {
            return Error.Unprocessable("VARIANT_REQUIRED", $"Choose a package for “{product.Title}”: {string.Join(", ", variants.OrderBy(v => v.DisplayOrder).Select(v => v.Name))}.");
        }

        var options = product.Groups.SelectMany(g => g.Options.Where(o => o.Active).Select(o => (Group: g, Option: o))).ToDictionary(x => x.Option.OptionId);
        var chosen = new List<(OptionGroup Group, ProductOption Option)>();
        foreach (var id in optionIds.Distinct(StringComparer.Ordinal))
        {
            if (!options.TryGetValue(id, out var found)) return Error.Unprocessable("OPTION_UNKNOWN", $"“{product.Title}” has no option with the id “{Clip(id)}”.");
            chosen.Add(found);
        }

        var problems = Check(product, variant, chosen, options);
        if (problems.Count > 0)
        {
            return new Error("OPTION_CONSTRAINT", 422, string.Join(" ", problems.Select(p => p.Message)))
            {
                Fields = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["optionIds"] = [.. problems.Select(p => p.Message)] },
            };
        }

        var unitBase = variant?.Price ?? product.BasePrice;
        var priced = chosen.OrderBy(c => c.Group.DisplayOrder).ThenBy(c => c.Option.DisplayOrder)
            .Select(c => new PricedOption(c.Option.OptionId, c.Group.Name, c.Option.Name, c.Option.DeltaType == DeltaType.Percent ? "percent" : "fixed", c.Option.PriceDelta,
                Delta(c.Option, unitBase)))
            .ToList();
        var unitPrice = unitBase + priced.Sum(p => p.UnitAmount);
        if (unitPrice < 0) return Error.Unprocessable("PRICE_NEGATIVE", $"This combination of options would cost less than nothing; the catalog entry of “{product.Title}” needs fixing.");
        var net = (decimal)unitPrice * quantity;
        var tax = RoundHalfAwayFromZero(net * product.TaxRateBasisPoints / 10_000m);
        if (net + tax >= MaxLineTotal) return Error.Unprocessable("AMOUNT_TOO_LARGE", "That is more than one order line can hold. Choose a smaller quantity.");
        return new PricedLine(product.ProductId, product.Slug, product.Title, variant?.VariantId, variant?.Name, priced, quantity, unitBase, unitPrice,
            (long)net, product.TaxRateBasisPoints, tax, (long)net + tax, product.Currency);
    }

    /// <summary>A plan's charge per period: its net price plus tax at the product's rate, rounded once.</summary>
    public static (long Net, long Tax, long Total) PlanCharge(SubscriptionPlan plan, int taxRateBasisPoints)
    {
        var tax = RoundHalfAwayFromZero((decimal)plan.Price * taxRateBasisPoints / 10_000m);
        return (plan.Price, tax, plan.Price + tax);
    }

    public static long Delta(ProductOption option, long unitBase) =>
        option.DeltaType == DeltaType.Percent ? RoundHalfAwayFromZero((decimal)unitBase * option.PriceDelta / 10_000m) : option.PriceDelta;

    public static long RoundHalfAwayFromZero(decimal value) => (long)Math.Round(value, 0, MidpointRounding.AwayFromZero);

    private static List<Error> Check(Product product, ProductVariant? variant, List<(OptionGroup Group, ProductOption Option)> chosen, Dictionary<string, (OptionGroup Group, ProductOption Option)> all)
    {
        var problems = new List<Error>();
        var ids = chosen.Select(c => c.Option.OptionId).ToHashSet(StringComparer.Ordinal);
        foreach (var group in product.Groups.OrderBy(g => g.DisplayOrder))
        {
            var count = chosen.Count(c => c.Group.GroupId == group.GroupId);
            var max = group.Multiple ? group.MaxSelections : 1;
            var min = group.Required ? Math.Max(1, group.MinSelections) : count == 0 ? 0 : group.MinSelections;
            if (count < min)
            {
                problems.Add(Problem(min == 1 ? $"Choose an option for “{group.Name}”." : $"Choose at least {min} options for “{group.Name}”."));
            }
            else if (count > max)
            {
                problems.Add(Problem(max == 1 ? $"Choose only one option for “{group.Name}”." : $"Choose at most {max} options for “{group.Name}”."));
            }
        }

        foreach (var (_, option) in chosen)
        {
            foreach (var required in option.Requires.Where(r => !ids.Contains(r)))
            {
                problems.Add(Problem($"“{option.Name}” needs “{NameOf(all, required)}”."));
            }

            foreach (var excluded in option.Excludes.Where(ids.Contains))
            {
                // Each pair once: the option that comes first in the catalog names the conflict.
                if (string.CompareOrdinal(option.OptionId, excluded) < 0 || !all[excluded].Option.Excludes.Contains(option.OptionId))
                {
                    problems.Add(Problem($"“{option.Name}” cannot be combined with “{NameOf(all, excluded)}”."));
                }
            }

            if (option.VariantIds.Count > 0 && (variant is null || !option.VariantIds.Contains(variant.VariantId)))
            {
                var names = product.Variants.Where(v => option.VariantIds.Contains(v.VariantId)).Select(v => v.Name);
                problems.Add(Problem($"“{option.Name}” is only available with {string.Join(" or ", names)}."));
            }
        }

        return problems;
    }

    private static Error Problem(string message) => Error.Unprocessable("OPTION_CONSTRAINT", message);

    private static string NameOf(Dictionary<string, (OptionGroup Group, ProductOption Option)> all, string id) => all.TryGetValue(id, out var o) ? o.Option.Name : "an option no longer sold";

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
