using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>
/// <c>Campaigns:WhatsApp:*</c>. <c>Provider</c>: <c>simulated</c> (default) or <c>cloud</c>. The simulated WhatsApp's
/// rates (0 to 1) of messages delivered, read and failed (<c>DeliveredRate</c>, <c>ReadRate</c>, <c>FailedRate</c>);
/// the Cloud API's <c>BaseUrl</c>, <c>PhoneNumberId</c> and <c>AccessToken</c> (never logged).
/// </summary>
internal sealed record WhatsAppOptions
{
    public string Provider { get; init; } = "simulated";
    public double DeliveredRate { get; init; } = 0.95;
    public double ReadRate { get; init; } = 0.6;
    public double FailedRate { get; init; } = 0.02;
    public Uri BaseUrl { get; init; } = new("https://graph.facebook.com/v21.0/");
    public string? PhoneNumberId { get; init; }
    public string? AccessToken { get; init; }

    public static WhatsAppOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Campaigns:WhatsApp");
        double Rate(string key, double fallback) => double.TryParse(s[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 ? v : fallback;
        var baseUrl = s["BaseUrl"] is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : new Uri("https://graph.facebook.com/v21.0/");
        return new WhatsAppOptions
        {
            Provider = s["Provider"] is { Length: > 0 } p ? p.ToLowerInvariant() : "simulated",
            DeliveredRate = Rate("DeliveredRate", 0.95),
            ReadRate = Rate("ReadRate", 0.6),
            FailedRate = Rate("FailedRate", 0.02),
            BaseUrl = baseUrl,
            PhoneNumberId = s["PhoneNumberId"],
            AccessToken = s["AccessToken"],
        };
    }

    public override string ToString() => $"WhatsAppOptions {{ Provider = {Provider}, BaseUrl = {BaseUrl} }}";
}
