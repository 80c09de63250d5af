using Ecosystem.Platform.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Data;

/// <summary>The platform's own tables: audit log and outbox (shared with every module context), idempotency keys, settings, stored files and the webhook inbox.</summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "platform";

    internal DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    internal DbSet<Settings.Setting> Settings => Set<Settings.Setting>();

    internal DbSet<Files.StoredFile> Files => Set<Files.StoredFile>();

    internal DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    internal DbSet<Webhooks.WebhookHandled> WebhookHandled => Set<Webhooks.WebhookHandled>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        IdempotencyRecord.Configure(modelBuilder.Entity<IdempotencyRecord>(), Provider);
        Ecosystem.Platform.Settings.Setting.Configure(modelBuilder.Entity<Settings.Setting>(), Provider);
        Ecosystem.Platform.Files.StoredFile.Configure(modelBuilder.Entity<Files.StoredFile>(), Provider);
        Webhooks.WebhookDelivery.Configure(modelBuilder.Entity<Webhooks.WebhookDelivery>(), Provider);
        Webhooks.WebhookHandled.Configure(modelBuilder.Entity<Webhooks.WebhookHandled>(), Provider);
    }
}
