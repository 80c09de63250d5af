namespace Ecosystem.Marketplace.Profiles;

/// <summary>A vendor as buyers and admins see them: rating out of 5, fulfilment rate in basis points, average response in seconds.</summary>
public sealed record VendorResponse(
    string UserEcosystemId, string DisplayName, string Region, IReadOnlyList<string> Categories, decimal Rating, int FulfilmentBp,
    int AvgResponseSeconds, int Trips, int Quotes, string WalletAccountId, string Currency, DateTimeOffset UpdatedAt);
