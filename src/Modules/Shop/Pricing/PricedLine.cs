namespace Ecosystem.Shop.Pricing;

/// <summary>
/// One priced line: the snapshot stored on a cart line and an order item, and later read by the invoice. All amounts
/// are minor units of <see cref="Currency"/>: <see cref="UnitBase"/> (the variant's or product's net price),
/// <see cref="UnitPrice"/> (base plus option deltas), <see cref="Net"/> (unit price × quantity), <see cref="Tax"/>
/// (rounded once per line) and <see cref="Total"/> (net + tax). <see cref="TaxRate"/> is in basis points (1900 = 19 %).
/// </summary>
public sealed record PricedLine(
    string ProductId, string ProductSlug, string ProductTitle, string? VariantId, string? VariantName, IReadOnlyList<PricedOption> Options,
    int Quantity, long UnitBase, long UnitPrice, long Net, int TaxRate, long Tax, long Total, string Currency);
