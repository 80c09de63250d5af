namespace Ecosystem.Shop.Pricing;

/// <summary>Priced lines and their sums: subtotal (net), tax (the sum of each line's rounded tax) and total.</summary>
public sealed record PriceQuote(IReadOnlyList<PricedLine> Lines, long Subtotal, long Tax, long Total, string Currency)
{
    public static PriceQuote Of(IReadOnlyList<PricedLine> lines, string currency) =>
        new(lines, lines.Sum(l => l.Net), lines.Sum(l => l.Tax), lines.Sum(l => l.Total), currency);
}
