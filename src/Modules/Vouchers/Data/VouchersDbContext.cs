using Ecosystem.Platform.Data;
using Ecosystem.Vouchers.Metrics;
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
    public DbSet<VoucherMetricRow> Metrics => Set<VoucherMetricRow>();
    public DbSet<StationActivityRow> StationActivity => Set<StationActivityRow>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        Station.Configure(modelBuilder.Entity<Station>(), Provider);
        StationOperator.Configure(modelBuilder.Entity<StationOperator>(), Provider);
        Voucher.Configure(modelBuilder.Entity<Voucher>(), Provider);
        VoucherEvent.Configure(modelBuilder.Entity<VoucherEvent>(), Provider);
        VoucherMetricRow.Configure(modelBuilder.Entity<VoucherMetricRow>(), Provider);
        StationActivityRow.Configure(modelBuilder.Entity<StationActivityRow>(), Provider);
    }
}
