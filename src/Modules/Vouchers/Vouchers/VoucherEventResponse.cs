namespace Ecosystem.Vouchers.Vouchers;

/// <summary>One step of a voucher's history.</summary>
public sealed record VoucherEventResponse(string EventId, string EventType, string? ActorId, string? StationId, string? Reason, DateTimeOffset CreatedAt);
