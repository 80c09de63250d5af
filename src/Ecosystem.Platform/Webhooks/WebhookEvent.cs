using System.Text.Json;

namespace Ecosystem.Platform.Webhooks;

/// <summary>A verified provider event as a subscriber receives it.</summary>
/// <param name="DeliveryId">The inbox's id of the delivery (<c>whk_…</c>).</param>
/// <param name="Provider">e.g. <c>stripe</c>, <c>whatsapp</c>.</param>
/// <param name="EventId">The provider's event id: what a subscriber may store as its external reference.</param>
/// <param name="Payload">The body parsed as JSON (an undefined element when the body is not JSON).</param>
public sealed record WebhookEvent(string DeliveryId, string Provider, string EventId, string? EventType, DateTimeOffset ReceivedAt, JsonElement Payload);
