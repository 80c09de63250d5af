using System.Globalization;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;

namespace Ecosystem.Retention.Agent;

/// <summary>The facts the agent phrases its messages from: the customer, the card and the time left.</summary>
internal static class AgentFactsBuilder
{
    internal static AgentFacts Facts(Customer customer, PaymentMethod? card, int seed, int turn, int secondsLeft, DateTimeOffset now)
    {
        var money = customer.Value;
        var amount = money.Currency == "USD" ? "$" + money.ToString()[..^4] : money.ToString();
        var cardText = card is null ? "card on file" : $"{Capitalize(card.CardType)} ending in {card.LastFourDigits}";
        var when = card is null ? "soon"
            : customer.RiskCategory == RiskCategory.FailedPayment
                ? (card.LastFailureDate is { } f ? "on " + f.ToString("MMMM d", CultureInfo.InvariantCulture) : "recently")
                : "at the end of " + new DateTime(card.ExpiryYear, card.ExpiryMonth, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        return new AgentFacts(customer.Name.Split(' ', 2)[0], customer.Plan, amount, Kebab.Of(customer.RiskCategory ?? RiskCategory.ExpiringCard), cardText, when,
            card?.FailureCount ?? 0, secondsLeft, seed, turn)
        {
            CardExpired = card is not null && customer.RiskCategory != RiskCategory.FailedPayment && card.ExpiresAt <= now,
        };
    }

    private static string Capitalize(string s) => s switch { "amex" => "American Express", "mastercard" => "Mastercard", _ when s.Length > 0 => char.ToUpperInvariant(s[0]) + s[1..], _ => s };
}
