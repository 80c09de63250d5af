namespace Ecosystem.Identity.Users;

/// <summary>An admin creates an account with a first password (same rules as <c>ecosystem users add</c>).</summary>
public sealed record CreateUserRequest(string? Username, string? Email, string? DisplayName, string? Password, string[]? Roles);
