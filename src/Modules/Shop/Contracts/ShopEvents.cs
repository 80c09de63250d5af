namespace Ecosystem.Shop.Contracts;

/// <summary>
/// The events the Shop module publishes (product <see cref="Product"/>), named
/// <c>com.ecosystem.shop.{cart,order,payment,subscription}.{action}</c>. Those about a client carry the person's shop
/// totals after the change in <see cref="StateProperty"/> (<see cref="ShopEventState"/>), so Customer 360 shows them.
/// </summary>
public static class ShopEvents
{
    public const string Product = "shop";
    public const string StateProperty = "shop";

    public const string CartItemAdded = "com.ecosystem.shop.cart.item-added";
    public const string CartItemRemoved = "com.ecosystem.shop.cart.item-removed";
    public const string CartMerged = "com.ecosystem.shop.cart.merged";
    public const string OrderCreated = "com.ecosystem.shop.order.created";
    public const string OrderPaid = "com.ecosystem.shop.order.paid";
    public const string OrderActivated = "com.ecosystem.shop.order.activated";
    public const string OrderCompleted = "com.ecosystem.shop.order.completed";
    public const string OrderHeld = "com.ecosystem.shop.order.held";
    public const string OrderResumed = "com.ecosystem.shop.order.resumed";
    public const string OrderCanceled = "com.ecosystem.shop.order.canceled";
    public const string PaymentCaptured = "com.ecosystem.shop.payment.captured";
    public const string PaymentFailed = "com.ecosystem.shop.payment.failed";
    public const string PaymentRefunded = "com.ecosystem.shop.payment.refunded";
    public const string SubscriptionStarted = "com.ecosystem.shop.subscription.started";
    public const string SubscriptionRenewed = "com.ecosystem.shop.subscription.renewed";
    public const string SubscriptionPastDue = "com.ecosystem.shop.subscription.past-due";
    public const string SubscriptionCanceled = "com.ecosystem.shop.subscription.canceled";
}
