namespace Ecosystem.Vouchers.Stations;

/// <summary>An operator bound to a station.</summary>
public sealed record OperatorResponse(string StationId, string UserEcosystemId, string Username, string BoundBy, DateTimeOffset BoundAt);
