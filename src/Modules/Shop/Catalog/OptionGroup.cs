using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>
/// A set of options the buyer chooses from (target audience, speed, add-ons): single choice (at most one) or multiple,
/// required or not, with a minimum and maximum number of selections.
/// </summary>
internal sealed class OptionGroup
{
    public string GroupId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Multiple { get; set; }
    public bool Required { get; set; }
    public int MinSelections { get; set; }
    public int MaxSelections { get; set; }
    public int DisplayOrder { get; set; }
    public List<ProductOption> Options { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<OptionGroup> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "option_groups");
        b.HasKey(x => x.GroupId);
        b.Property(x => x.GroupId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(80);
        b.HasIndex(x => x.ProductId);
        b.HasMany(x => x.Options).WithOne().HasForeignKey(x => x.GroupId).HasConstraintName("fk_options_option_groups");
        b.ToTable(t => t.HasCheckConstraint("ck_option_groups_selections", "min_selections >= 0 AND max_selections >= min_selections AND max_selections >= 1"));
    }
}
