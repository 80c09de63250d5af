using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Campaigns.Contracts;

/// <summary>How a phone number is kept where the seed says "hashes, never numbers": SHA-256 of its E.164 form, lowercase hex.</summary>
public static class PhoneHash
{
    public static string Of(string e164) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e164)));
}
