using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Cards.Accounts;

/// <summary>The person's "I agree" that onboarded their card.</summary>
internal sealed class DigitalSignature
{
    public string SignatureId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string SignatureText { get; set; } = "";
    public DateTimeOffset SignedAt { get; set; }
    public string? JourneyId { get; set; }

    internal static void Configure(EntityTypeBuilder<DigitalSignature> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "cards", "signatures");
        b.HasKey(x => x.SignatureId);
        b.Property(x => x.SignatureId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.SignatureText).HasMaxLength(100);
        b.Property(x => x.JourneyId).HasMaxLength(64);
        b.HasIndex(x => x.UserEcosystemId);
        b.HasOne<CardAccount>().WithMany().HasForeignKey(x => x.UserEcosystemId).HasConstraintName("fk_signatures_accounts");
    }
}
