namespace Ecosystem.Platform.Payments;

/// <summary>How a gateway call ended, for a card setup, a charge, a refund or a subscription.</summary>
public enum PaymentOutcome
{
    Succeeded,
    /// <summary>The bank said no (generic decline, fraud suspicion, card not supported…).</summary>
    Declined,
    InsufficientFunds,
    ExpiredCard,
    /// <summary>The bank wants the customer to confirm (3-D Secure): an off-session charge cannot be completed.</summary>
    AuthenticationRequired,
    /// <summary>Something technical (the provider down or misconfigured, a timeout): the same request may be retried.</summary>
    ProcessingError,
    /// <summary>The request cannot be done as asked (refund more than was paid, unknown payment or subscription).</summary>
    Invalid,
}
