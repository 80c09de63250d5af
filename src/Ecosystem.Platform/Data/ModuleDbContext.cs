using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ecosystem.Platform.Data;

/// <summary>
/// Base of every module's DbContext. It maps the shared audit log, event outbox and notification outbox, so a module writes its state change,
/// the audit row and the event in one SaveChanges, in one transaction. A SaveChanges that changes business rows
/// without an audit row fails: nothing is written unaudited.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The module's name: its PostgreSQL schema and its SQLite table prefix.</summary>
    public abstract string Module { get; }

    public DatabaseProvider Provider => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>Messages to people (<see cref="Notifications.Notifier.Queue"/>), written in the same transaction as the change that sends them.</summary>
    public DbSet<Notifications.NotificationMessage> NotificationOutbox => Set<Notifications.NotificationMessage>();

    protected abstract void ConfigureModule(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        AuditEntry.Configure(modelBuilder.Entity<AuditEntry>(), Provider);
        OutboxMessage.Configure(modelBuilder.Entity<OutboxMessage>(), Provider);
        Notifications.NotificationMessage.Configure(modelBuilder.Entity<Notifications.NotificationMessage>(), Provider);
        ConfigureModule(modelBuilder);
        Naming.ApplyConventions(modelBuilder, Provider);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureAudited();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureAudited();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void EnsureAudited()
    {
        var businessChange = false;
        var audited = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is AuditEntry) audited = true;
            else if (entry.Entity is not (OutboxMessage or Notifications.NotificationMessage or INotAudited)) businessChange = true;
        }

        if (businessChange && !audited)
        {
            throw new InvalidOperationException($"{GetType().Name}: a business change is being saved without an audit entry.");
        }
    }
}

/// <summary>Marks technical rows (sessions, idempotency records) whose writes are not business state changes.</summary>
public interface INotAudited;

/// <summary>Models differ per provider (schemas vs prefixes, converters): cache them per context type and provider.</summary>
internal sealed class ProviderAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}
