namespace Ecosystem.Identity.Sessions;

/// <summary>What a valid session resolves to.</summary>
internal sealed record ValidSession(string Id, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string UserEcosystemId, string Username, string DisplayName, string RolesText);
