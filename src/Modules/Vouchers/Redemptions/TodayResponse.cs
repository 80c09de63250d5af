namespace Ecosystem.Vouchers.Redemptions;

/// <summary>Today's redemptions at the operator's stations (UTC day) and their total per currency.</summary>
public sealed record TodayResponse(DateOnly Day, int Count, IReadOnlyList<TodayTotal> Totals, IReadOnlyList<TodayRedemption> Redemptions);

/// <summary>A currency's total of today's redemptions.</summary>
public sealed record TodayTotal(string Currency, long Amount);

/// <summary>One of today's redemptions.</summary>
public sealed record TodayRedemption(string VoucherId, string Code, long Amount, string Currency, string StationId, DateTimeOffset RedeemedAt);
