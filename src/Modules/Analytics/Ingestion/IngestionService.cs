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

/// <summary>
/// Validates and normalises incoming events (ours and Segment's), applies the catalog policy and hands them to the
/// <see cref="IngestionWriter"/>. Limits: 2,500 events and 500 KB per request, 32 KB per event. Clock skew is
/// corrected the way Segment does: occurredAt = timestamp + (receivedAt − sentAt) when the sender gives sentAt.
/// </summary>
internal sealed partial class IngestionService(IngestionWriter writer, EventCatalog catalog, TimeProvider time, OperationContext op, IConfiguration configuration)
{
    public const int MaxEvents = 2_500;
    public const int MaxRequestBytes = 500 * 1024;
    public const int MaxEventBytes = 32 * 1024;
    private readonly TimeSpan maxAge = TimeSpan.FromDays(configuration.GetValue("Ecosystem:Analytics:MaxEventAgeDays", 30));
    private static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);

    /// <summary>Validates and stores the events; the identity links of the accepted ones (identify, alias) go with them.</summary>
    public async Task<BatchResult> IngestAsync(IReadOnlyList<RawEvent> raw, IngestCaller caller, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var accepted = new List<IncomingEvent>(raw.Count);
        List<IdentityLinkRequest>? links = null;
        var quarantine = new List<QuarantinedEvent>();
        var rejected = new List<RejectedEvent>();
        for (var i = 0; i < raw.Count; i++)
        {
            var outcome = Validate(raw[i], caller, now);
            switch (outcome)
            {
                case IncomingEvent e:
                    accepted.Add(e);
                    if (raw[i].Link is { } link) (links ??= []).Add(link);
                    break;
                case (string code, string reason, bool quarantinable):
                    if (quarantinable && caller.Policy == CatalogPolicy.Quarantine)
                    {
                        quarantine.Add(new QuarantinedEvent
                        {
                            Id = Ids.New("qev", time), WriteKeyId = caller.Source?.Id, ReceivedAt = now, EventName = Truncate(raw[i].EventName ?? "", 200),
                            Reason = Truncate(reason, 300), Payload = JsonSerializer.Serialize(new { raw[i].EventId, raw[i].EventName, raw[i].Timestamp, raw[i].UserEcosystemId, raw[i].AnonymousId, metadata = raw[i].Metadata.ValueKind == JsonValueKind.Undefined ? (JsonElement?)null : raw[i].Metadata }, Json.Options),
                        });
                    }
                    else
                    {
                        rejected.Add(new RejectedEvent(i, code, reason));
                    }

                    break;
            }
        }

        var stored = await writer.WriteAsync(new IngestWork(accepted, quarantine, links ?? []), ct).ConfigureAwait(false);
        return new BatchResult(accepted.Count, stored, quarantine.Count, rejected);
    }

    /// <summary>Server events from the outbox: already valid, stored as they are.</summary>
    public Task<int> IngestServerEventsAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var links = new List<IdentityLinkRequest>();
        var incoming = new List<IncomingEvent>(events.Count);
        foreach (var e in events)
        {
            incoming.Add(new IncomingEvent(e.EventId, e.EventName, e.OccurredAt, now, e.UserEcosystemId, null, e.JourneyId, e.Channel, e.ActorRole, "server", null, e.Metadata, null));
            if (e.EventName == IdentityEvents.LoggedIn && e.UserEcosystemId is not null && AnonymousIdOf(e.Metadata) is { } anonymousId)
            {
                links.Add(new IdentityLinkRequest(anonymousId, e.UserEcosystemId, e.OccurredAt));
            }
        }

        return writer.WriteAsync(new IngestWork(incoming, [], links), ct);
    }

    private object Validate(RawEvent e, IngestCaller caller, DateTimeOffset now)
    {
        if (e.Size > MaxEventBytes) return ("EVENT_TOO_LARGE", $"event is {e.Size} bytes; at most {MaxEventBytes}", false);
        if (e.Problem is { } problem) return ("VALIDATION_FAILED", problem, false);
        if (NotText(e) is { } field) return ("VALIDATION_FAILED", $"{field} must be a string", false);

        if (string.IsNullOrEmpty(e.EventName)) return ("VALIDATION_FAILED", "eventName is required", false);
        if (e.EventId is not null && !IdShape().IsMatch(e.EventId)) return ("VALIDATION_FAILED", "eventId must be 1-64 letters, digits, '_', '-', '.' or ':'", false);
        if (e.JourneyId is not null && !JourneyMiddleware.IsValid(e.JourneyId)) return ("VALIDATION_FAILED", "journeyId must be 8-64 letters, digits, '_' or '-'", false);
        if (e.AnonymousId is not null && (e.AnonymousId.Length is 0 or > 100 || e.AnonymousId.Any(char.IsControl))) return ("VALIDATION_FAILED", "anonymousId must be 1-100 printable characters", false);
        if (e.Channel is not null && !ChannelShape().IsMatch(e.Channel)) return ("VALIDATION_FAILED", "channel must be 1-32 lower-case letters, digits or '-'", false);
        if (e.Metadata.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null)) return ("VALIDATION_FAILED", "metadata must be a JSON object", false);
        if (e.Context.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null)) return ("VALIDATION_FAILED", "context must be a JSON object", false);

        string? user;
        if (caller.Source is null)
        {
            if (e.UserEcosystemId is not null && e.UserEcosystemId != caller.UserEcosystemId) return ("USER_MISMATCH", "a signed-in caller can only send their own events", false);
            user = caller.UserEcosystemId;
        }
        else
        {
            if (e.UserEcosystemId is not null && (e.UserEcosystemId.Length > 64 || e.UserEcosystemId.Any(char.IsControl))) return ("VALIDATION_FAILED", "userEcosystemId must be at most 64 printable characters", false);
            user = string.IsNullOrEmpty(e.UserEcosystemId) ? null : e.UserEcosystemId;
            if (user is null && e.AnonymousId is null) return ("MISSING_IDENTITY", "an event needs userEcosystemId (userId) or anonymousId", false);
        }

        if (!TryTime(e.Timestamp, out var timestamp)) return ("VALIDATION_FAILED", "occurredAt/timestamp must be an ISO 8601 date-time", false);
        if (!TryTime(e.SentAt, out var sentAt)) return ("VALIDATION_FAILED", "sentAt must be an ISO 8601 date-time", false);
        var occurred = timestamp ?? now;
        if (timestamp is not null && sentAt is not null) occurred = timestamp.Value + (now - sentAt.Value);
        occurred = new DateTimeOffset(occurred.UtcTicks - (occurred.UtcTicks % 10), TimeSpan.Zero);
        if (occurred > now + MaxFuture) return ("TIMESTAMP_IN_FUTURE", "occurredAt is more than 5 minutes in the future", false);
        if (occurred < now - maxAge) return ("TIMESTAMP_TOO_OLD", $"occurredAt is more than {maxAge.TotalDays:0} days old", false);

        if (!EventNames.IsValid(e.EventName)) return ("EVENT_NAME_INVALID", "eventName must match com.ecosystem.{domain}.{entity}[.{sub-entity}].{action}", true);
        var metadata = e.Metadata.ValueKind == JsonValueKind.Object ? e.Metadata : default;
        if (catalog.Check(e.EventName, metadata.ValueKind == JsonValueKind.Object ? metadata : EmptyObject) is { } notInCatalog)
        {
            return ("EVENT_NOT_IN_CATALOG", notInCatalog, true);
        }

        return new IncomingEvent(
            e.EventId ?? Ids.New("evt", time), e.EventName, occurred, now, user, e.AnonymousId, e.JourneyId ?? (caller.Source is null ? op.JourneyId : null),
            e.Channel ?? (caller.Source is null ? op.Channel : "server"), caller.Source is null ? caller.ActorRole : null, caller.Source is null ? "client" : "source",
            caller.Source?.Id, metadata.ValueKind == JsonValueKind.Object ? metadata.GetRawText() : "{}", e.Context.ValueKind == JsonValueKind.Object ? e.Context.GetRawText() : null);
    }

    /// <summary>The first field that was sent as something other than text (<see cref="EventParsing"/> marks those).</summary>
    private static string? NotText(RawEvent e) =>
        NotText(e.EventId) ? "eventId" : NotText(e.EventName) ? "eventName" : NotText(e.Timestamp) ? "timestamp" : NotText(e.SentAt) ? "sentAt"
        : NotText(e.JourneyId) ? "journeyId" : NotText(e.UserEcosystemId) ? "userEcosystemId" : NotText(e.AnonymousId) ? "anonymousId"
        : NotText(e.Channel) ? "channel" : null;

    private static bool NotText(string? value) => value is not null && value.StartsWith('\u0000');

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null) return true;
        if (IsoTime.TryParse(text, out var exact))
        {
            value = exact;
            return true;
        }

        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed.ToUniversalTime();
        return true;
    }

    private static string? AnonymousIdOf(string metadata)
    {
        using var doc = JsonDocument.Parse(metadata);
        return EventParsing.Str(doc.RootElement, "anonymousId") is { } a && !a.StartsWith('\u0000') ? a : null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelShape();
}
