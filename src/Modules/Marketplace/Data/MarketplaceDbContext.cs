using Ecosystem.Marketplace.Commissions;
using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Purchases;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Marketplace.Data;

internal sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "marketplace";

    public DbSet<VendorProfile> Vendors => Set<VendorProfile>();
    public DbSet<BuyerProfile> Buyers => Set<BuyerProfile>();
    public DbSet<Intent> Intents => Set<Intent>();
    public DbSet<Quote> Quotes => Set<Quote>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<CommissionSchedule> CommissionSchedules => Set<CommissionSchedule>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        VendorProfile.Configure(modelBuilder.Entity<VendorProfile>(), Provider);
        BuyerProfile.Configure(modelBuilder.Entity<BuyerProfile>(), Provider);
        Intent.Configure(modelBuilder.Entity<Intent>(), Provider);
        Quote.Configure(modelBuilder.Entity<Quote>(), Provider);
        Purchase.Configure(modelBuilder.Entity<Purchase>(), Provider);
        CommissionSchedule.Configure(modelBuilder.Entity<CommissionSchedule>(), Provider);
    }
}
