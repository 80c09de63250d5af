using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>An event ready to store: validated, identified, timestamps corrected.</summary>
internal sealed record IncomingEvent(
    string EventId, string EventName, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? UserEcosystemId, string? AnonymousId,
    string? JourneyId, string Channel, string? ActorRole, string Source, string? WriteKeyId, string Metadata, string? Context);
