using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

internal sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "analytics";

    public DbSet<AnalyticsEvent> Events => Set<AnalyticsEvent>();
    public DbSet<QuarantinedEvent> Quarantine => Set<QuarantinedEvent>();
    public DbSet<IdentityLink> Identities => Set<IdentityLink>();
    public DbSet<EventStats> Stats => Set<EventStats>();
    public DbSet<WriteKey> WriteKeys => Set<WriteKey>();
    public DbSet<Customer360Row> Customers => Set<Customer360Row>();
    public DbSet<Customer360Fingerprint> Customer360Fingerprints => Set<Customer360Fingerprint>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        AnalyticsEvent.Configure(modelBuilder.Entity<AnalyticsEvent>(), Provider);
        InboxedEvent.Configure(modelBuilder.Entity<InboxedEvent>(), Provider);
        QuarantinedEvent.Configure(modelBuilder.Entity<QuarantinedEvent>(), Provider);
        IdentityLink.Configure(modelBuilder.Entity<IdentityLink>(), Provider);
        EventStats.Configure(modelBuilder.Entity<EventStats>(), Provider);
        WriteKey.Configure(modelBuilder.Entity<WriteKey>(), Provider);
        Customer360Row.Configure(modelBuilder.Entity<Customer360Row>(), Provider);
        Customer360Fingerprint.Configure(modelBuilder.Entity<Customer360Fingerprint>(), Provider);
    }
}
