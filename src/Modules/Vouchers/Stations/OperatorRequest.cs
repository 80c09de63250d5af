namespace Ecosystem.Vouchers.Stations;

/// <summary>Binds a person to a station as its operator: by user id or by username.</summary>
public sealed record OperatorRequest(string? UserEcosystemId, string? Username);
