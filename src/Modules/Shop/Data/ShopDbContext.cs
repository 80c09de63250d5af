using Ecosystem.Platform.Data;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Payments;
using Ecosystem.Shop.Profiles;
using Ecosystem.Shop.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Data;

internal sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "shop";

    public DbSet<CustomerProfile> Profiles => Set<CustomerProfile>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<OptionGroup> OptionGroups => Set<OptionGroup>();
    public DbSet<ProductOption> Options => Set<ProductOption>();
    public DbSet<ProductVariant> Variants => Set<ProductVariant>();
    public DbSet<ProductMedia> Media => Set<ProductMedia>();
    public DbSet<SubscriptionPlan> Plans => Set<SubscriptionPlan>();
    public DbSet<ShopCart> Carts => Set<ShopCart>();
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderItem> OrderItems => Set<OrderItem>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<OrderNumberCounter> OrderNumbers => Set<OrderNumberCounter>();
    public DbSet<ShopPayment> Payments => Set<ShopPayment>();
    public DbSet<ShopRefund> Refunds => Set<ShopRefund>();
    public DbSet<ShopSubscription> Subscriptions => Set<ShopSubscription>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        CustomerProfile.Configure(modelBuilder.Entity<CustomerProfile>(), Provider);
        Product.Configure(modelBuilder.Entity<Product>(), Provider);
        OptionGroup.Configure(modelBuilder.Entity<OptionGroup>(), Provider);
        ProductOption.Configure(modelBuilder.Entity<ProductOption>(), Provider);
        ProductVariant.Configure(modelBuilder.Entity<ProductVariant>(), Provider);
        ProductMedia.Configure(modelBuilder.Entity<ProductMedia>(), Provider);
        SubscriptionPlan.Configure(modelBuilder.Entity<SubscriptionPlan>(), Provider);
        ShopCart.Configure(modelBuilder.Entity<ShopCart>(), Provider);
        CartLine.Configure(modelBuilder.Entity<CartLine>(), Provider);
        Order.Configure(modelBuilder.Entity<Order>(), Provider);
        OrderItem.Configure(modelBuilder.Entity<OrderItem>(), Provider);
        OrderEvent.Configure(modelBuilder.Entity<OrderEvent>(), Provider);
        OrderNumberCounter.Configure(modelBuilder.Entity<OrderNumberCounter>(), Provider);
        ShopPayment.Configure(modelBuilder.Entity<ShopPayment>(), Provider);
        ShopRefund.Configure(modelBuilder.Entity<ShopRefund>(), Provider);
        ShopSubscription.Configure(modelBuilder.Entity<ShopSubscription>(), Provider);
    }
}
