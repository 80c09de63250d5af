using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Purchases;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Cards.Data;

internal sealed class CardsDbContext(DbContextOptions<CardsDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "cards";

    public DbSet<CardAccount> Accounts => Set<CardAccount>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<DigitalSignature> Signatures => Set<DigitalSignature>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        CardAccount.Configure(modelBuilder.Entity<CardAccount>(), Provider);
        Purchase.Configure(modelBuilder.Entity<Purchase>(), Provider);
        DigitalSignature.Configure(modelBuilder.Entity<DigitalSignature>(), Provider);
    }
}
