namespace Ecosystem.Vouchers.Stations;

/// <summary>A new station: its name, its unique engencode, the owner's phone number, where it is, and whether it is active.</summary>
public sealed record StationRequest(string? Name, string? Engencode, string? OwnerContact, double? Latitude, double? Longitude, string? Status);
