namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>
/// Stripe's documented test cards and what the simulated gateway does with them (https://docs.stripe.com/testing).
/// Setup (saving the card): 4000 0000 0000 0002 declined, 9995 insufficient funds, 0069 expired, 0119 processing error;
/// any other Luhn-valid number is saved. Charges of a saved card: 4000 0000 0000 0341 is declined, 4000 0027 6000 3184
/// needs the customer's authentication (never possible off-session here); every other saved card is charged.
/// </summary>
public static class SimulatedCards
{
    public const string Success = "4242424242424242";
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string Expired = "4000000000000069";
    public const string ProcessingError = "4000000000000119";
    public const string SavesButChargesDecline = "4000000000000341";
    public const string ChargesNeedAuthentication = "4000002760003184";

    internal const string Approves = "approves";
    internal const string DeclinesCharges = "declines_charges";
    internal const string NeedsAuthentication = "needs_authentication";

    internal static string BehaviorOf(string number) => number switch
    {
        SavesButChargesDecline => DeclinesCharges,
        ChargesNeedAuthentication => NeedsAuthentication,
        _ => Approves,
    };
}
