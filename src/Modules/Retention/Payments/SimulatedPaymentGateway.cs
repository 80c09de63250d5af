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

/// <summary>Card-number helpers: digits only, Luhn check, brand from the number's prefix.</summary>
public static class CardNumbers
{
    /// <summary>Digits only (spaces and dashes removed), 12–19 long; null when it is not a card number's shape.</summary>
    public static string? Normalize(string? input)
    {
        if (input is null || input.Length > 40) return null;
        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length is >= 12 and <= 19 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    public static string Brand(string digits) => digits switch
    {
        _ when digits.StartsWith('4') => "visa",
        _ when digits.Length >= 2 && digits[..2] is "51" or "52" or "53" or "54" or "55" => "mastercard",
        _ when digits.Length >= 4 && int.Parse(digits[..4], System.Globalization.CultureInfo.InvariantCulture) is >= 2221 and <= 2720 => "mastercard",
        _ when digits.StartsWith("34", StringComparison.Ordinal) || digits.StartsWith("37", StringComparison.Ordinal) => "amex",
        _ when digits.StartsWith("6011", StringComparison.Ordinal) || digits.StartsWith("65", StringComparison.Ordinal) => "discover",
        _ => "unknown",
    };
}
