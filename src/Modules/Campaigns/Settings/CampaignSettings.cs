using Ecosystem.Campaigns.Templates;
using Ecosystem.Platform.Settings;

namespace Ecosystem.Campaigns.Settings;

/// <summary>The seed's setting keys (seed 003 <c>settings</c>) as this module declares them, their defaults and checks, and typed reads.</summary>
internal sealed class CampaignSettings(SettingsService settings)
{
    public const string QuietHoursKey = "quiet_hours";
    public const string SendThrottleKey = "send_throttle";
    public const string OptOutListKey = "opt_out_list";
    public const string TemplatesKey = "templates";
    public const string RevolutLinkKey = "revolut_link";
    public const string DefaultBucket = "whatsapp";

    /// <summary>Countries the product knows the time zone of (quiet hours are in the country's own time).</summary>
    public static readonly IReadOnlyDictionary<string, string> TimeZones = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rw"] = "Africa/Kigali", ["mt"] = "Europe/Malta", ["ke"] = "Africa/Nairobi", ["ug"] = "Africa/Kampala", ["tz"] = "Africa/Dar_es_Salaam",
        ["bi"] = "Africa/Bujumbura", ["cd"] = "Africa/Lubumbashi", ["de"] = "Europe/Berlin", ["fr"] = "Europe/Paris", ["gb"] = "Europe/London",
        ["it"] = "Europe/Rome", ["us"] = "America/New_York", ["ng"] = "Africa/Lagos", ["za"] = "Africa/Johannesburg", ["gh"] = "Africa/Accra",
    };

    public Task<Dictionary<string, QuietHours>> QuietHoursAsync(CancellationToken ct) => settings.GetAsync<Dictionary<string, QuietHours>>(QuietHoursKey, ct);

    public Task<Dictionary<string, ThrottleBucket>> ThrottleAsync(CancellationToken ct) => settings.GetAsync<Dictionary<string, ThrottleBucket>>(SendThrottleKey, ct);

    public Task<List<string>> OptOutListAsync(CancellationToken ct) => settings.GetAsync<List<string>>(OptOutListKey, ct);

    public Task<List<MessageTemplate>> TemplatesAsync(CancellationToken ct) => settings.GetAsync<List<MessageTemplate>>(TemplatesKey, ct);

    public static IEnumerable<string> CheckQuietHours(Dictionary<string, QuietHours> value)
    {
        foreach (var (country, hours) in value)
        {
            if (country is null || !TimeZones.ContainsKey(country)) yield return $"\"{country}\" is not a country we know the time zone of (two lowercase letters, e.g. rw, mt; known: {string.Join(", ", TimeZones.Keys)}).";
            else if (hours is null || !QuietHours.TryParseTime(hours.Start, out _) || !QuietHours.TryParseTime(hours.End, out _)) yield return $"The quiet hours of \"{country}\" need a start and an end as HH:mm, e.g. 22:00 and 06:00.";
        }
    }

    public static IEnumerable<string> CheckThrottle(Dictionary<string, ThrottleBucket> value)
    {
        foreach (var (bucket, limits) in value)
        {
            if (limits is null || limits.PerMinute is < 1 or > 60_000) yield return $"The bucket \"{bucket}\" needs per_minute between 1 and 60,000.";
            else if (limits.UniqueRecipientsPerDay is < 1) yield return $"The bucket \"{bucket}\": unique recipients per day is at least 1 (leave it out for unlimited).";
            else if (limits.PerRecipientPerDay is < 1) yield return $"The bucket \"{bucket}\": messages per recipient per day is at least 1 (leave it out for no limit).";
        }
    }

    public static IEnumerable<string> CheckOptOutList(List<string> value)
    {
        if (value.Any(h => h is null || h.Length != 64 || !h.All(char.IsAsciiHexDigitLower))) yield return "Each entry is the SHA-256 of a number in E.164 form, as 64 lowercase hex digits, never the number itself.";
    }

    public static IEnumerable<string> CheckTemplates(List<MessageTemplate> value)
    {
        if (value.Any(t => t is null)) { yield return "A template can't be empty."; yield break; }
        foreach (var t in value)
        {
            if (string.IsNullOrWhiteSpace(t.Id) || t.Id.Length > 60 || !t.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) yield return "Each template needs an id of letters, digits, - and _ (at most 60).";
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > 120 || t.Name.Contains('\0')) yield return $"The template \"{t.Id}\" needs a name (at most 120 characters).";
            if (string.IsNullOrWhiteSpace(t.Language) || t.Language.Length > 10 || t.Language.Contains('\0')) yield return $"The template \"{t.Id}\" needs a language, e.g. en or rw.";
            if (t.Category is not ("marketing" or "utility")) yield return $"The template \"{t.Id}\" has category marketing or utility.";
            if (string.IsNullOrWhiteSpace(t.Body) || t.Body.Length > 1024 || t.Body.Contains('\0')) yield return $"The template \"{t.Id}\" needs a body of at most 1,024 characters.";
            else if (TemplateText.Problem(t.Body) is { } problem) yield return $"The template \"{t.Id}\": {problem}";
        }

        if (value.GroupBy(t => t.Id).Any(g => g.Count() > 1)) yield return "Two templates have the same id.";
    }

    public static IEnumerable<string> CheckRevolut(RevolutLink value)
    {
        if (value.Url is not { Length: > 0 } url || !url.StartsWith("https://", StringComparison.Ordinal) || url.Length > 300 || url.Contains('\0')) yield return "The link starts with https:// (e.g. https://revolut.me/easymo).";
    }
}
