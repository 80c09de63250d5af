using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Outbox;

namespace Ecosystem.Campaigns.Data;

/// <summary>What every campaign state change writes with its rows, in the same unit: one audit row and one event (through the outbox).</summary>
internal sealed class CampaignsJournal(CampaignsDbContext db, OperationContext op, TimeProvider time)
{
    public void Audit(string action, string targetType, string targetId, object? before, object? after) =>
        db.AuditLog.Add(AuditEntry.Create(op, time, action, targetType, targetId, before, after));

    public void Event(string eventName, string? userEcosystemId, object payload) =>
        db.Outbox.Add(OutboxMessage.Create(op, time, eventName, userEcosystemId, payload));
}
