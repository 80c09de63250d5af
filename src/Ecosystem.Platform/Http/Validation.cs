namespace Ecosystem.Platform.Http;

/// <summary>Collects field errors for a request and turns them into one 422 <c>VALIDATION_FAILED</c>.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validator Require(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public Validator Text(string? value, string field, int maxLength, bool required = true)
    {
        if (value is null || value.Trim().Length == 0)
        {
            if (required) Add(field, $"{Label(field)} is required.");
            return this;
        }

        if (value.Length > maxLength) Add(field, $"{Label(field)} can be at most {maxLength} characters.");
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) Add(field, $"{Label(field)} can't contain control characters.");
        return this;
    }

    /// <summary>A field's name as people read it in a message: <c>paymentMethod.displayName</c> is "Display name".</summary>
    public static string Label(string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        var words = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
        }

        return words.ToString();
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public Error ToError() => Error.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
