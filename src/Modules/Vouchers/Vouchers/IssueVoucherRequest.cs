using System.Text.Json;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// A voucher to issue: the holder, the amount in minor units of the currency (RWF, the default, has none), optionally
/// the only station where it can be redeemed, a campaign, an expiry, the holder's phone number and metadata.
/// </summary>
public sealed record IssueVoucherRequest(
    string? UserEcosystemId, long? Amount, string? Currency, string? StationScope, DateTimeOffset? ExpiresAt, string? CampaignId, string? Phone, JsonElement? Metadata);
