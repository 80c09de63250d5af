using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecosystem.Analytics.Customers;

/// <summary>Writes a <see cref="Customer360"/> as one JSON object, fields in order, values as the API always wrote them.</summary>
internal sealed class Customer360JsonConverter : JsonConverter<Customer360>
{
    public override Customer360 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Customer 360 is read-only.");

    public override void Write(Utf8JsonWriter writer, Customer360 value, JsonSerializerOptions options) => WriteObject(writer, value.Fields, options);

    private static void WriteObject(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>> fields, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName(name) ?? name);
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case long n: writer.WriteNumberValue(n); break;
                case int n: writer.WriteNumberValue(n); break;
                case DateTimeOffset t: JsonSerializer.Serialize(writer, t, options); break;
                case IReadOnlyList<KeyValuePair<string, object?>> nested: WriteObject(writer, nested, options); break;
                case IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> objects:
                    writer.WriteStartArray();
                    foreach (var item in objects) WriteObject(writer, item, options);
                    writer.WriteEndArray();
                    break;
                case JsonElement json: json.WriteTo(writer); break;
                case IReadOnlyList<string> list:
                    writer.WriteStartArray();
                    foreach (var item in list) writer.WriteStringValue(item);
                    writer.WriteEndArray();
                    break;
                default: throw new NotSupportedException($"A Customer 360 field of type {value.GetType()}.");
            }
        }

        writer.WriteEndObject();
    }
}
