using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>A message in the simulated WhatsApp: what a number received from us (<c>out</c>) or wrote to us (<c>in</c>), as the phone shows it.</summary>
internal sealed class SimulatedMessage : INotAudited
{
    public string MessageId { get; set; } = "";
    public string Msisdn { get; set; } = "";
    public string Direction { get; set; } = "out";
    public string Body { get; set; } = "";
    public string? TemplateId { get; set; }
    public string Status { get; set; } = "sent";
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SimulatedMessage> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "campaigns", "whatsapp_messages");
        b.HasKey(x => x.MessageId);
        b.Property(x => x.MessageId).HasMaxLength(100);
        b.Property(x => x.Msisdn).HasMaxLength(20);
        b.Property(x => x.Direction).HasMaxLength(3);
        b.Property(x => x.Body).HasMaxLength(4000);
        b.Property(x => x.TemplateId).HasMaxLength(60);
        b.Property(x => x.Status).HasMaxLength(20);
    }
}
