using Ecosystem.Platform.Data;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Funding;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Data;

internal sealed class WalletDbContext(DbContextOptions<WalletDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "wallet";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();
    public DbSet<TopUp> TopUps => Set<TopUp>();
    public DbSet<Payout> Payouts => Set<Payout>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        Tenant.Configure(modelBuilder.Entity<Tenant>(), Provider);
        Account.Configure(modelBuilder.Entity<Account>(), Provider);
        Transfer.Configure(modelBuilder.Entity<Transfer>(), Provider);
        LedgerEntry.Configure(modelBuilder.Entity<LedgerEntry>(), Provider);
        TopUp.Configure(modelBuilder.Entity<TopUp>(), Provider);
        Payout.Configure(modelBuilder.Entity<Payout>(), Provider);
    }
}
