using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// Money out of a vendor's wallet to their bank or mobile-money account. Requesting one places a pending ledger transfer
/// (vendor → payout provider) that holds the amount; the payout worker sends it to the provider and posts the hold when
/// the provider pays (<see cref="Paid"/>) or voids it when the provider refuses (<see cref="Failed"/>). Each step is a
/// conditional update on <see cref="Status"/>, so a payout is sent and settled once.
/// </summary>
internal sealed class Payout
{
    public const string Requested = "requested";
    public const string Sending = "sending";
    public const string Paid = "paid";
    public const string Failed = "failed";

    public string PayoutId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";

    /// <summary>Where the money goes: an E.164 mobile-money number or an IBAN (not a card; shown masked).</summary>
    public string Destination { get; set; } = "";
    public string Status { get; set; } = Requested;
    public string TransferId { get; set; } = "";
    public string? Provider { get; set; }
    public string? ProviderReference { get; set; }
    public string? FailureMessage { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Payout> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "payouts");
        b.HasKey(x => x.PayoutId);
        b.Property(x => x.PayoutId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.AccountId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Destination).HasMaxLength(40);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.TransferId).HasMaxLength(40);
        b.Property(x => x.Provider).HasMaxLength(20);
        b.Property(x => x.ProviderReference).HasMaxLength(100);
        b.Property(x => x.FailureMessage).HasMaxLength(300);
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.UserEcosystemId, x.CreatedAt });
    }
}
