namespace Ecosystem.Vouchers.Metrics;

/// <summary>Voucher metrics for the UTC days from <c>from</c> to <c>to</c>: per day, station and campaign, and the station leaderboard (all time).</summary>
public sealed record MetricsResponse(DateOnly From, DateOnly To, long Issued, long Sent, long Redeemed, IReadOnlyList<MetricsDay> Days, IReadOnlyList<StationActivity> Stations);

/// <summary>Issued, sent and redeemed vouchers of one day, station and campaign; the redeemed amount (RWF unless stated).</summary>
public sealed record MetricsDay(DateOnly Day, string? StationId, string? CampaignId, long Issued, long Sent, long Redeemed, long RedeemedAmount);

/// <summary>A station's redemptions (all time), their total and the last one.</summary>
public sealed record StationActivity(string StationId, string Name, string Status, long Redemptions, long RedeemedAmount, DateTimeOffset? LastRedeemedAt);
