using Ecosystem.Platform.Data;
using Ecosystem.Vouchers.Stations;
using Ecosystem.Vouchers.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Data;

internal sealed class VouchersDbContext(DbContextOptions<VouchersDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "vouchers";

    public DbSet<Station> Stations => Set<Station>();
    public DbSet<StationOperator> Operators => Set<StationOperator>();
    public DbSet<Voucher> Vouchers => Set<Voucher>();
    public DbSet<VoucherEvent> Events => Set<VoucherEvent>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        Station.Configure(modelBuilder.Entity<Station>(), Provider);
        StationOperator.Configure(modelBuilder.Entity<StationOperator>(), Provider);
        Voucher.Configure(modelBuilder.Entity<Voucher>(), Provider);
        VoucherEvent.Configure(modelBuilder.Entity<VoucherEvent>(), Provider);
    }
}
