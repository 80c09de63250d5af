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

    internal DbSet<Payments.Simulated.SimulatedCard> SimulatedCards => Set<Payments.Simulated.SimulatedCard>();

    internal DbSet<Payments.Simulated.SimulatedCharge> SimulatedCharges => Set<Payments.Simulated.SimulatedCharge>();

    internal DbSet<Payments.Simulated.SimulatedRefund> SimulatedRefunds => Set<Payments.Simulated.SimulatedRefund>();

    internal DbSet<Payments.Simulated.SimulatedSubscription> SimulatedSubscriptions => Set<Payments.Simulated.SimulatedSubscription>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        IdempotencyRecord.Configure(modelBuilder.Entity<IdempotencyRecord>(), Provider);
        Ecosystem.Platform.Settings.Setting.Configure(modelBuilder.Entity<Settings.Setting>(), Provider);
        Ecosystem.Platform.Files.StoredFile.Configure(modelBuilder.Entity<Files.StoredFile>(), Provider);
        Webhooks.WebhookDelivery.Configure(modelBuilder.Entity<Webhooks.WebhookDelivery>(), Provider);
        Webhooks.WebhookHandled.Configure(modelBuilder.Entity<Webhooks.WebhookHandled>(), Provider);
        Payments.Simulated.SimulatedCard.Configure(modelBuilder.Entity<Payments.Simulated.SimulatedCard>(), Provider);
        Payments.Simulated.SimulatedCharge.Configure(modelBuilder.Entity<Payments.Simulated.SimulatedCharge>(), Provider);
        Payments.Simulated.SimulatedRefund.Configure(modelBuilder.Entity<Payments.Simulated.SimulatedRefund>(), Provider);
        Payments.Simulated.SimulatedSubscription.Configure(modelBuilder.Entity<Payments.Simulated.SimulatedSubscription>(), Provider);
    }
}
