using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>
/// A product of the growth shop (seed 002): its base price is net, in minor units of the shop's currency, and its tax
/// rate is in basis points (1900 = 19 %). Option groups, variants, media and subscription plans hang off it.
/// </summary>
internal sealed class Product
{
    public string ProductId { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public bool Active { get; set; }
    public int DisplayOrder { get; set; }
    public long BasePrice { get; set; }
    public string Currency { get; set; } = "EUR";
    public int TaxRateBasisPoints { get; set; }

    /// <summary>Free key/value pairs (delivery time, platform…) as a JSON object.</summary>
    public string MetadataJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    public List<OptionGroup> Groups { get; set; } = [];
    public List<ProductVariant> Variants { get; set; } = [];
    public List<ProductMedia> Media { get; set; } = [];
    public List<SubscriptionPlan> Plans { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<Product> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "products");
        b.HasKey(x => x.ProductId);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Slug).HasMaxLength(80);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Title).HasMaxLength(120);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Category).HasMaxLength(60);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.MetadataJson).HasColumnName("metadata").HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasMany(x => x.Groups).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_option_groups_products");
        b.HasMany(x => x.Variants).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_variants_products");
        b.HasMany(x => x.Media).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_media_products");
        b.HasMany(x => x.Plans).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_plans_products");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_products_base_price", "base_price >= 0");
            t.HasCheckConstraint("ck_products_tax_rate", "tax_rate_basis_points BETWEEN 0 AND 10000");
        });
    }
}
