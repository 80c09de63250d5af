namespace Ecosystem.Marketplace.Profiles;

/// <summary>The caller in the marketplace: their buyer profile (with the wallet), and their vendor profile and wallet balance if they sell.</summary>
public sealed record MeResponse(string TenantId, BuyerResponse Buyer, VendorResponse? Vendor, long? VendorBalance, bool CanSell);
