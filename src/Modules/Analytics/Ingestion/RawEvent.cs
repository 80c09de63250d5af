using System.Text.Json;
using System.Text.RegularExpressions;
using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>One event as a client or source sends it, read leniently from JSON so one bad event never fails the rest.</summary>
internal sealed record RawEvent(
    string? EventId, string? EventName, string? Timestamp, string? SentAt, string? JourneyId, string? UserEcosystemId, string? AnonymousId,
    JsonElement Metadata, JsonElement Context, string? Channel, int Size);
