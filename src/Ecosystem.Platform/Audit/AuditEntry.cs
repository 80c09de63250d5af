using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Audit;

/// <summary>One append-only audit row: who did what to which object, with the before/after state and their diff.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public string Id { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public string ActorId { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string TargetId { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string Changes { get; private set; } = "{}";
    public string? JourneyId { get; private set; }

    public static AuditEntry Create(OperationContext op, TimeProvider time, string action, string targetType, string targetId, object? before, object? after)
    {
        var beforeNode = before is null ? null : JsonSerializer.SerializeToNode(before, Json.Options) as JsonObject;
        var afterNode = after is null ? null : JsonSerializer.SerializeToNode(after, Json.Options) as JsonObject;
        return new AuditEntry
        {
            Id = Ids.New("aud", time),
            OccurredAt = time.UtcNowStored(),
            ActorId = op.ActorId,
            ActorRole = op.ActorRole,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Before = beforeNode?.ToJsonString(),
            After = afterNode?.ToJsonString(),
            Changes = Diff(beforeNode, afterNode).ToJsonString(),
            JourneyId = op.JourneyId,
        };
    }

    /// <summary>Field-level diff of two JSON objects: <c>{"field": {"from": …, "to": …}}</c> for every field that differs.</summary>
    public static JsonObject Diff(JsonObject? before, JsonObject? after)
    {
        var diff = new JsonObject();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (before is not null) foreach (var p in before) keys.Add(p.Key);
        if (after is not null) foreach (var p in after) keys.Add(p.Key);
        foreach (var key in keys)
        {
            JsonNode? from = null, to = null;
            before?.TryGetPropertyValue(key, out from);
            after?.TryGetPropertyValue(key, out to);
            if (JsonNode.DeepEquals(from, to)) continue;
            diff[key] = new JsonObject { ["from"] = from?.DeepClone(), ["to"] = to?.DeepClone() };
        }

        return diff;
    }

    internal static void Configure(EntityTypeBuilder<AuditEntry> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "audit_log");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.ActorId).HasMaxLength(64);
        b.Property(x => x.ActorRole).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.TargetType).HasMaxLength(50);
        b.Property(x => x.TargetId).HasMaxLength(64);
        b.Property(x => x.JourneyId).HasMaxLength(64);
        b.HasIndex(x => new { x.TargetType, x.TargetId });
        b.HasIndex(x => x.ActorId);
    }
}
