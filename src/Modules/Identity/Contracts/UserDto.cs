namespace Ecosystem.Identity.Contracts;

public sealed record UserDto(string UserEcosystemId, string Username, string Email, string DisplayName, IReadOnlyList<string> Roles, string Status, DateTimeOffset CreatedAt);
