using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Identity.Sessions;

/// <summary>Opaque, random session tokens; only their SHA-256 is stored.</summary>
internal static class SessionTokens
{
    public static string NewToken() => "eco_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
