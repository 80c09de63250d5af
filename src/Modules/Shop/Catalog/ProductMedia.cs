using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>An image of a product: a file in the shared store's <c>catalog</c> bucket, with its alternative text.</summary>
internal sealed class ProductMedia
{
    public string MediaId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string FileId { get; set; } = "";
    public string AltText { get; set; } = "";
    public int DisplayOrder { get; set; }

    internal static void Configure(EntityTypeBuilder<ProductMedia> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "media");
        b.HasKey(x => x.MediaId);
        b.Property(x => x.MediaId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.FileId).HasMaxLength(40);
        b.Property(x => x.AltText).HasMaxLength(200);
        b.HasIndex(x => x.ProductId);
    }
}
