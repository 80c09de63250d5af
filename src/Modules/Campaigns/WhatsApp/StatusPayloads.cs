using System.Text.Json;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>WhatsApp Cloud API notification bodies (<c>{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":…}]}]}</c>) as the simulator writes them.</summary>
internal static class StatusPayloads
{
    public static byte[] Statuses(IEnumerable<(string MessageId, string RecipientId, string Status, long Timestamp, string? ErrorCode)> statuses) =>
        Wrap(new
        {
            messaging_product = "whatsapp",
            statuses = statuses.Select(s => new
            {
                id = s.MessageId,
                recipient_id = s.RecipientId,
                status = s.Status,
                timestamp = s.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                errors = s.ErrorCode is null ? null : new[] { new { code = int.Parse(s.ErrorCode, System.Globalization.CultureInfo.InvariantCulture), title = "Message undeliverable" } },
            }).ToArray(),
        });

    public static byte[] Inbound(string messageId, string from, string text, long timestamp) =>
        Wrap(new
        {
            messaging_product = "whatsapp",
            messages = new[] { new { from, id = messageId, timestamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), type = "text", text = new { body = text } } },
        });

    private static byte[] Wrap(object value) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        @object = "whatsapp_business_account",
        entry = new[] { new { id = "simulated", changes = new[] { new { field = "messages", value } } } },
    }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
}
