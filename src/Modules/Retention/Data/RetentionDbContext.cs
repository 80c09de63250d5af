using Ecosystem.Platform.Data;
using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.PaymentFailures;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Data;

internal sealed class RetentionDbContext(DbContextOptions<RetentionDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "retention";

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<ChatSession> Sessions => Set<ChatSession>();
    public DbSet<ChatMessage> Messages => Set<ChatMessage>();
    public DbSet<PaymentFailure> PaymentFailures => Set<PaymentFailure>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        Customer.Configure(modelBuilder.Entity<Customer>(), Provider);
        PaymentMethod.Configure(modelBuilder.Entity<PaymentMethod>(), Provider);
        ChatSession.Configure(modelBuilder.Entity<ChatSession>(), Provider);
        ChatMessage.Configure(modelBuilder.Entity<ChatMessage>(), Provider);
        PaymentFailure.Configure(modelBuilder.Entity<PaymentFailure>(), Provider);
    }
}
