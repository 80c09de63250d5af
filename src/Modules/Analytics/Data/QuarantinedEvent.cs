using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

/// <summary>An event a write key sent that the catalog did not accept, kept for inspection instead of dropped.</summary>
internal sealed class QuarantinedEvent : INotAudited
{
    public string Id { get; set; } = "";
    public string? WriteKeyId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string EventName { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Payload { get; set; } = "{}";

    internal static void Configure(EntityTypeBuilder<QuarantinedEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "quarantine");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.WriteKeyId).HasMaxLength(40);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(300);
        b.HasIndex(x => x.ReceivedAt);
    }
}
