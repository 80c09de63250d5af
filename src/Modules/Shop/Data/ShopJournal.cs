using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Outbox;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Data;

/// <summary>
/// What every shop state change writes with its rows, in the same unit: the audit row, the analytics event (through
/// the outbox) and, for an order, its timeline entry. One place, so no change forgets one of them.
/// </summary>
internal sealed class ShopJournal(ShopDbContext db, OperationContext op, TimeProvider time, ShopOptions options)
{
    public string ActorId => op.ActorId;

    public void Audit(string action, string targetType, string targetId, object? before, object? after) =>
        db.AuditLog.Add(AuditEntry.Create(op, time, action, targetType, targetId, before, after));

    public void Event(string eventName, string? userEcosystemId, object payload) =>
        db.Outbox.Add(OutboxMessage.Create(op, time, eventName, userEcosystemId, payload));

    /// <summary>An order's timeline entry, its audit row and its event.</summary>
    public void OrderStep(Order order, string action, OrderStatus? from, string? reason, string eventName, object? before, CustomerProfile? profile, object? extra = null)
    {
        db.OrderEvents.Add(new OrderEvent
        {
            EventId = Ids.New("oev", time), OrderId = order.OrderId, Action = action, FromStatus = from is null ? null : OrderTransitions.Word(from.Value),
            ToStatus = OrderTransitions.Word(order.Status), ActorId = op.ActorId, Reason = reason, CreatedAt = time.UtcNowStored(),
        });
        Audit("shop.order." + action, "order", order.OrderNumber, before, order.Snapshot());
        Event(eventName, order.UserEcosystemId, new
        {
            orderNumber = order.OrderNumber, from = from is null ? null : OrderTransitions.Word(from.Value), to = OrderTransitions.Word(order.Status), reason,
            total = order.Total, currency = order.Currency, detail = extra, shop = State(profile),
        });
    }

    /// <summary>The person's shop totals as events carry them (Customer 360 reads the latest).</summary>
    public ShopEventState State(CustomerProfile? profile) =>
        new(profile?.OrdersCount ?? 0, profile?.Revenue ?? 0, options.Currency, profile?.SubscriptionStatus ?? "none");

    /// <summary>The person's profile, locked for this unit. A copy tracked from an earlier unit of this scope is read again first, so its version is current.</summary>
    public async Task<CustomerProfile?> ProfileForUpdateAsync(string userEcosystemId, CancellationToken ct)
    {
        if (db.Profiles.Local.FirstOrDefault(p => p.UserEcosystemId == userEcosystemId) is { } tracked && db.Entry(tracked).State == EntityState.Unchanged)
        {
            db.Entry(tracked).State = EntityState.Detached;
        }

        return await db.Profiles.ForUpdate().SingleOrDefaultAsync(p => p.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
    }
}
