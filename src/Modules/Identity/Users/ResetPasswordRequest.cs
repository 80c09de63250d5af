namespace Ecosystem.Identity.Users;

public sealed record ResetPasswordRequest(string? NewPassword);
