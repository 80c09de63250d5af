using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Outbox;

namespace Ecosystem.Marketplace.Data;

/// <summary>What every marketplace state change writes with its rows, in the same unit: one audit row and one event (through the outbox).</summary>
internal sealed class MarketplaceJournal(MarketplaceDbContext db, OperationContext op, TimeProvider time)
{
    public string ActorId => op.ActorId;

    public void Audit(string action, string targetType, string targetId, object? before, object? after) =>
        db.AuditLog.Add(AuditEntry.Create(op, time, action, targetType, targetId, before, after));

    public void Event(string eventName, string? userEcosystemId, object payload) =>
        db.Outbox.Add(OutboxMessage.Create(op, time, eventName, userEcosystemId, payload));

    /// <summary>The buyer's totals as their events carry them (Customer 360 keeps the latest).</summary>
    public static MarketplaceEventState State(BuyerProfile? buyer) =>
        new(buyer?.Intents ?? 0, buyer?.PurchasesCompleted ?? 0, buyer?.Spent ?? 0, buyer?.Currency ?? "");
}
