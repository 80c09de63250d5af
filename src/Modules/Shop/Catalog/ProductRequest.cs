namespace Ecosystem.Shop.Catalog;

/// <summary>
/// A whole product as an admin saves it (create or replace). Ids of option groups, options, packages and plans are
/// optional: given, they are kept (carts and constraints refer to them; they look like <c>opt_fast</c>); missing, new
/// ones are made. Something left out of a replace is removed from sale (kept for old orders).
/// </summary>
public sealed record ProductRequest(
    string? Slug, string? Title, string? Description, string? Category, bool? Active, int? DisplayOrder, long? BasePrice, string? Currency, int? TaxRate,
    IReadOnlyList<OptionGroupRequest>? OptionGroups, IReadOnlyList<VariantRequest>? Variants, IReadOnlyList<MediaRequest>? Media, IReadOnlyList<PlanRequest>? Plans,
    IReadOnlyDictionary<string, string>? Metadata);

public sealed record OptionGroupRequest(string? Id, string? Name, bool? Multiple, bool? Required, int? MinSelections, int? MaxSelections, IReadOnlyList<OptionRequest>? Options);

public sealed record OptionRequest(
    string? Id, string? Name, string? Description, long? PriceDelta, string? DeltaType, IReadOnlyList<string>? Requires, IReadOnlyList<string>? Excludes,
    IReadOnlyList<string>? VariantIds, IReadOnlyList<string>? Flags, bool? Active);

public sealed record VariantRequest(string? Id, string? Name, string? Sku, long? Price, bool? Active);

public sealed record MediaRequest(string? FileId, string? AltText);

public sealed record PlanRequest(string? Id, string? Name, string? Interval, long? Price, int? TrialDays, string? ProviderPriceId, bool? Active);
