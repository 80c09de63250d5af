using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Profiles;

/// <summary>
/// A shop client (seed 002's CustomerProfile), one per <c>userEcosystemId</c>: invoice details, preferred currency,
/// Instagram handle, GDPR consents (each with when it was given and withdrawn), the card on file (brand, last four and
/// expiry from the gateway, never the number) and the totals Customer 360 shows.
/// </summary>
internal sealed class CustomerProfile
{
    public string UserEcosystemId { get; set; } = "";
    public string FullName { get; set; } = "";
    public string? Company { get; set; }
    public string? VatId { get; set; }
    public string AddressLine1 { get; set; } = "";
    public string? AddressLine2 { get; set; }
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
    public string PreferredCurrency { get; set; } = "EUR";
    public string? InstagramHandle { get; set; }

    public DateTimeOffset? TermsAcceptedAt { get; set; }
    public DateTimeOffset? TermsWithdrawnAt { get; set; }
    public DateTimeOffset? MarketingConsentAt { get; set; }
    public DateTimeOffset? MarketingWithdrawnAt { get; set; }
    public DateTimeOffset? InsightsConsentAt { get; set; }
    public DateTimeOffset? InsightsWithdrawnAt { get; set; }

    public string? GatewayCustomerId { get; set; }
    public string? PaymentMethodId { get; set; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }
    public int? CardExpMonth { get; set; }
    public int? CardExpYear { get; set; }

    public int OrdersCount { get; set; }
    public long Revenue { get; set; }
    public string? SubscriptionStatus { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    public bool IsCompleteForInvoice => FullName.Length > 0 && AddressLine1.Length > 0 && PostalCode.Length > 0 && City.Length > 0 && Country.Length == 2;

    public static bool Has(DateTimeOffset? given, DateTimeOffset? withdrawn) => given is not null && (withdrawn is null || withdrawn < given);

    /// <summary>Gives or withdraws one consent; nothing changes when it is already so.</summary>
    public static void SetConsent(bool? want, DateTimeOffset now, ref DateTimeOffset? given, ref DateTimeOffset? withdrawn)
    {
        if (want is null) return;
        var has = Has(given, withdrawn);
        if (want.Value && !has) given = now;
        else if (!want.Value && has) withdrawn = now;
    }

    public object Snapshot() => new
    {
        FullName, Company, VatId, AddressLine1, AddressLine2, PostalCode, City, Country, PreferredCurrency, InstagramHandle,
        terms = Has(TermsAcceptedAt, TermsWithdrawnAt), marketing = Has(MarketingConsentAt, MarketingWithdrawnAt), insights = Has(InsightsConsentAt, InsightsWithdrawnAt),
        card = CardLast4 is null ? null : $"{CardBrand} •••• {CardLast4}",
    };

    internal static void Configure(EntityTypeBuilder<CustomerProfile> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "profiles");
        b.HasKey(x => x.UserEcosystemId);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.FullName).HasMaxLength(120);
        b.Property(x => x.Company).HasMaxLength(120);
        b.Property(x => x.VatId).HasMaxLength(20);
        b.Property(x => x.AddressLine1).HasMaxLength(120);
        b.Property(x => x.AddressLine2).HasMaxLength(120);
        b.Property(x => x.PostalCode).HasMaxLength(12);
        b.Property(x => x.City).HasMaxLength(80);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.PreferredCurrency).HasMaxLength(3);
        b.Property(x => x.InstagramHandle).HasMaxLength(30);
        b.Property(x => x.GatewayCustomerId).HasMaxLength(100);
        b.Property(x => x.PaymentMethodId).HasMaxLength(100);
        b.Property(x => x.CardBrand).HasMaxLength(20);
        b.Property(x => x.CardLast4).HasMaxLength(4);
        b.Property(x => x.SubscriptionStatus).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsCompleteForInvoice);
    }
}
