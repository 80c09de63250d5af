namespace Ecosystem.Shop.Profiles;

public sealed record ProfileResponse(
    string UserEcosystemId, string FullName, string? Company, string? VatId, string AddressLine1, string? AddressLine2, string PostalCode, string City, string Country,
    string PreferredCurrency, string? InstagramHandle, ConsentsResponse Consents, SavedCardResponse? Card, bool CompleteForInvoice);

public sealed record ConsentsResponse(ConsentResponse Terms, ConsentResponse Marketing, ConsentResponse Insights);

/// <param name="Given">Whether the consent holds now.</param>
public sealed record ConsentResponse(bool Given, DateTimeOffset? GivenAt, DateTimeOffset? WithdrawnAt);

/// <summary>The card on file: brand, last four and expiry only.</summary>
public sealed record SavedCardResponse(string Brand, string Last4, int ExpMonth, int ExpYear);
