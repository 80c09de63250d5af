using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Cards.Accounts;

/// <summary>
/// What the card picture shows. The pre-approved card has no card number yet, so the face shows four digits that are
/// stable for the person (derived from their id), like a real card's last four, never a piece of the id itself.
/// </summary>
internal static class CardFace
{
    public static string LastFour(string userEcosystemId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(userEcosystemId));
        return (BinaryPrimitives.ReadUInt32BigEndian(hash) % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }
}
