using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Campaigns.Targets;

/// <summary>One number a campaign writes to (seed 003 <c>campaign_targets</c>), with its variables and where its message is.</summary>
internal sealed class CampaignTarget
{
    public string TargetId { get; set; } = "";
    public string CampaignId { get; set; } = "";

    /// <summary>E.164, e.g. <c>+250788123456</c>.</summary>
    public string Msisdn { get; set; } = "";

    /// <summary>ISO 3166 alpha-2 in lower case (<c>rw</c>), from the number: whose quiet hours apply.</summary>
    public string Country { get; set; } = "";
    public string? Name { get; set; }
    public string? UserEcosystemId { get; set; }

    /// <summary>The values of <c>{{1}}</c>, <c>{{2}}</c>… as a JSON array of strings.</summary>
    public string Variables { get; set; } = "[]";
    public string Status { get; set; } = TargetStatus.Queued;
    public string? ErrorCode { get; set; }
    public string? MessageId { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the dispatcher looks at it next (quiet hours' end, a throttle's retry, a backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimToken { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset LastUpdateAt { get; set; }
    public int Line { get; set; }

    internal static void Configure(EntityTypeBuilder<CampaignTarget> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "campaigns", "targets");
        b.HasKey(x => x.TargetId);
        b.Property(x => x.TargetId).HasMaxLength(40);
        b.Property(x => x.CampaignId).HasMaxLength(40);
        b.Property(x => x.Msisdn).HasMaxLength(20);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.Variables).HasMaxLength(2000);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.ErrorCode).HasMaxLength(40);
        b.Property(x => x.MessageId).HasMaxLength(100);
        b.Property(x => x.ClaimToken).HasMaxLength(40);
    }
}
