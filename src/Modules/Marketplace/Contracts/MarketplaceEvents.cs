namespace Ecosystem.Marketplace.Contracts;

/// <summary>The events the Marketplace module publishes, named <c>com.ecosystem.marketplace.{entity}.{action}</c>.</summary>
public static class MarketplaceEvents
{
    /// <summary>The product these events belong to (Customer 360, the event catalog).</summary>
    public const string Product = "marketplace";

    /// <summary>The metadata property in which a buyer's events carry their marketplace totals.</summary>
    public const string StateProperty = "marketplace";

    public const string VendorSaved = "com.ecosystem.marketplace.vendor.saved";
    public const string BuyerSaved = "com.ecosystem.marketplace.buyer.saved";
    public const string IntentCreated = "com.ecosystem.marketplace.intent.created";
    public const string IntentCancelled = "com.ecosystem.marketplace.intent.cancelled";
    public const string IntentExpired = "com.ecosystem.marketplace.intent.expired";
    public const string QuoteCreated = "com.ecosystem.marketplace.quote.created";
    public const string QuoteAccepted = "com.ecosystem.marketplace.quote.accepted";
    public const string PurchaseCompleted = "com.ecosystem.marketplace.purchase.completed";
    public const string PurchaseCancelled = "com.ecosystem.marketplace.purchase.cancelled";
    public const string PurchaseFailed = "com.ecosystem.marketplace.purchase.failed";
    public const string CommissionScheduleCreated = "com.ecosystem.marketplace.commission-schedule.created";
}
