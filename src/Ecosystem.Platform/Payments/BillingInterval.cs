namespace Ecosystem.Platform.Payments;

/// <summary>How often a subscription renews.</summary>
public enum BillingInterval { Day, Week, Month, Year }
