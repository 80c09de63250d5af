using Ecosystem.Retention.Customers;

namespace Ecosystem.Retention.AtRisk;

/// <summary>
/// Risk detection rules (documented in README and ADR 0008). Only the customer's default card counts.
/// <list type="number">
/// <item>Category: <c>failed-payment</c> when the card's failureCount ≥ 1 (money is already being lost, so it wins);
/// otherwise <c>expiring-card</c> when the card expires (end of its expiry month) within the window (default 30
/// days), or has already expired; otherwise no risk.</item>
/// <item>Urgency points: failed-payment — 1 failure 0, 2 failures 1, 3+ failures 2. Expiring-card — more than 14
/// days left 0, 8–14 days 1, 7 days or fewer (or expired) 2.</item>
/// <item>Amount-at-stake points (monthly value, minor units): below 50.00 0, 50.00–199.99 1, 200.00 and above 2.</item>
/// <item>Severity from the sum: 0–1 low, 2 medium, 3–4 high.</item>
/// </list>
/// </summary>
internal static class RiskRules
{
    public const long MediumValueMinor = 5_000;
    public const long HighValueMinor = 20_000;

    public static (RiskCategory Category, RiskSeverity Severity, int DaysToExpiry)? Evaluate(PaymentMethod card, long accountValueMinor, DateTimeOffset now, int windowDays)
    {
        var daysToExpiry = (int)Math.Floor((card.ExpiresAt - now).TotalDays);
        RiskCategory category;
        int urgency;
        if (card.FailureCount >= 1)
        {
            category = RiskCategory.FailedPayment;
            urgency = card.FailureCount >= 3 ? 2 : card.FailureCount == 2 ? 1 : 0;
        }
        else if (daysToExpiry < windowDays)
        {
            category = RiskCategory.ExpiringCard;
            urgency = daysToExpiry <= 7 ? 2 : daysToExpiry <= 14 ? 1 : 0;
        }
        else
        {
            return null;
        }

        var value = accountValueMinor >= HighValueMinor ? 2 : accountValueMinor >= MediumValueMinor ? 1 : 0;
        var points = urgency + value;
        var severity = points >= 3 ? RiskSeverity.High : points == 2 ? RiskSeverity.Medium : RiskSeverity.Low;
        return (category, severity, daysToExpiry);
    }
}
