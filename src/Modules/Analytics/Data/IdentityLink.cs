using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

/// <summary>An anonymous id linked to a person at login or identify; the first link wins.</summary>
internal sealed class IdentityLink : INotAudited
{
    public string AnonymousId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public DateTimeOffset LinkedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<IdentityLink> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "identities");
        b.HasKey(x => x.AnonymousId);
        b.Property(x => x.AnonymousId).HasMaxLength(100);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.HasIndex(x => x.UserEcosystemId);
    }
}
