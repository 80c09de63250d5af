namespace Ecosystem.Identity.Passwords;

/// <summary>
/// The rules for a new password (account creation, password change, admin reset): 12 to 256 characters, not the
/// username. Length is what matters (NIST SP 800-63B); there are no composition rules.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    public static void Check(Ecosystem.Platform.Http.Validator v, string field, string? password, string? username)
    {
        v.Text(password, field, MaxLength);
        if (password is null || password.Trim().Length == 0) return;
        v.Require(password.Length >= MinLength, field, $"The password must be at least {MinLength} characters.");
        v.Require(username is null || !string.Equals(password.Trim(), username.Trim(), StringComparison.OrdinalIgnoreCase), field, "The password can't be the username.");
    }
}
