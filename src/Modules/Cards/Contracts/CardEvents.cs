namespace Ecosystem.Cards.Contracts;

/// <summary>
/// The events the Cards module publishes (product <see cref="Product"/>). Each carries the card's state after the
/// change in <see cref="StateProperty"/> (<see cref="CardEventState"/>).
/// </summary>
public static class CardEvents
{
    public const string Product = "credit-card";
    public const string StateProperty = "card";

    public const string OfferCreated = "com.ecosystem.credit-card.offer.created";
    public const string OfferViewed = "com.ecosystem.credit-card.offer.viewed";
    public const string OnboardingSigned = "com.ecosystem.credit-card.onboarding.signed";
    public const string PurchaseSimulated = "com.ecosystem.credit-card.purchase.simulated";
    public const string LimitRaised = "com.ecosystem.credit-card.limit.raised";
    public const string AccountReset = "com.ecosystem.credit-card.account.reset";
}
