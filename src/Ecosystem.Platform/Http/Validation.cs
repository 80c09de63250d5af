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
            if (required) Add(field, $"{field} is required.");
            return this;
        }

        if (value.Length > maxLength) Add(field, $"{field} must be at most {maxLength} characters.");
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) Add(field, $"{field} must not contain control characters.");
        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public Error ToError() => Error.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
