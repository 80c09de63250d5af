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

    /// <summary>The CSV header of these Customer 360 fields: nested names joined in camelCase (<c>counters.logins</c> → <c>countersLogins</c>).</summary>
    public static byte[] CustomerCsvHeader(IReadOnlyList<string> columns) => Encoding.UTF8.GetBytes(string.Join(',', columns.Select(CsvName)) + "\r\n");

    public static string CsvName(string field)
    {
        var parts = field.Split('.');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

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

    /// <summary>
    /// One Customer 360 row as one line of JSON, shaped like <c>GET /api/customers/{id}/360</c> with the fields of the
    /// export (<paramref name="columns"/>: state objects are left out, as in the CSV).
    /// </summary>
    public static void WriteCustomerJson(Utf8JsonWriter json, IBufferWriter<byte> output, Customer360 c, IReadOnlyList<string> columns)
    {
        var wanted = columns.ToHashSet(StringComparer.Ordinal);
        WriteFields(json, c.Fields, "", wanted);
        EndLine(json, output);
    }

    /// <summary>One Customer 360 row as one CSV record of <paramref name="columns"/>; products joined with ';'.</summary>
    public static void WriteCustomerCsv(StringBuilder line, IBufferWriter<byte> output, Customer360 c, IReadOnlyList<string> columns)
    {
        line.Clear();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) line.Append(',');
            AppendCsvField(line, c[columns[i]] switch
            {
                null => null,
                string text => text,
                long n => Number(n),
                int n => Number(n),
                DateTimeOffset t => Time(t),
                IReadOnlyList<string> list => string.Join(';', list),
                var other => throw new NotSupportedException($"A Customer 360 column of type {other.GetType()}."),
            });
        }

        line.Append("\r\n");
        foreach (var chunk in line.GetChunks()) Encoding.UTF8.GetBytes(chunk.Span, output);
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> fields, string prefix, HashSet<string> wanted)
    {
        json.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            var path = prefix + name;
            if (value is IReadOnlyList<KeyValuePair<string, object?>> nested)
            {
                if (!wanted.Any(w => w.StartsWith(path + ".", StringComparison.Ordinal))) continue;
                json.WritePropertyName(name);
                WriteFields(json, nested, path + ".", wanted);
                continue;
            }

            if (!wanted.Contains(path)) continue;
            switch (value)
            {
                case null: json.WriteNull(name); break;
                case string text: json.WriteString(name, text); break;
                case long n: json.WriteNumber(name, n); break;
                case int n: json.WriteNumber(name, n); break;
                case DateTimeOffset t: WriteTime(json, name, t); break;
                case IReadOnlyList<string> list:
                    json.WriteStartArray(name);
                    foreach (var item in list) json.WriteStringValue(item);
                    json.WriteEndArray();
                    break;
                default: throw new NotSupportedException($"A Customer 360 field of type {value.GetType()}.");
            }
        }

        json.WriteEndObject();
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
