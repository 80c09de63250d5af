namespace Ecosystem.Platform;

/// <summary>An expected business failure: a stable machine code, the HTTP status it maps to, and a human message.</summary>
public sealed record Error(string Code, int Status, string Message)
{
    public IReadOnlyDictionary<string, string[]>? Fields { get; init; }

    /// <summary>For 429 and 503: how long the caller should wait; endpoints send it as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error NotFound(string code, string message) => new(code, 404, message);
    public static Error Conflict(string code, string message) => new(code, 409, message);
    public static Error Unprocessable(string code, string message) => new(code, 422, message);
    public static Error Forbidden(string code, string message) => new(code, 403, message);

    public static Error Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new("VALIDATION_FAILED", 422, "One or more fields are invalid.") { Fields = fields };
}

/// <summary>Either a value or an <see cref="Error"/>. Handlers return this; endpoints map it to HTTP.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error) { Value = value; Error = error; }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
