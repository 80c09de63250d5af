using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Cart;

/// <summary>A product in a cart with its variant, options and quantity, and the price snapshot it was last priced at.</summary>
internal sealed class CartLine
{
    public string LineId { get; set; } = "";
    public string CartId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string? VariantId { get; set; }
    public List<string> OptionIds { get; set; } = [];
    public int Quantity { get; set; }
    public string SnapshotJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }

    public PricedLine Snapshot => JsonSerializer.Deserialize<PricedLine>(SnapshotJson, Ecosystem.Platform.Json.Options)!;

    public void SetSnapshot(PricedLine line) => SnapshotJson = JsonSerializer.Serialize(line, Ecosystem.Platform.Json.Options);

    /// <summary>Same product, variant and options: adding it again raises the quantity instead of adding a line.</summary>
    public bool SameChoice(string productId, string? variantId, IReadOnlyCollection<string> optionIds) =>
        ProductId == productId && VariantId == variantId && OptionIds.Order(StringComparer.Ordinal).SequenceEqual(optionIds.Distinct().Order(StringComparer.Ordinal));

    internal static void Configure(EntityTypeBuilder<CartLine> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "cart_lines");
        b.HasKey(x => x.LineId);
        b.Property(x => x.LineId).HasMaxLength(40);
        b.Property(x => x.CartId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.VariantId).HasMaxLength(40);
        JsonColumns.List(b.Property(x => x.OptionIds), "option_ids");
        b.Property(x => x.SnapshotJson).HasColumnName("snapshot").HasMaxLength(8000);
        b.Ignore(x => x.Snapshot);
        b.HasIndex(x => x.CartId);
    }
}
