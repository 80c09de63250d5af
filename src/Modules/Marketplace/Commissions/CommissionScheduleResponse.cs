namespace Ecosystem.Marketplace.Commissions;

/// <summary>A commission schedule; <c>inForce</c> tells whether it is the one that applies now to its category and currency.</summary>
public sealed record CommissionScheduleResponse(string ScheduleId, string Category, int RateBp, long FlatFee, string Currency, DateTimeOffset EffectiveFrom, string? Note, DateTimeOffset CreatedAt, bool InForce, bool Upcoming);
