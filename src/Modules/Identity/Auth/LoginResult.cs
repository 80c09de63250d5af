namespace Ecosystem.Identity.Auth;

public sealed record LoginResult(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, MeResponse User);
