namespace Ecosystem.Marketplace.Profiles;

/// <summary>An admin's correction of a vendor's ranking figures: rating 0–5 in hundredths (<c>470</c> is 4.7), fulfilment rate in basis points, average response in seconds, completed trips.</summary>
public sealed record VendorFiguresRequest(int? RatingCenti, int? FulfilmentBp, int? AvgResponseSeconds, int? Trips);
