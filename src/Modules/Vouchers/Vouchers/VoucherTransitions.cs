namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// The one transition table: issued → sent → redeemed; issued | sent → expired (the seed lists issued → expired; a sent voucher past its expiry expires too, ADR 0027); issued | sent → void. Every state change
/// names its action here and is applied by a conditional update on the status it starts from.
/// </summary>
internal static class VoucherTransitions
{
    public const string Send = "send";
    public const string Redeem = "redeem";
    public const string Expire = "expire";
    public const string VoidAction = "void";

    private static readonly Dictionary<string, (string[] From, string To)> Table = new(StringComparer.Ordinal)
    {
        [Send] = ([VoucherStatus.Issued], VoucherStatus.Sent),
        [Redeem] = ([VoucherStatus.Sent], VoucherStatus.Redeemed),
        [Expire] = ([VoucherStatus.Issued, VoucherStatus.Sent], VoucherStatus.Expired),
        [VoidAction] = ([VoucherStatus.Issued, VoucherStatus.Sent], VoucherStatus.Void),
    };

    public static IReadOnlyList<string> From(string action) => Table[action].From;

    public static string To(string action) => Table[action].To;

    public static bool Allowed(string action, string status) => Table.TryGetValue(action, out var t) && t.From.Contains(status);
}
