using System.Globalization;
using Ecosystem.Platform;

namespace Ecosystem.Shop.Pages;

/// <summary>How the shop's pages say money, option prices, dates and statuses in words.</summary>
internal static class ShopFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Money(long minor, string currency) => new Money(minor, currency).ToString();

    /// <summary>A tax rate in basis points as people read it: 1900 → “19 %”.</summary>
    public static string Percent(long basisPoints) => (basisPoints / 100m).ToString("0.##", Inv) + " %";

    /// <summary>An option's price change: “+9.00 EUR”, “−2.00 EUR”, “+15 %”, or “included”.</summary>
    public static string Delta(string deltaType, long delta, string currency) =>
        delta == 0 ? "included"
        : deltaType == "percent" ? (delta > 0 ? "+" : "−") + Percent(Math.Abs(delta))
        : (delta > 0 ? "+" : "−") + Money(Math.Abs(delta), currency);

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", Inv);

    public static string DateTime(DateTimeOffset at) => at.ToString("d MMM yyyy, HH:mm", Inv) + " UTC";

    public static string Major(long minor, string currency) =>
        (minor / (decimal)Math.Pow(10, Ecosystem.Platform.Money.DecimalsOf(currency))).ToString("0.00", Inv);

    public static string OrderBadge(string status) => status switch
    {
        "pending" => "badge-warn",
        "processing" => "badge-brand",
        "active" or "completed" => "badge-ok",
        "on_hold" => "badge-warn",
        "canceled" => "badge-bad",
        _ => "",
    };

    public static string StatusWord(string status) => status switch
    {
        "pending" => "Awaiting payment",
        "processing" => "Paid, being set up",
        "active" => "Running",
        "completed" => "Completed",
        "on_hold" => "On hold",
        "canceled" => "Canceled",
        _ => status,
    };

    public static string SubscriptionBadge(string status) => status switch
    {
        "trialing" => "badge-brand",
        "active" => "badge-ok",
        "past_due" or "incomplete" => "badge-warn",
        _ => "badge-bad",
    };

    public static string SubscriptionWord(string status) => status switch
    {
        "trialing" => "Free trial",
        "active" => "Active",
        "past_due" => "Payment overdue",
        "canceled" => "Canceled",
        "incomplete" => "First payment failed",
        "incomplete_expired" => "Expired before the first payment",
        _ => status,
    };

    public static string Interval(string interval) => interval switch
    {
        "day" => "per day",
        "week" => "per week",
        "month" => "per month",
        "year" => "per year",
        _ => "per " + interval,
    };

    public static string ActionLabel(string action) => action switch
    {
        "activate" => "Start service (running)",
        "complete" => "Mark completed",
        "hold" => "Put on hold",
        "resume" => "Resume",
        "cancel" => "Cancel order",
        _ => action,
    };

    /// <summary>An order event in words: “Paid”, “Put on hold”, …</summary>
    public static string EventWord(string action) => action switch
    {
        "created" => "Order placed",
        "paid" => "Paid",
        "activated" => "Service started",
        "completed" => "Completed",
        "held" => "Put on hold",
        "resumed" => "Resumed",
        "canceled" => "Canceled",
        "refunded" => "Refunded",
        _ => char.ToUpperInvariant(action[0]) + action[1..].Replace('_', ' '),
    };

    /// <summary>“visa •••• 4242” as people write it: “Visa •••• 4242”.</summary>
    public static string Card(string card) => card.Length == 0 ? card : char.ToUpperInvariant(card[0]) + card[1..];

    public static string PaymentWord(string status) => status switch
    {
        "succeeded" => "Paid",
        "failed" => "Declined",
        "pending" => "Waiting",
        _ => status,
    };

    /// <summary>Common invoice countries first; any other ISO code is accepted too (shown as its code).</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Countries =
    [
        ("DE", "Germany"), ("AT", "Austria"), ("CH", "Switzerland"), ("BE", "Belgium"), ("BG", "Bulgaria"), ("HR", "Croatia"), ("CY", "Cyprus"),
        ("CZ", "Czechia"), ("DK", "Denmark"), ("EE", "Estonia"), ("FI", "Finland"), ("FR", "France"), ("GR", "Greece"), ("HU", "Hungary"),
        ("IE", "Ireland"), ("IT", "Italy"), ("LV", "Latvia"), ("LT", "Lithuania"), ("LU", "Luxembourg"), ("MT", "Malta"), ("NL", "Netherlands"),
        ("NO", "Norway"), ("PL", "Poland"), ("PT", "Portugal"), ("RO", "Romania"), ("SK", "Slovakia"), ("SI", "Slovenia"), ("ES", "Spain"),
        ("SE", "Sweden"), ("GB", "United Kingdom"), ("US", "United States"), ("CA", "Canada"), ("AU", "Australia"),
    ];
}
