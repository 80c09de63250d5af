using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Identity.Passwords;

/// <summary>PBKDF2-HMAC-SHA512, 210,000 iterations (OWASP 2023), 16-byte salt, 32-byte key: <c>pbkdf2-sha512$iterations$salt$key</c>.</summary>
internal static class PasswordHasher
{
    public const int Iterations = 210_000;
    private const string Prefix = "pbkdf2-sha512";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 32);
        return string.Join('$', Prefix, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>Constant-time check. <paramref name="needsRehash"/> is true when the stored hash uses fewer iterations than today's.</summary>
    public static bool Verify(string password, string stored, out bool needsRehash)
    {
        needsRehash = false;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        var ok = CryptographicOperations.FixedTimeEquals(actual, expected);
        needsRehash = ok && iterations < Iterations;
        return ok;
    }

    /// <summary>Spends the same time as a real check, so an unknown username is not told apart by timing.</summary>
    public static void VerifyDummy(string password) => Verify(password, DummyHash.Value, out _);

    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-password"));
}
