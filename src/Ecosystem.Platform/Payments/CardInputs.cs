using Ecosystem.Platform.Http;

namespace Ecosystem.Platform.Payments;

/// <summary>
/// The card fields of a request that pays (an order, a subscription, a wallet top-up): card details for the simulated
/// gateway (Stripe's test cards, e.g. 4242 4242 4242 4242), or a payment method made by Stripe's own card form
/// (<c>pm_…</c>). Used only in memory, never stored.
/// </summary>
public interface ICardPayment
{
    string? CardNumber { get; }
    int? ExpMonth { get; }
    int? ExpYear { get; }
    string? Cvc { get; }
    string? PaymentMethodId { get; }
}

/// <summary>Checks card details (or a gateway's payment method token) in words a buyer understands.</summary>
public static class CardInputs
{
    public static Validator Validate(ICardPayment r, DateTimeOffset now)
    {
        var v = new Validator();
        if (r.PaymentMethodId is not null)
        {
            v.Require(r.PaymentMethodId.Length is > 3 and <= 100 && r.PaymentMethodId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'), "paymentMethodId", "That card token is not valid. Enter the card again.");
            v.Require(r.CardNumber is null && r.Cvc is null, "cardNumber", "Send either the card details or the card token, not both.");
            return v;
        }

        var digits = CardNumbers.Normalize(r.CardNumber);
        v.Require(digits is not null && CardNumbers.IsLuhnValid(digits), "cardNumber", "Check the card number: it should be the 13 to 19 digits on the front of the card.")
            .Require(r.ExpMonth is >= 1 and <= 12, "expMonth", "Choose the month the card expires (1 to 12).")
            .Require(r.ExpYear is { } y && y >= now.Year && y <= now.Year + 20, "expYear", "Choose the year the card expires, like " + (now.Year + 2) + ".")
            .Require(r.Cvc is { Length: 3 or 4 } cvc && cvc.All(char.IsAsciiDigit), "cvc", "Enter the 3 or 4 digit security code from the back of the card.");
        if (r.ExpMonth is >= 1 and <= 12 && r.ExpYear is { } year && year == now.Year && r.ExpMonth < now.Month) v.Add("expMonth", "This card has expired. Use another card.");
        return v;
    }

    public static CardInput? Card(ICardPayment r) =>
        r.PaymentMethodId is null ? new CardInput(CardNumbers.Normalize(r.CardNumber)!, r.ExpMonth!.Value, r.ExpYear!.Value, r.Cvc!) : null;

    public static string FailureCode(PaymentOutcome outcome) => outcome switch
    {
        PaymentOutcome.Declined => "CARD_DECLINED",
        PaymentOutcome.InsufficientFunds => "INSUFFICIENT_FUNDS",
        PaymentOutcome.ExpiredCard => "EXPIRED_CARD",
        PaymentOutcome.AuthenticationRequired => "AUTHENTICATION_REQUIRED",
        PaymentOutcome.Invalid => "PAYMENT_INVALID",
        _ => "PAYMENT_PROVIDER_ERROR",
    };
}
