namespace Ecosystem.Identity.Auth;

public sealed record LoginRequest(string? Username, string? Password);
