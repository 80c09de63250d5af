namespace Ecosystem.Analytics.Catalog;

public sealed record QuarantineEntry(string Id, string? WriteKeyId, DateTimeOffset ReceivedAt, string EventName, string Reason, string Payload);
