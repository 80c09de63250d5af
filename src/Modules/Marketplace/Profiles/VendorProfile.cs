using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Profiles;

/// <summary>
/// A person who sells, in one tenant: where they work, what they sell, and the figures the ranking reads — rating
/// (0–5, in hundredths), fulfilment rate (basis points of finished purchases that were completed), average response
/// time (from an intent's creation to their quote) and completed trips — and their wallet account on the ledger.
/// </summary>
internal sealed class VendorProfile
{
    public string TenantId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Region { get; set; } = "";

    /// <summary>Lower-case category words, comma-separated (<c>moto,delivery</c>).</summary>
    public string Categories { get; set; } = "";

    /// <summary>0 to 500: the rating out of 5, in hundredths.</summary>
    public int RatingCenti { get; set; }

    /// <summary>0 to 10,000 basis points.</summary>
    public int FulfilmentBp { get; set; }
    public int AvgResponseSeconds { get; set; }
    public int Quotes { get; set; }
    public int Trips { get; set; }
    public int Cancelled { get; set; }
    public string WalletAccountId { get; set; } = "";
    public string Currency { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> CategoryList => Categories.Length == 0 ? [] : Categories.Split(',');

    internal static void Configure(EntityTypeBuilder<VendorProfile> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "vendors");
        b.HasKey(x => new { x.TenantId, x.UserEcosystemId });
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.DisplayName).HasMaxLength(120);
        b.Property(x => x.Region).HasMaxLength(60);
        b.Property(x => x.Categories).HasMaxLength(400);
        b.Property(x => x.WalletAccountId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
    }
}
