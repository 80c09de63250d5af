namespace Ecosystem.Platform.Payments;

/// <summary>Metadata keys the gateways put on the provider's objects, so a provider's webhook finds our records.</summary>
public static class PaymentMetadata
{
    /// <summary>Our customer reference on the provider's customer, setup and payment intents.</summary>
    public const string CustomerRef = "ecosystem_customer_ref";
}
