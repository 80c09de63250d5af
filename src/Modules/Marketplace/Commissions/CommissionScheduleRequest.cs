namespace Ecosystem.Marketplace.Commissions;

/// <summary>A new commission schedule: <c>category</c> (or <c>*</c> for every category), <c>rateBp</c> 0–10,000, <c>flatFee</c> in minor units of <c>currency</c>, in force from <c>effectiveFrom</c> (now when left out).</summary>
public sealed record CommissionScheduleRequest(string? Category, int? RateBp, long? FlatFee, string? Currency, DateTimeOffset? EffectiveFrom, string? Note);
