using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// Money into a person's wallet by card: recorded as <see cref="Pending"/> before the gateway is called (so a crash
/// leaves a trace, and a retry with the same Idempotency-Key charges once), then <see cref="Succeeded"/> with the
/// ledger transfer (card network → the person's buyer account) in the same unit, or <see cref="Failed"/> with why.
/// </summary>
internal sealed class TopUp
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public string TopUpId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Status { get; set; } = Pending;
    public string Provider { get; set; } = "";
    public string? PaymentId { get; set; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public string? TransferId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<TopUp> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "top_ups");
        b.HasKey(x => x.TopUpId);
        b.Property(x => x.TopUpId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.AccountId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.Provider).HasMaxLength(20);
        b.Property(x => x.PaymentId).HasMaxLength(100);
        b.Property(x => x.CardBrand).HasMaxLength(20);
        b.Property(x => x.CardLast4).HasMaxLength(4);
        b.Property(x => x.FailureCode).HasMaxLength(40);
        b.Property(x => x.FailureMessage).HasMaxLength(300);
        b.Property(x => x.TransferId).HasMaxLength(40);
        b.HasIndex(x => new { x.UserEcosystemId, x.CreatedAt });
    }
}
