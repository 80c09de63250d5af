using System.Text.Json.Serialization;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// One person's Customer 360 as the API answers it: the fields in their declared order
/// (<see cref="Customer360Layout"/>), a value being a string, a number, a time, a list of strings, null or a nested
/// object (an ordered list of fields again). Analytics' own fields have properties; a module's are read by name,
/// dotted for nested ones (<c>counters.logins</c>).
/// </summary>
[JsonConverter(typeof(Customer360JsonConverter))]
public sealed class Customer360(IReadOnlyList<KeyValuePair<string, object?>> fields) : Ecosystem.Platform.ICustomer360Fields
{
    public IReadOnlyList<KeyValuePair<string, object?>> Fields { get; } = fields;

    public string UserEcosystemId => (string)this["userEcosystemId"]!;
    public DateTimeOffset FirstSeenAt => (DateTimeOffset)this["firstSeenAt"]!;
    public DateTimeOffset LastSeenAt => (DateTimeOffset)this["lastSeenAt"]!;
    public IReadOnlyList<string> Products => (IReadOnlyList<string>)this["products"]!;
    public int EngagementScore => (int)this["engagementScore"]!;
    public long EventCount => (long)this["counters.events"]!;

    /// <summary>The companies or accounts the person belongs to (Segment group calls), by group id: each with groupId, name, traits, firstSeenAt, lastSeenAt.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> Groups =>
        this["groups"] as IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> ?? [];

    /// <summary>A field of one object of a list such as <see cref="Groups"/>.</summary>
    public static object? FieldOf(IReadOnlyList<KeyValuePair<string, object?>> item, string name) => Find(item, name);

    /// <summary>A field's value by name (<c>a.b</c>: field b of object a); null when absent or null.</summary>
    public object? this[string name] => Find(Fields, name);

    public string? Text(string name) => this[name] as string;

    public long? Integer(string name) => this[name] is long n ? n : null;

    public DateTimeOffset? Time(string name) => this[name] is DateTimeOffset t ? t : null;

    private static object? Find(IReadOnlyList<KeyValuePair<string, object?>> fields, string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? name : name[..dot];
        foreach (var (key, value) in fields)
        {
            if (key != head) continue;
            if (dot < 0) return value;
            return value is IReadOnlyList<KeyValuePair<string, object?>> nested ? Find(nested, name[(dot + 1)..]) : null;
        }

        return null;
    }
}
