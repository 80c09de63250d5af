using Ecosystem.Platform.Data;
using Ecosystem.Shop.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>
/// One choice in an option group. Its price delta is either fixed (minor units, may be negative) or a percentage of
/// the unit's base price in basis points (1500 = +15 %). Constraints: it <see cref="Requires"/> every listed option,
/// <see cref="Excludes"/> every listed one, and when <see cref="VariantIds"/> is not empty it goes only with those
/// variants. <see cref="Flags"/> are labels shown to the buyer ("needs a public account").
/// </summary>
internal sealed class ProductOption
{
    public string OptionId { get; set; } = "";
    public string GroupId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DeltaType DeltaType { get; set; }
    public long PriceDelta { get; set; }
    public List<string> Requires { get; set; } = [];
    public List<string> Excludes { get; set; } = [];
    public List<string> VariantIds { get; set; } = [];
    public List<string> Flags { get; set; } = [];
    public int DisplayOrder { get; set; }
    public bool Active { get; set; } = true;

    internal static void Configure(EntityTypeBuilder<ProductOption> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "options");
        b.HasKey(x => x.OptionId);
        b.Property(x => x.OptionId).HasMaxLength(40);
        b.Property(x => x.GroupId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.DeltaType).HasConversion<string>().HasMaxLength(10);
        JsonColumns.List(b.Property(x => x.Requires), "requires");
        JsonColumns.List(b.Property(x => x.Excludes), "excludes");
        JsonColumns.List(b.Property(x => x.VariantIds), "variant_ids");
        JsonColumns.List(b.Property(x => x.Flags), "flags");
        b.HasIndex(x => x.GroupId);
    }
}
