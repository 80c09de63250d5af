namespace Ecosystem.Identity.Auth;

public sealed record MeResponse(string UserEcosystemId, string Username, string DisplayName, string Email, IReadOnlyList<string> Roles, string Status);
