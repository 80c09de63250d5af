using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Catalog;

public sealed record QuarantineEntry(string Id, string? WriteKeyId, DateTimeOffset ReceivedAt, string EventName, string Reason, string Payload);
