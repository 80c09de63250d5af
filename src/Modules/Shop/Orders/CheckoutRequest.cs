using Ecosystem.Shop.Profiles;

namespace Ecosystem.Shop.Orders;

/// <summary>
/// Turns the cart into an order. <paramref name="Profile"/> saves invoice details on the way (needed once);
/// <paramref name="AcceptTerms"/> must be true unless the terms were accepted before. With
/// <paramref name="ExpectedTotal"/> (what the buyer saw), a different price now is 409 <c>PRICE_CHANGED</c>.
/// </summary>
public sealed record CheckoutRequest(ProfileRequest? Profile, bool? AcceptTerms, bool? MarketingConsent, long? ExpectedTotal, string? Note);

/// <summary>An admin's order for a client, outside checkout (<c>source: manual</c>).</summary>
/// <param name="Username">The client's username (or give <paramref name="UserEcosystemId"/>).</param>
public sealed record ManualOrderRequest(string? UserEcosystemId, string? Username, IReadOnlyList<Pricing.PriceItemRequest>? Items, string? Note);

/// <summary>An admin moves an order: <c>activate</c>, <c>complete</c>, <c>hold</c>, <c>resume</c> or <c>cancel</c>; hold and cancel need a reason.</summary>
public sealed record TransitionRequest(string? Action, string? Reason);
