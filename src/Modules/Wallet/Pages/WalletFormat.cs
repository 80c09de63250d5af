using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Platform.Ui;

namespace Ecosystem.Wallet.Pages;

/// <summary>How the wallet's pages say money, owners, transaction types and statuses in words.</summary>
internal static class WalletFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Money(long minor, string currency) => new Money(minor, currency).ToString();

    /// <summary>A movement with its sign: “+25,000 RWF” for money in, “−3,000 RWF” for money out.</summary>
    public static string Signed(string direction, long minor, string currency) => (direction == "credit" ? "+" : "−") + Money(minor, currency);

    public static string DateTime(DateTimeOffset at) => at.ToString("d MMM yyyy, HH:mm", Inv) + " UTC";

    /// <summary>Day and time without the year, for a person's recent movements: “3 Dec, 17:20”.</summary>
    public static string Short(DateTimeOffset at) => at.ToString("d MMM, HH:mm", Inv);

    /// <summary>A card brand as people write it: “Visa”, “Mastercard”; “card” when unknown.</summary>
    public static string Brand(string? brand) => brand switch
    {
        null or "" => "card",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        _ => char.ToUpperInvariant(brand[0]) + brand[1..],
    };

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", Inv);

    public static string Type(string type) => type switch
    {
        "purchase" => "Purchase",
        "payout" => "Payout",
        "commission" => "Commission",
        "adjustment" => "Adjustment",
        "top-up" => "Top-up",
        "voucher-redemption" => "Voucher redemption",
        _ => type,
    };

    public static string OwnerType(string ownerType) => ownerType switch
    {
        "vendor" => "Vendor",
        "buyer" => "Buyer",
        "platform" => "Platform",
        "commission" => "Commission",
        "external" => "Outside world",
        _ => ownerType,
    };

    /// <summary>Who owns an account: the person's name when the owner is a person, else the owner's id.</summary>
    public static string Owner(string ownerId, IReadOnlyDictionary<string, KnownPerson> people) =>
        people.TryGetValue(ownerId, out var p) ? p.Name : ownerId;

    public static string StatusBadge(string status) => status switch
    {
        "posted" or "succeeded" or "paid" => "badge-ok",
        "pending" or "requested" or "sending" => "badge-warn",
        "voided" or "expired" or "failed" => "badge-bad",
        _ => "",
    };

    public static string Status(string status) => status switch
    {
        "posted" => "Posted",
        "pending" => "Held",
        "voided" => "Voided",
        "expired" => "Expired",
        "succeeded" => "Paid in",
        "failed" => "Failed",
        "requested" => "Requested",
        "sending" => "Sending",
        "paid" => "Paid out",
        _ => status,
    };

    /// <summary>Daily closing balances as a chart: one bar per day, the balance in major units.</summary>
    public static IReadOnlyList<ChartPoint> Points(IReadOnlyList<(DateOnly Day, long Balance)> days, string currency)
    {
        var scale = Math.Pow(10, Ecosystem.Platform.Money.DecimalsOf(currency));
        return [.. days.Select(d => new ChartPoint(d.Day.ToString("d MMM", Inv), d.Balance / scale, d.Day.ToString("d MMM yyyy", Inv) + ": " + Money(d.Balance, currency)))];
    }
}
