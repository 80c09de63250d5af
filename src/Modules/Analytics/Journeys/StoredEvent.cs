using System.Globalization;
using System.Text.Json;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Analytics.Journeys;

public sealed record StoredEvent(
    string EventId, string EventName, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? UserEcosystemId, string? AnonymousId, string? JourneyId,
    string Channel, string? ActorRole, string Source, JsonElement Metadata, JsonElement? Context);
