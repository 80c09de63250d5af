namespace Ecosystem.Shop.Profiles;

/// <summary>The client's details for invoices and delivery. Fields left out keep their value (on the first save the required ones must be given).</summary>
/// <param name="Country">ISO 3166 two-letter code of the invoice address, like DE.</param>
/// <param name="VatId">For businesses; checked against the format of the address's country.</param>
/// <param name="InstagramHandle">The account the services grow, with or without @.</param>
public sealed record ProfileRequest(
    string? FullName, string? Company, string? VatId, string? AddressLine1, string? AddressLine2, string? PostalCode, string? City, string? Country,
    string? PreferredCurrency, string? InstagramHandle, ConsentRequest? Consents);

/// <summary>Consents to give (true) or withdraw (false); left out, unchanged.</summary>
/// <param name="Terms">The terms of service and the processing needed to deliver the order (required to buy).</param>
/// <param name="Marketing">News and offers by e-mail.</param>
/// <param name="Insights">Reading the Instagram account's statistics to report growth.</param>
public sealed record ConsentRequest(bool? Terms, bool? Marketing, bool? Insights);
