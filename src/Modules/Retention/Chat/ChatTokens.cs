using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Retention.Chat;

/// <summary>
/// The chat link's token: 32 random bytes (base64url, 43 characters). Only its SHA-256 is stored; the link is the
/// only copy. A token opens exactly one session and stops working when that session ends or its deadline passes.
/// </summary>
internal static class ChatTokens
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A cheap shape check before touching the database.</summary>
    public static bool LooksValid(string? token) => token is { Length: 43 } && Base64Url.IsValid(token);
}
