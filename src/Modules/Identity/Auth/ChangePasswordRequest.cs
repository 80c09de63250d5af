namespace Ecosystem.Identity.Auth;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
