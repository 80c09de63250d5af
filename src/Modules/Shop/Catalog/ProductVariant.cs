using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>A variant of a product (a package size such as "1,000 followers"): its own net unit price replaces the base price.</summary>
internal sealed class ProductVariant
{
    public string VariantId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Sku { get; set; }
    public long Price { get; set; }
    public int DisplayOrder { get; set; }
    public bool Active { get; set; } = true;

    internal static void Configure(EntityTypeBuilder<ProductVariant> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "variants");
        b.HasKey(x => x.VariantId);
        b.Property(x => x.VariantId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.Sku).HasMaxLength(60);
        b.HasIndex(x => x.ProductId);
        b.ToTable(t => t.HasCheckConstraint("ck_variants_price", "price >= 0"));
    }
}
