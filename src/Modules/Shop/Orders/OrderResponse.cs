using Ecosystem.Shop.Pricing;

namespace Ecosystem.Shop.Orders;

/// <summary>An order as the API shows it (amounts in minor units of <see cref="Currency"/>).</summary>
/// <param name="Status"><c>pending</c>, <c>processing</c>, <c>active</c>, <c>completed</c>, <c>on_hold</c> or <c>canceled</c>.</param>
/// <param name="StatusLabel">The status in words.</param>
/// <param name="Source"><c>checkout</c> or <c>manual</c> (an admin created it for the client).</param>
public sealed record OrderResponse(
    string OrderNumber, string UserEcosystemId, string Status, string StatusLabel, string Source, long Subtotal, long Tax, long Total, string Currency,
    long AmountPaid, long AmountRefunded, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, string? Note, IReadOnlyList<OrderItemResponse> Items,
    BillingDetails Billing, IReadOnlyList<OrderEventResponse> Timeline, IReadOnlyList<PaymentSummary> Payments, IReadOnlyList<string> AllowedActions);

public sealed record OrderItemResponse(string Id, string Title, int Quantity, long Net, long Tax, long Total, string? InstagramHandle, PricedLine Price);

/// <summary>The client's invoice details as they were when the order was placed.</summary>
public sealed record BillingDetails(string? FullName, string? Company, string? VatId, string? AddressLine1, string? AddressLine2, string? PostalCode, string? City, string? Country, string? Email);

public sealed record OrderEventResponse(string Action, string? From, string? To, string ActorId, string? Reason, DateTimeOffset At);

/// <param name="Status"><c>succeeded</c> or <c>failed</c>.</param>
public sealed record PaymentSummary(string Id, string Provider, long Amount, string Currency, string Status, string? FailureCode, string? FailureMessage, long Refunded, string? Card, DateTimeOffset CreatedAt);

/// <summary>An order in a list.</summary>
public sealed record OrderSummary(string OrderNumber, string UserEcosystemId, string Status, string StatusLabel, string Source, long Total, string Currency, long AmountPaid, int Items, DateTimeOffset CreatedAt);

/// <summary>What checkout answers: the new order.</summary>
public sealed record CheckoutResponse(string OrderNumber, string Status, long Total, string Currency);
