using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Pricing;

namespace Ecosystem.Tests.Shop;

/// <summary>The one pricing function, without a database: deltas, rounding per line, constraints named in words.</summary>
public sealed class PriceCalculatorTests
{
    private static Product Followers()
    {
        var product = new Product { ProductId = "prd_1", Slug = "followers", Title = "Followers", Active = true, BasePrice = 1_900, Currency = "EUR", TaxRateBasisPoints = 1_900 };
        product.Variants.AddRange([new ProductVariant { VariantId = "var_1k", Name = "1,000", Price = 1_900 }, new ProductVariant { VariantId = "var_5k", Name = "5,000", Price = 7_900 }]);
        var audience = new OptionGroup { GroupId = "grp_a", Name = "Audience", Required = true, MinSelections = 1, MaxSelections = 1, DisplayOrder = 0 };
        audience.Options.AddRange([
            new ProductOption { OptionId = "opt_world", GroupId = "grp_a", Name = "Worldwide", DeltaType = DeltaType.Fixed, PriceDelta = 0 },
            new ProductOption { OptionId = "opt_dach", GroupId = "grp_a", Name = "DACH", DeltaType = DeltaType.Percent, PriceDelta = 2_500 },
        ]);
        var speed = new OptionGroup { GroupId = "grp_s", Name = "Speed", Required = true, MinSelections = 1, MaxSelections = 1, DisplayOrder = 1 };
        speed.Options.AddRange([
            new ProductOption { OptionId = "opt_steady", GroupId = "grp_s", Name = "Steady", DeltaType = DeltaType.Fixed },
            new ProductOption { OptionId = "opt_express", GroupId = "grp_s", Name = "Express", DeltaType = DeltaType.Percent, PriceDelta = 3_000, VariantIds = ["var_1k"] },
        ]);
        var addons = new OptionGroup { GroupId = "grp_x", Name = "Add-ons", Multiple = true, MinSelections = 0, MaxSelections = 2, DisplayOrder = 2 };
        addons.Options.AddRange([
            new ProductOption { OptionId = "opt_refill", GroupId = "grp_x", Name = "Refill", DeltaType = DeltaType.Fixed, PriceDelta = 490 },
            new ProductOption { OptionId = "opt_drip", GroupId = "grp_x", Name = "Drip-feed", DeltaType = DeltaType.Fixed, Excludes = ["opt_express"] },
            new ProductOption { OptionId = "opt_report", GroupId = "grp_x", Name = "Report", DeltaType = DeltaType.Fixed, PriceDelta = 5, Requires = ["opt_refill"] },
        ]);
        product.Groups.AddRange([audience, speed, addons]);
        return product;
    }

    [Fact]
    public void Percent_deltas_are_of_the_packages_price_and_tax_is_rounded_once_per_line_half_away_from_zero()
    {
        var line = PriceCalculator.Price(Followers(), "var_5k", ["opt_dach", "opt_steady", "opt_refill"], 3).Value!;
        // 7,900 + 25 % of 7,900 (1,975) + 490 = 10,365 a unit; × 3 = 31,095 net; 19 % = 5,908.05 → 5,908.
        Assert.Equal((7_900L, 10_365L, 31_095L, 5_908L, 37_003L), (line.UnitBase, line.UnitPrice, line.Net, line.Tax, line.Total));
        Assert.Equal([1_975L, 0L, 490L], line.Options.Select(o => o.UnitAmount));

        var half = PriceCalculator.Price(Followers(), "var_1k", ["opt_world", "opt_steady", "opt_refill", "opt_report"], 1).Value!;
        // 1,900 + 490 + 5 = 2,395; 19 % = 455.05 → 455. And a half cent: 2,350 × 19 % = 446.5 → 447.
        Assert.Equal(455L, half.Tax);
        Assert.Equal(447L, PriceCalculator.RoundHalfAwayFromZero(2_350 * 1_900 / 10_000m));
        Assert.Equal(-447L, PriceCalculator.RoundHalfAwayFromZero(-2_350 * 1_900 / 10_000m));
    }

    [Fact]
    public void A_selection_that_breaks_a_rule_names_the_options_in_words()
    {
        var product = Followers();
        Assert.Equal("Choose an option for “Speed”.", PriceCalculator.Price(product, "var_1k", ["opt_world"], 1).Error!.Message);
        Assert.Equal("“Express” is only available with 1,000.", PriceCalculator.Price(product, "var_5k", ["opt_world", "opt_express"], 1).Error!.Message);
        Assert.Equal("“Drip-feed” cannot be combined with “Express”.", PriceCalculator.Price(product, "var_1k", ["opt_world", "opt_express", "opt_drip"], 1).Error!.Message);
        Assert.Equal("“Report” needs “Refill”.", PriceCalculator.Price(product, "var_1k", ["opt_world", "opt_steady", "opt_report"], 1).Error!.Message);
        Assert.Equal("Choose only one option for “Audience”.", PriceCalculator.Price(product, "var_1k", ["opt_world", "opt_dach", "opt_steady"], 1).Error!.Message);
        Assert.Equal("VARIANT_REQUIRED", PriceCalculator.Price(product, null, ["opt_world", "opt_steady"], 1).Error!.Code);
        Assert.Equal("OPTION_UNKNOWN", PriceCalculator.Price(product, "var_1k", ["opt_world", "opt_steady", "opt_nope"], 1).Error!.Code);
        Assert.Equal("QUANTITY_INVALID", PriceCalculator.Price(product, "var_1k", ["opt_world", "opt_steady"], 0).Error!.Code);
        var violation = PriceCalculator.Price(product, "var_5k", ["opt_world", "opt_express", "opt_drip"], 1).Error!;
        Assert.Equal(("OPTION_CONSTRAINT", 422), (violation.Code, violation.Status));
        Assert.Equal(2, violation.Fields!["optionIds"].Length);
    }
}
