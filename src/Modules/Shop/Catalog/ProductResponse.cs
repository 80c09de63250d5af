namespace Ecosystem.Shop.Catalog;

/// <summary>
/// A product as the API shows it. Amounts are minor units of <see cref="Currency"/>, net of tax; <see cref="TaxRate"/>
/// is in basis points (1900 = 19 %).
/// </summary>
public sealed record ProductResponse(
    string Id, string Slug, string Title, string Description, string Category, bool Active, int DisplayOrder, long BasePrice, string Currency, int TaxRate,
    IReadOnlyList<OptionGroupResponse> OptionGroups, IReadOnlyList<VariantResponse> Variants, IReadOnlyList<MediaResponse> Media, IReadOnlyList<PlanResponse> Plans,
    IReadOnlyDictionary<string, string> Metadata);

/// <param name="Multiple">True: several options may be chosen (up to <paramref name="MaxSelections"/>); false: one.</param>
public sealed record OptionGroupResponse(string Id, string Name, bool Multiple, bool Required, int MinSelections, int MaxSelections, IReadOnlyList<OptionResponse> Options);

/// <param name="DeltaType"><c>fixed</c>: <paramref name="PriceDelta"/> is minor units added to one unit (may be negative);
/// <c>percent</c>: basis points of the unit's base price (1500 = +15 %).</param>
/// <param name="Requires">Options that must be chosen with this one.</param>
/// <param name="Excludes">Options that cannot be chosen with this one.</param>
/// <param name="VariantIds">When not empty, the packages this option goes with.</param>
public sealed record OptionResponse(
    string Id, string Name, string? Description, long PriceDelta, string DeltaType, IReadOnlyList<string> Requires, IReadOnlyList<string> Excludes,
    IReadOnlyList<string> VariantIds, IReadOnlyList<string> Flags, bool Active);

/// <param name="Price">The package's net unit price; it replaces the product's base price.</param>
public sealed record VariantResponse(string Id, string Name, string? Sku, long Price, bool Active);

/// <param name="Url">Where the image is served (a fresh short-lived link each time).</param>
public sealed record MediaResponse(string Id, string FileId, string AltText, string Url);

/// <param name="Interval"><c>day</c>, <c>week</c>, <c>month</c> or <c>year</c>.</param>
public sealed record PlanResponse(string Id, string Name, string Interval, long Price, string Currency, int TrialDays, string ProviderPriceId, bool Active);
