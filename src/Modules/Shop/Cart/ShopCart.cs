using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Cart;

/// <summary>
/// A cart: a signed-in person's (one open cart each) or an anonymous visitor's, found by the hash of the token in its
/// cookie. At sign-in the anonymous cart's lines move into the person's cart and it ends as <c>merged</c>; checkout
/// ends it as <c>ordered</c>. Every change moves <see cref="Version"/> (compare-and-set).
/// </summary>
internal sealed class ShopCart
{
    public string CartId { get; set; } = "";
    public string? UserEcosystemId { get; set; }
    public string? TokenHash { get; set; }
    public CartStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
    public List<CartLine> Lines { get; set; } = [];

    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    internal static void Configure(EntityTypeBuilder<ShopCart> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "carts");
        b.HasKey(x => x.CartId);
        b.Property(x => x.CartId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.UserEcosystemId, x.Status });
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.CartId).HasConstraintName("fk_cart_lines_carts");
    }
}
