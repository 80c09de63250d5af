namespace Ecosystem.Vouchers.Stations;

/// <summary>The station app's operator and the stations they work at.</summary>
public sealed record MyStationsResponse(string UserEcosystemId, IReadOnlyList<StationResponse> Stations);
