using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// How rows become bytes. JSON Lines: one compact object per line, camelCase, timestamps as UTC ISO 8601 with
/// microseconds (<c>2026-11-01T09:30:00.123456Z</c>), non-ASCII text unescaped. CSV: RFC 4180 (CRLF line ends; a field
/// with a comma, quote, CR or LF is quoted and its quotes doubled; null is an empty field).
/// </summary>
internal static class RowFormats
{
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static readonly string[] CustomerCsvColumns =
    [
        "userEcosystemId", "firstSeenAt", "lastSeenAt", "products", "creditCardStatus", "creditCardCurrentLimit", "creditCardAvailableLimit",
        "creditCardCurrency", "engagementScore", "lastNavigationAt", "lastTransactionAt", "countersEvents", "countersLogins", "countersNavigations",
        "countersPurchases", "countersApprovedPurchases",
    ];

    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("eventName");
    private static readonly JsonEncodedText OccurredAt = JsonEncodedText.Encode("occurredAt");
    private static readonly JsonEncodedText ReceivedAt = JsonEncodedText.Encode("receivedAt");
    private static readonly JsonEncodedText UserEcosystemId = JsonEncodedText.Encode("userEcosystemId");
    private static readonly JsonEncodedText AnonymousId = JsonEncodedText.Encode("anonymousId");
    private static readonly JsonEncodedText JourneyId = JsonEncodedText.Encode("journeyId");
    private static readonly JsonEncodedText Channel = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText ActorRole = JsonEncodedText.Encode("actorRole");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");

    public static byte[] CustomerCsvHeader() => Encoding.UTF8.GetBytes(string.Join(',', CustomerCsvColumns) + "\r\n");

    /// <summary>One event as one line of JSON; metadata and context stay JSON objects.</summary>
    public static void WriteEvent(Utf8JsonWriter json, IBufferWriter<byte> output, AnalyticsEvent e)
    {
        json.WriteStartObject();
        json.WriteString(EventId, e.EventId);
        json.WriteString(EventName, e.EventName);
        WriteTime(json, OccurredAt, e.OccurredAt);
        WriteTime(json, ReceivedAt, e.ReceivedAt);
        json.WriteString(UserEcosystemId, e.UserEcosystemId);
        json.WriteString(AnonymousId, e.AnonymousId);
        json.WriteString(JourneyId, e.JourneyId);
        json.WriteString(Channel, e.Channel);
        json.WriteString(ActorRole, e.ActorRole);
        json.WriteString(Source, e.Source);
        json.WritePropertyName(Metadata);
        WriteRawJson(json, e.Metadata);
        json.WritePropertyName(Context);
        if (e.Context is null) json.WriteNullValue();
        else WriteRawJson(json, e.Context);
        json.WriteEndObject();
        EndLine(json, output);
    }

    /// <summary>One Customer 360 row as one line of JSON, shaped like <c>GET /api/customers/{id}/360</c>.</summary>
    public static void WriteCustomerJson(Utf8JsonWriter json, IBufferWriter<byte> output, Customer360 c)
    {
        json.WriteStartObject();
        json.WriteString("userEcosystemId", c.UserEcosystemId);
        WriteTime(json, "firstSeenAt", c.FirstSeenAt);
        WriteTime(json, "lastSeenAt", c.LastSeenAt);
        json.WriteStartArray("products");
        foreach (var p in c.Products) json.WriteStringValue(p);
        json.WriteEndArray();
        json.WriteString("creditCardStatus", c.CreditCardStatus);
        WriteNumber(json, "creditCardCurrentLimit", c.CreditCardCurrentLimit);
        WriteNumber(json, "creditCardAvailableLimit", c.CreditCardAvailableLimit);
        json.WriteString("creditCardCurrency", c.CreditCardCurrency);
        json.WriteNumber("engagementScore", c.EngagementScore);
        WriteTime(json, "lastNavigationAt", c.LastNavigationAt);
        WriteTime(json, "lastTransactionAt", c.LastTransactionAt);
        json.WriteStartObject("counters");
        json.WriteNumber("events", c.Counters.Events);
        json.WriteNumber("logins", c.Counters.Logins);
        json.WriteNumber("navigations", c.Counters.Navigations);
        json.WriteNumber("purchases", c.Counters.Purchases);
        json.WriteNumber("approvedPurchases", c.Counters.ApprovedPurchases);
        json.WriteEndObject();
        json.WriteEndObject();
        EndLine(json, output);
    }

    /// <summary>One Customer 360 row as one CSV record in <see cref="CustomerCsvColumns"/> order; products joined with ';'.</summary>
    public static void WriteCustomerCsv(StringBuilder line, IBufferWriter<byte> output, Customer360 c)
    {
        line.Clear();
        string?[] fields =
        [
            c.UserEcosystemId, Time(c.FirstSeenAt), Time(c.LastSeenAt), string.Join(';', c.Products), c.CreditCardStatus,
            Number(c.CreditCardCurrentLimit), Number(c.CreditCardAvailableLimit), c.CreditCardCurrency, Number(c.EngagementScore),
            Time(c.LastNavigationAt), Time(c.LastTransactionAt), Number(c.Counters.Events), Number(c.Counters.Logins),
            Number(c.Counters.Navigations), Number(c.Counters.Purchases), Number(c.Counters.ApprovedPurchases),
        ];
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Append(',');
            AppendCsvField(line, fields[i]);
        }

        line.Append("\r\n");
        foreach (var chunk in line.GetChunks()) Encoding.UTF8.GetBytes(chunk.Span, output);
    }

    internal static void AppendCsvField(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static void EndLine(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.Flush();
        output.Write("\n"u8);
        json.Reset();
    }

    /// <summary>
    /// Stored JSON as a value. The stored text is the sender's own formatting; a line break in it (only possible as
    /// whitespace, since strings escape theirs) would split the line, so such values are re-serialised compactly.
    /// </summary>
    private static void WriteRawJson(Utf8JsonWriter json, string raw)
    {
        if (raw.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            json.WriteRawValue(raw);
            return;
        }

        using var doc = JsonDocument.Parse(raw);
        doc.RootElement.WriteTo(json);
    }

    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[32];
        json.WriteString(name, buffer[..FormatTime(value, buffer)]);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
            return;
        }

        Span<byte> buffer = stackalloc byte[32];
        json.WriteString(name, buffer[..FormatTime(value.Value, buffer)]);
    }

    private static int FormatTime(DateTimeOffset value, Span<byte> utf8)
    {
        value.UtcDateTime.TryFormat(utf8, out var written, LakePartition.TimestampFormat, CultureInfo.InvariantCulture);
        return written;
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteNumber(name, value.Value);
    }

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString(LakePartition.TimestampFormat, CultureInfo.InvariantCulture);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
