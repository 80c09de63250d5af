using System.Text.Json;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// One event as a client or source sends it, read leniently from JSON so one bad event never fails the rest.
/// <paramref name="Problem"/>: why the call is invalid as a whole (a Segment alias without previousId), so it is rejected
/// with that reason. <paramref name="Link"/>: the identity link the call asks for (identify, alias), applied only when the
/// event is accepted.
/// </summary>
internal sealed record RawEvent(
    string? EventId, string? EventName, string? Timestamp, string? SentAt, string? JourneyId, string? UserEcosystemId, string? AnonymousId,
    JsonElement Metadata, JsonElement Context, string? Channel, int Size, string? Problem = null, IdentityLinkRequest? Link = null);
