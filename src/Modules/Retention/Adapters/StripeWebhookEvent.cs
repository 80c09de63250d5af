using System.Text.Json;

namespace Ecosystem.Retention.Adapters;

/// <summary>A verified Stripe event: what the webhook endpoint needs to act on it idempotently (by <see cref="Id"/>).</summary>
/// <param name="Id">The event id (<c>evt_…</c>): the idempotency key of the endpoint.</param>
/// <param name="Type">For example <c>setup_intent.succeeded</c>, <c>payment_method.attached</c>.</param>
/// <param name="Created">When Stripe created the event.</param>
/// <param name="LiveMode">False for test-mode keys.</param>
/// <param name="Object">A copy of <c>data.object</c> (the SetupIntent, PaymentMethod, …); an undefined element when absent.</param>
/// <param name="ObjectId"><c>data.object.id</c>, e.g. <c>seti_…</c>.</param>
/// <param name="ObjectType"><c>data.object.object</c>, e.g. <c>setup_intent</c>.</param>
internal sealed record StripeWebhookEvent(
    string Id, string Type, DateTimeOffset? Created, bool LiveMode, JsonElement Object, string? ObjectId, string? ObjectType)
{
    /// <summary>A string property of <c>data.object</c> (e.g. <c>customer</c>, <c>payment_method</c>, <c>status</c>), or null.</summary>
    public string? ObjectString(string property) =>
        Object.ValueKind == JsonValueKind.Object && Object.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()
            : null;

    /// <summary>A string in <c>data.object.metadata</c> (the gateway sets <c>ecosystem_customer_ref</c>), or null.</summary>
    public string? Metadata(string key) =>
        Object.ValueKind == JsonValueKind.Object && Object.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
