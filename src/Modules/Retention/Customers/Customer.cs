using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Retention.AtRisk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Customers;

/// <summary>
/// A subscription customer the retention team watches. Linked to the person's <c>userEcosystemId</c>. Transitions
/// (seed): active → at-risk (payment issue detected), at-risk → resolved (payment updated), at-risk → churned
/// (customer declines), resolved → at-risk (a new issue). Churned is final for the risk scan.
/// </summary>
internal sealed class Customer
{
    private Customer() { }

    public string CustomerId { get; private set; } = "";
    public string UserEcosystemId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? Phone { get; private set; }
    public string Plan { get; private set; } = "";
    public AccountStatus AccountStatus { get; private set; }
    public RiskCategory? RiskCategory { get; private set; }
    public RiskSeverity? RiskSeverity { get; private set; }
    public DateTimeOffset? RiskDetectedAt { get; private set; }
    public DateTimeOffset? LastPaymentDate { get; private set; }

    /// <summary>Monthly subscription value in minor units of <see cref="Currency"/>; always positive.</summary>
    public long AccountValue { get; private set; }
    public string Currency { get; private set; } = "USD";
    public DateTimeOffset CustomerSince { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>The payment gateway's own customer id (Stripe <c>cus_…</c>), known once a card was saved through it.</summary>
    public string? GatewayCustomerId { get; private set; }

    public static Customer Create(string customerId, string userEcosystemId, string name, string email, string? phone, string plan, Money accountValue,
        DateTimeOffset customerSince, DateTimeOffset? lastPaymentDate, DateTimeOffset now) => new()
    {
        CustomerId = customerId,
        UserEcosystemId = userEcosystemId,
        Name = name,
        Email = email,
        Phone = phone,
        Plan = plan,
        AccountStatus = AccountStatus.Active,
        AccountValue = accountValue.Minor > 0 ? accountValue.Minor : throw new ArgumentOutOfRangeException(nameof(accountValue), "accountValue must be positive."),
        Currency = accountValue.Currency,
        CustomerSince = customerSince,
        LastPaymentDate = lastPaymentDate,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public Money Value => new(AccountValue, Currency);

    /// <summary>Marks (or re-grades) the customer at risk. False when nothing changes (the scan is idempotent).</summary>
    public bool MarkAtRisk(RiskCategory category, RiskSeverity severity, DateTimeOffset now)
    {
        if (AccountStatus == AccountStatus.Churned) return false;
        if (AccountStatus == AccountStatus.AtRisk && RiskCategory == category && RiskSeverity == severity) return false;
        if (AccountStatus != AccountStatus.AtRisk) RiskDetectedAt = now;
        AccountStatus = AccountStatus.AtRisk;
        RiskCategory = category;
        RiskSeverity = severity;
        Touch(now);
        return true;
    }

    /// <summary>
    /// A charge on the default card failed: the card's failure count grows, and the customer is re-graded by
    /// <see cref="RiskRules"/> (a churned customer stays churned). Always a change, so the version moves.
    /// </summary>
    public void RecordPaymentFailure(PaymentMethod card, DateTimeOffset now, int windowDays)
    {
        card.FailureCount++;
        card.LastFailureDate = now;
        card.Status = PaymentMethodStatus.Failed;
        if (RiskRules.Evaluate(card, AccountValue, now, windowDays) is { } risk && MarkAtRisk(risk.Category, risk.Severity, now)) return;
        Touch(now);
    }

    /// <summary>Remembers the gateway's customer id the first time a card is saved through that gateway.</summary>
    public void LinkGatewayCustomer(string? gatewayCustomerId)
    {
        if (GatewayCustomerId is null && !string.IsNullOrEmpty(gatewayCustomerId)) GatewayCustomerId = gatewayCustomerId;
    }

    public void Resolve(DateTimeOffset now)
    {
        AccountStatus = AccountStatus.Resolved;
        Touch(now);
    }

    public void Churn(DateTimeOffset now)
    {
        AccountStatus = AccountStatus.Churned;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The risk state every retention event carries, so Customer 360 can show the latest one.</summary>
    public object RiskState() => new { accountStatus = Kebab.Of(AccountStatus), riskCategory = Kebab.Of(RiskCategory), riskSeverity = Kebab.Of(RiskSeverity) };

    public object Snapshot() => new { AccountStatus = Kebab.Of(AccountStatus), RiskCategory = Kebab.Of(RiskCategory), RiskSeverity = Kebab.Of(RiskSeverity), Version };

    internal static void Configure(EntityTypeBuilder<Customer> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "customers");
        b.HasKey(x => x.CustomerId);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.Property(x => x.Plan).HasMaxLength(100);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.GatewayCustomerId).HasMaxLength(100);
        b.HasIndex(x => x.GatewayCustomerId).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Value);
        b.HasIndex(x => x.UserEcosystemId).IsUnique();
        b.HasIndex(x => new { x.AccountValue, x.CustomerId });
        b.ToTable(t => t.HasCheckConstraint("ck_customers_account_value_positive", "account_value > 0"));
    }
}
