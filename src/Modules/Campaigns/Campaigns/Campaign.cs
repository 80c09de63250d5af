using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Campaigns.Campaigns;

/// <summary>A campaign (seed 003 <c>campaigns</c>): a template sent to its targets, status from <see cref="CampaignTransitions"/>.</summary>
internal sealed class Campaign
{
    public string CampaignId { get; set; } = "";

    /// <summary>The legacy system's id, kept read-only (no endpoint writes it).</summary>
    public long? LegacyId { get; set; }
    public string Name { get; set; } = "";
    public string Type { get; set; } = CampaignTypes.Promo;
    public string TemplateId { get; set; } = "";
    public string Status { get; set; } = CampaignStatus.Draft;
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary><see cref="CampaignMetadata"/> as JSON.</summary>
    public string Metadata { get; set; } = "{}";

    internal static void Configure(EntityTypeBuilder<Campaign> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "campaigns", "campaigns");
        b.HasKey(x => x.CampaignId);
        b.Property(x => x.CampaignId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.Type).HasMaxLength(10);
        b.Property(x => x.TemplateId).HasMaxLength(60);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.CreatedBy).HasMaxLength(80);
        b.Property(x => x.Metadata).HasMaxLength(4000);
    }
}
