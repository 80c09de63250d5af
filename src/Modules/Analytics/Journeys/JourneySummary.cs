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

public sealed record JourneySummary(string JourneyId, string? UserEcosystemId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int EventCount, string FirstEventName, string LastEventName);
