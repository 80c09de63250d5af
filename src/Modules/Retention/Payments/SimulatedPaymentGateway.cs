namespace Ecosystem.Retention.Payments;

/// <summary>
/// The embedded default gateway: no network, Stripe's documented test card numbers decide the outcome.
/// <list type="bullet">
/// <item>4242 4242 4242 4242 (Visa) — succeeds; so does any other Luhn-valid number not listed below</item>
/// <item>4000 0000 0000 0002 — declined (generic decline)</item>
/// <item>4000 0000 0000 9995 — declined, insufficient funds</item>
/// <item>4000 0000 0000 0069 — declined, expired card</item>
/// <item>4000 0000 0000 0119 — processing error (retry allowed)</item>
/// </list>
/// A retried request with the same idempotency key returns the first result, like Stripe's Idempotency-Key.
/// </summary>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    public const string SuccessCard = "4242424242424242";
    public const string DeclinedCard = "4000000000000002";
    public const string InsufficientFundsCard = "4000000000009995";
    public const string ExpiredCard = "4000000000000069";
    public const string ProcessingErrorCard = "4000000000000119";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CardSetupResult> byIdempotencyKey = new(StringComparer.Ordinal);

    public string Name => "simulated";

    public Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(byIdempotencyKey.GetOrAdd(request.IdempotencyKey, _ => Decide(request)));
    }

    private static CardSetupResult Decide(CardSetupRequest request)
    {
        if (request.Card is not { } card) return new(CardSetupStatus.ProcessingError, null, null, null, null, null, "The simulated gateway needs card details.");
        var number = CardNumbers.Normalize(card.CardNumber);
        if (number is null || !CardNumbers.IsLuhnValid(number)) return new(CardSetupStatus.Declined, null, null, null, null, null, "The card number is not valid.");
        return number switch
        {
            DeclinedCard => new(CardSetupStatus.Declined, null, null, null, null, null, "Your card was declined."),
            InsufficientFundsCard => new(CardSetupStatus.InsufficientFunds, null, null, null, null, null, "Your card has insufficient funds."),
            ExpiredCard => new(CardSetupStatus.ExpiredCard, null, null, null, null, null, "Your card has expired."),
            ProcessingErrorCard => new(CardSetupStatus.ProcessingError, null, null, null, null, null, "An error occurred while processing your card. Try again."),
            _ => new(CardSetupStatus.Succeeded, "pm_sim_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.IdempotencyKey)))[..24],
                CardNumbers.Brand(number), number[^4..], card.ExpMonth, card.ExpYear, null),
        };
    }
}
