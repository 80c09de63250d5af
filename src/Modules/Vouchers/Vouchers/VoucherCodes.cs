using System.Security.Cryptography;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// Voucher codes: 5 characters from 31 that cannot be mistaken for each other (no 0/O, 1/I/L), drawn from a
/// cryptographic random source, so 31^5 = 28,629,151 codes. A code is never reused (the unique index covers every
/// voucher ever issued), so the remaining capacity is that minus the vouchers issued.
/// </summary>
internal static class VoucherCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 5;
    public static readonly long Capacity = (long)Math.Pow(Alphabet.Length, Length);

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as typed (any case, spaces and dashes ignored), or null when it cannot be a voucher code.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null || typed.Length > 20) return null;
        Span<char> code = stackalloc char[Length];
        var n = 0;
        foreach (var ch in typed)
        {
            if (ch is ' ' or '-') continue;
            var c = char.ToUpperInvariant(ch);
            if (n == Length || !Alphabet.Contains(c, StringComparison.Ordinal)) return null;
            code[n++] = c;
        }

        return n == Length ? new string(code) : null;
    }
}
