namespace Ecosystem.Vouchers.Stations;

/// <summary>A station; <c>ownerContact</c> only for those who manage vouchers; <c>distanceKm</c> when asked for stations near a place.</summary>
public sealed record StationResponse(
    string StationId, string Name, string Engencode, string? OwnerContact, double? Latitude, double? Longitude, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, double? DistanceKm);
