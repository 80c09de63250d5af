using Ecosystem.Campaigns.Settings;

namespace Ecosystem.Campaigns.Campaigns;

/// <summary>
/// A campaign's metadata (seed: quiet hours override, throttle bucket): quiet hours that replace the setting's for the
/// countries named, the <c>send_throttle</c> bucket it draws from (<c>whatsapp</c> by default), the region numbers
/// without a country code are read in (e.g. <c>RW</c>), and free notes.
/// </summary>
public sealed record CampaignMetadata(
    Dictionary<string, QuietHours>? QuietHours = null,
    string? ThrottleBucket = null,
    string? DefaultRegion = null,
    string? Notes = null);
